package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Overview is the platform's size, for the admin landing page.
type Overview struct {
	ActiveAccounts, DisabledAccounts, Users int64
	CustomImages, ActiveShares              int64
	PendingReview                           int64 // shares waiting for an admin (R17)
}

// pendingReviewCount counts the shares waiting for review (an index keeps
// it cheap: the admin's header shows it on every page).
const pendingReviewCount = "SELECT COUNT(*) FROM shares WHERE status = 'pending'"

// AdminStore answers platform-wide questions; only admins may ask them.
type AdminStore struct{ db *DB }

// NewAdminStore returns the admin store.
func NewAdminStore(db *DB) *AdminStore { return &AdminStore{db: db} }

// Overview counts accounts, users, custom images and active shares. A member
// gets ErrNotFound: admin data does not exist for them.
func (s *AdminStore) Overview(ctx context.Context, actor Actor) (Overview, error) {
	var o Overview
	if !actor.Admin {
		return o, notFound("ResourceNotFound", Msg("error.not_found"))
	}
	db := s.db.WithContext(ctx)
	queries := []*gorm.DB{
		db.Model(&Account{}).Where("status = ?", AccountActive).Count(&o.ActiveAccounts),
		db.Model(&Account{}).Where("status = ?", AccountDisabled).Count(&o.DisabledAccounts),
		db.Model(&User{}).Count(&o.Users),
		db.Model(&Image{}).Where(notBinned).Where("owner_account_id IS NOT NULL").Count(&o.CustomImages),
		db.Model(&Share{}).Where("status = ?", ShareActive).Count(&o.ActiveShares),
		db.Model(&Share{}).Where("status = ?", SharePending).Count(&o.PendingReview),
	}
	for _, q := range queries {
		if q.Error != nil {
			return o, fmt.Errorf("admin overview: %w", q.Error)
		}
	}
	return o, nil
}
