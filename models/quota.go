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

// TableName is explicit: GORM's inflection makes "quota" its own plural.
func (AccountQuota) TableName() string { return "account_quotas" }

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

// Limit returns the actor's custom-image quota in one region. (Its use is the
// Custom images tab's count, which the Images page has already.)
func (s *QuotaStore) Limit(ctx context.Context, actor Actor, region string) (int, error) {
	limit, err := quotaFor(s.db.WithContext(ctx), actor.AccountID, region)
	if err != nil {
		return 0, fmt.Errorf("quota: %w", err)
	}
	return limit, nil
}

// Region returns the actor's quota use in one region.
func (s *QuotaStore) Region(ctx context.Context, actor Actor, region string) (RegionQuota, error) {
	q := RegionQuota{Region: region}
	db := s.db.WithContext(ctx)
	var used int64
	if err := db.Model(&Image{}).Where("owner_account_id = ? AND region_id = ?", actor.AccountID, region).Count(&used).Error; err != nil {
		return q, fmt.Errorf("quota use: %w", err)
	}
	limit, err := quotaFor(db, actor.AccountID, region)
	if err != nil {
		return q, fmt.Errorf("quota: %w", err)
	}
	q.Used, q.Limit = int(used), limit
	return q, nil
}
