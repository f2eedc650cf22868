package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// A ClientToken makes a request idempotent (the CVM reference's RunInstances
// takes one): a retry with the same token returns the first result instead
// of acting again, across replicas. Tokens are per account and action, at
// most 64 printable ASCII characters, and kept a day.
const (
	maxClientToken = 64
	clientTokenTTL = 24 * time.Hour
)

// clientToken is a row of client_tokens.
type clientToken struct {
	AccountID string `gorm:"primaryKey"`
	Action    string `gorm:"primaryKey"`
	Token     string `gorm:"primaryKey"`
	Result    string
	CreatedAt time.Time
}

func (clientToken) TableName() string { return "client_tokens" }

// checkClientToken validates a token given with a request ("" is none).
func checkClientToken(token string) *FieldError {
	if len(token) > maxClientToken || strings.ContainsFunc(token, func(r rune) bool { return r < ' ' || r > '~' }) {
		return &FieldError{"client_token", Msg("api.client_token_invalid", maxClientToken)}
	}
	return nil
}

// claimClientToken takes an account's token for an action in the caller's
// transaction. It returns the result stored by the change that took it first
// and true, or "" and false when this change is the first: the caller then
// acts and stores its result (storeClientToken) in the same transaction, so
// the token exists if and only if the change commits. Two changes racing
// with one token (on any replicas) are serialised by the primary key: the
// later one waits for the first to commit and reads its result.
func claimClientToken(tx *gorm.DB, accountID, action, token string) (string, bool, error) {
	row := clientToken{AccountID: accountID, Action: action, Token: token, CreatedAt: time.Now().UTC()}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil || res.RowsAffected == 1 {
		return "", false, res.Error
	}
	var first clientToken
	err := tx.Where("account_id = ? AND action = ? AND token = ?", accountID, action, token).Take(&first).Error
	return first.Result, err == nil, err
}

// storeClientToken records the result of the change that took a token.
func storeClientToken(tx *gorm.DB, accountID, action, token, result string) error {
	return tx.Model(&clientToken{}).Where("account_id = ? AND action = ? AND token = ?", accountID, action, token).
		Update("result", result).Error
}

// pruneClientTokens deletes the tokens past their day, looking first on the
// read pool so an idle worker takes no write lock.
func pruneClientTokens(ctx context.Context, db *DB, now time.Time) error {
	cutoff := now.Add(-clientTokenTTL)
	var due []string
	if err := db.reader(ctx).Model(&clientToken{}).Where("created_at < ?", cutoff).Limit(1).Pluck("token", &due).Error; err != nil {
		return fmt.Errorf("old client tokens: %w", err)
	}
	if len(due) == 0 {
		return nil
	}
	if err := db.WithContext(ctx).Where("created_at < ?", cutoff).Delete(&clientToken{}).Error; err != nil {
		return fmt.Errorf("prune client tokens: %w", err)
	}
	return nil
}
