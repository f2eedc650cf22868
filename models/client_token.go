package models

import (
	"context"
	"fmt"
	"time"
)

// clientTokenTTL is how long an action's first result is kept for retries
// sent with the same ClientToken.
const clientTokenTTL = 24 * time.Hour

// clientToken is a row of client_tokens.
type clientToken struct {
	AccountID string `gorm:"primaryKey"`
	Action    string `gorm:"primaryKey"`
	Token     string `gorm:"primaryKey"`
	Result    string
	CreatedAt time.Time
}

func (clientToken) TableName() string { return "client_tokens" }

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
