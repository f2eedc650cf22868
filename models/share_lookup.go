package models

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The share dialog checks each account as the owner types (R14), showing
// whether it exists and its name: owners must see whom they are about to
// share with, but unthrottled that names any account, 40 in 28 ms. So each
// user may look up lookupLimit accounts per lookupWindow, and a check that
// looks up bulkLookup new accounts or more is audited.
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

// chargeLookups counts the accounts a check looks up against the actor's
// budget: each well-formed account ID but the actor's own counts once per
// window, however often it is checked again (the dialog re-checks the whole
// list at each keystroke); malformed ones name no account. Over the budget
// it refuses and charges nothing. Refusals and bulk look-ups are audited.
//
// Where the count lives depends on the database. Replicas share PostgreSQL
// (SPEC 6), whose writes do not hold up reads: there it is the
// account_lookups table, counted under a lock on the user's row so checks
// arriving together count one after the other on every replica. SQLite
// serves one process, and its writes queue behind any writer, which a check
// must not (SPEC 9: no read-only request waits for a writer): there the
// count is that process's own, in memory.
func (s *ShareStore) chargeLookups(ctx context.Context, actor Actor, imageID string, ids []string) error {
	var fresh []string
	for _, id := range ids {
		if ValidAccountID(id) && id != actor.AccountID && !slices.Contains(fresh, id) {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	var added int
	var err error
	if s.db.Dialect == Postgres {
		added, err = s.chargeShared(ctx, actor.UserID, fresh)
	} else {
		added, err = s.lookups.charge(actor.UserID, fresh, s.now())
	}
	ev := newEvent(ctx, actor, "share.lookup")
	ev.Resource = imageID
	if de, ok := AsError(err); ok {
		ev.Outcome = de.Code
		s.db.recordEvent(ctx, ev)
	} else if err == nil && added >= bulkLookup {
		ev.Outcome, ev.Detail = OutcomeOK, fmt.Sprintf("%d accounts", added)
		s.db.recordEvent(ctx, ev)
	}
	return err
}

func lookupsExceeded() error {
	return &Error{Kind: ErrLimited, Code: "RequestLimitExceeded", Msg: Msg("share.lookup_limited", lookupLimit)}
}

// chargeShared counts look-ups in the account_lookups table and returns how
// many were new.
func (s *ShareStore) chargeShared(ctx context.Context, userID int64, ids []string) (int, error) {
	now := s.now()
	var added int
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var id int64
		if err := tx.Model(&User{}).Select("id").Where("id = ?", userID).Clauses(forUpdate()).Scan(&id).Error; err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		if err := tx.Where("user_id = ? AND at <= ?", userID, now.Add(-lookupWindow)).Delete(&AccountLookup{}).Error; err != nil {
			return err
		}
		rows := make([]AccountLookup, len(ids))
		for i, id := range ids {
			rows[i] = AccountLookup{UserID: userID, AccountID: id, At: now}
		}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows)
		if res.Error != nil {
			return res.Error
		}
		var n int64
		if err := tx.Model(&AccountLookup{}).Where("user_id = ?", userID).Count(&n).Error; err != nil {
			return err
		}
		if n > lookupLimit {
			return lookupsExceeded()
		}
		added = int(res.RowsAffected)
		return nil
	})
	return added, err
}

// lookupLedger is the count of a process that owns its database (SQLite):
// the accounts each user looked up, and when, within the window.
type lookupLedger struct {
	mu   sync.Mutex
	seen map[int64]map[string]time.Time
}

// charge adds the new ids to the user's count and returns how many were
// new, or refuses (adding none) past the limit.
func (l *lookupLedger) charge(userID int64, ids []string, now time.Time) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[int64]map[string]time.Time{}
	}
	seen := l.seen[userID]
	for id, at := range seen {
		if !at.After(now.Add(-lookupWindow)) {
			delete(seen, id)
		}
	}
	var fresh []string
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			fresh = append(fresh, id)
		}
	}
	if len(seen)+len(fresh) > lookupLimit {
		return 0, lookupsExceeded()
	}
	if seen == nil {
		seen = map[string]time.Time{}
		l.seen[userID] = seen
	}
	for _, id := range fresh {
		seen[id] = now
	}
	return len(fresh), nil
}
