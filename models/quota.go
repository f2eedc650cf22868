package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
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
	// Binned counts the images of Used that wait in the recycle bin (R23):
	// they hold their place until purged.
	Binned int
}

// QuotaStore reads quotas.
type QuotaStore struct{ db *DB }

// NewQuotaStore returns the quota store.
func NewQuotaStore(db *DB) *QuotaStore { return &QuotaStore{db: db} }

// quotas is the one count of R3: an account's use and limit in the given
// regions, in region order. Use counts the account's own custom images
// (images shared with it never count; those in its recycle bin do, until
// purged: R23); the limit is the default or an admin's override. One
// statement.
func quotas(tx *gorm.DB, accountID string, regions []string) ([]RegionQuota, error) {
	var rows []struct {
		Region string
		Used   int
		Lim    int
		Binned int
	}
	region := gorm.Expr("r.id")
	err := tx.Raw(`SELECT r.id AS region, (?) AS used, (?) AS binned, ? AS lim FROM regions r WHERE r.id IN ? ORDER BY r.position`,
		quotaUsed(tx, accountID, region), quotaBinned(tx, accountID, region), quotaLimit(tx, accountID, region), regions).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("quotas: %w", err)
	}
	out := make([]RegionQuota, len(rows))
	for i, r := range rows {
		out[i] = RegionQuota{Region: r.Region, Used: r.Used, Limit: r.Lim, Binned: r.Binned}
	}
	return out, nil
}

// quotaUsed is R3's use as a subquery: the account's own custom images in a
// region (a value, or an expression such as r.id), those in its recycle bin
// included until purged (R23).
func quotaUsed(db *gorm.DB, accountID string, region any) *gorm.DB {
	return ownImages(db, accountID, region).Where("images.purged_at IS NULL")
}

// quotaBinned counts the images of quotaUsed that wait in the recycle bin.
func quotaBinned(db *gorm.DB, accountID string, region any) *gorm.DB {
	return ownImages(db, accountID, region).Where(inBin)
}

func ownImages(db *gorm.DB, accountID string, region any) *gorm.DB {
	return db.Session(&gorm.Session{NewDB: true}).Table("images").Select("COUNT(*)").
		Where("images.owner_account_id = ? AND images.region_id = ?", accountID, region)
}

// quotaLimit is R3's limit as an expression: an admin's override for the
// account in the region, or the default.
func quotaLimit(db *gorm.DB, accountID string, region any) clause.Expr {
	override := db.Session(&gorm.Session{NewDB: true}).Table("account_quotas q").Select("q.image_quota").
		Where("q.account_id = ? AND q.region_id = ?", accountID, region)
	return gorm.Expr("COALESCE((?), ?)", override, DefaultImageQuota)
}

func regionQuota(tx *gorm.DB, accountID, region string) (RegionQuota, error) {
	q, err := quotas(tx, accountID, []string{region})
	if err != nil {
		return RegionQuota{Region: region}, err
	}
	if len(q) == 0 {
		return RegionQuota{Region: region}, fmt.Errorf("quota: unknown region %q", region)
	}
	return q[0], nil
}

// Regions returns the actor's quota use in every region, in region order.
func (s *QuotaStore) Regions(ctx context.Context, actor Actor) ([]RegionQuota, error) {
	return quotas(s.db.reader(ctx), actor.AccountID, RegionIDs)
}

// Region returns the actor's quota use in one region.
func (s *QuotaStore) Region(ctx context.Context, actor Actor, region string) (RegionQuota, error) {
	return regionQuota(s.db.reader(ctx), actor.AccountID, region)
}
