package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The share dialog checks each account as the owner types (R14), showing
// whether it exists and its name: owners must see whom they are about to
// share with, but unthrottled that names any account, 40 in 28 ms. So each
// user may look up lookupLimit accounts per lookupWindow, counted in the
// database (the limit holds across replicas), and a check that looks up
// bulkLookup new accounts or more is audited.
const (
	lookupLimit  = 300
	lookupWindow = time.Minute
	bulkLookup   = 20
)

// AccountLookup is one account a user looked up, kept for lookupWindow.
type AccountLookup struct {
	UserID    int64  `gorm:"primaryKey;autoIncrement:false"`
	AccountID string `gorm:"primaryKey"`
	At        time.Time
}

// chargeLookups counts a check's accounts against the actor's budget and
// returns how many were new. Each well-formed account ID but the actor's own
// counts once per window, however often it is checked again (the dialog
// re-checks the whole list at each keystroke); malformed ones name no
// account. Over the budget it refuses, and the caller's rollback charges
// nothing. The user's row is locked so that checks arriving together count
// one after the other (SQLite's write lock already does that).
func chargeLookups(tx *gorm.DB, actor Actor, ids []string, now time.Time) (int, error) {
	if tx.Dialector.Name() == "postgres" {
		var id int64
		if err := tx.Model(&User{}).Select("id").Where("id = ?", actor.UserID).Clauses(forUpdate()).Scan(&id).Error; err != nil {
			return 0, fmt.Errorf("lock user: %w", err)
		}
	}
	if err := tx.Where("user_id = ? AND at <= ?", actor.UserID, now.Add(-lookupWindow)).Delete(&AccountLookup{}).Error; err != nil {
		return 0, err
	}
	var rows []AccountLookup
	for _, id := range ids {
		if ValidAccountID(id) && id != actor.AccountID {
			rows = append(rows, AccountLookup{UserID: actor.UserID, AccountID: id, At: now})
		}
	}
	if len(rows) == 0 {
		return 0, nil
	}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows)
	if res.Error != nil {
		return 0, res.Error
	}
	var n int64
	if err := tx.Model(&AccountLookup{}).Where("user_id = ?", actor.UserID).Count(&n).Error; err != nil {
		return 0, err
	}
	if n > lookupLimit {
		return 0, &Error{Kind: ErrLimited, Code: "RequestLimitExceeded", Msg: Msg("share.lookup_limited", lookupLimit)}
	}
	return int(res.RowsAffected), nil
}
