package models

import (
	"context"
	"fmt"
)

// DefaultImageQuota is each account's custom-image quota per region (R3).
const DefaultImageQuota = 10

// AccountQuota overrides the default quota of one account in one region.
type AccountQuota struct {
	AccountID  string `gorm:"primaryKey"`
	RegionID   string `gorm:"primaryKey"`
	ImageQuota int
}

// RegionQuota is the custom-image use of an account in one region. Only the
// account's own images count; images shared with it never do (R3).
type RegionQuota struct {
	Region string
	Used   int
	Limit  int
}

// QuotaStore reads quotas.
type QuotaStore struct{ db *DB }

// NewQuotaStore returns the quota store.
func NewQuotaStore(db *DB) *QuotaStore { return &QuotaStore{db: db} }

// Regions returns the actor's quota use in every region, in region order, in
// two queries.
func (s *QuotaStore) Regions(ctx context.Context, actor Actor) ([]RegionQuota, error) {
	var used []struct {
		RegionID string
		N        int
	}
	err := s.db.WithContext(ctx).Table("images").Select("region_id, COUNT(*) AS n").
		Where("owner_account_id = ?", actor.AccountID).Group("region_id").Scan(&used).Error
	if err != nil {
		return nil, fmt.Errorf("quota use: %w", err)
	}
	var overrides []AccountQuota
	if err := s.db.WithContext(ctx).Where("account_id = ?", actor.AccountID).Find(&overrides).Error; err != nil {
		return nil, fmt.Errorf("quota overrides: %w", err)
	}
	out := make([]RegionQuota, len(RegionIDs))
	for i, r := range RegionIDs {
		out[i] = RegionQuota{Region: r, Limit: DefaultImageQuota}
		for _, u := range used {
			if u.RegionID == r {
				out[i].Used = u.N
			}
		}
		for _, o := range overrides {
			if o.RegionID == r {
				out[i].Limit = o.ImageQuota
			}
		}
	}
	return out, nil
}
