package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
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

// quotaUse is the one count of R3: an account's own custom images per
// region (images shared with it never count), for the given regions.
func quotaUse(tx *gorm.DB, accountID string, regions []string) (map[string]int, error) {
	var rows []struct {
		RegionID string
		N        int
	}
	err := tx.Table("images").Select("region_id, COUNT(*) AS n").
		Where("owner_account_id = ? AND region_id IN ?", accountID, regions).Group("region_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("quota use: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.RegionID] = r.N
	}
	return out, nil
}

// quotaLimits returns an account's custom-image quota in the given regions:
// the default, or an admin's override (R3).
func quotaLimits(tx *gorm.DB, accountID string, regions []string) (map[string]int, error) {
	var overrides []AccountQuota
	if err := tx.Where("account_id = ? AND region_id IN ?", accountID, regions).Find(&overrides).Error; err != nil {
		return nil, fmt.Errorf("quota overrides: %w", err)
	}
	out := make(map[string]int, len(regions))
	for _, r := range regions {
		out[r] = DefaultImageQuota
	}
	for _, o := range overrides {
		out[o.RegionID] = o.ImageQuota
	}
	return out, nil
}

// quotas returns an account's use and limit in the given regions, in order.
func quotas(tx *gorm.DB, accountID string, regions []string) ([]RegionQuota, error) {
	used, err := quotaUse(tx, accountID, regions)
	if err != nil {
		return nil, err
	}
	limits, err := quotaLimits(tx, accountID, regions)
	if err != nil {
		return nil, err
	}
	out := make([]RegionQuota, len(regions))
	for i, r := range regions {
		out[i] = RegionQuota{Region: r, Used: used[r], Limit: limits[r]}
	}
	return out, nil
}

func regionQuota(tx *gorm.DB, accountID, region string) (RegionQuota, error) {
	q, err := quotas(tx, accountID, []string{region})
	if err != nil {
		return RegionQuota{Region: region}, err
	}
	return q[0], nil
}

// Regions returns the actor's quota use in every region, in region order, in
// two queries.
func (s *QuotaStore) Regions(ctx context.Context, actor Actor) ([]RegionQuota, error) {
	return quotas(s.db.reader(ctx), actor.AccountID, RegionIDs)
}

// Region returns the actor's quota use in one region.
func (s *QuotaStore) Region(ctx context.Context, actor Actor, region string) (RegionQuota, error) {
	return regionQuota(s.db.reader(ctx), actor.AccountID, region)
}
