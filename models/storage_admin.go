package models

import (
	"context"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AccountByteQuota caps the bytes an account's images may hold (optional).
type AccountByteQuota struct {
	AccountID string `gorm:"primaryKey"`
	MaxBytes  int64
}

// RegionUsage is what a region's storage holds: each content once.
type RegionUsage struct {
	RegionID string
	Bytes    int64
	Objects  int64
}

// AccountUsage is what an account's images hold, each image counted in
// full (what the account would hold on its own), and its byte quota.
type AccountUsage struct {
	AccountID string
	Name      string
	Bytes     int64
	Images    int64
	Quota     int64 // 0: none
}

// StorageUsage is the admin's view of storage.
type StorageUsage struct {
	Regions  []RegionUsage
	Accounts []AccountUsage
	Import   ImportSettings
}

// StorageUsage reports storage per region and per account (admins only).
func (s *AdminStore) StorageUsage(ctx context.Context, actor Actor) (StorageUsage, error) {
	var out StorageUsage
	if err := requireAdmin(actor); err != nil {
		return out, err
	}
	err := s.db.view(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&Blob{}).Select("region_id, SUM(size) AS bytes, COUNT(*) AS objects").
			Where("refs > 0").Group("region_id").Order("region_id").Scan(&out.Regions).Error; err != nil {
			return err
		}
		err := tx.Table("accounts").
			Select("accounts.id AS account_id, accounts.name, COALESCE(SUM(images.content_bytes), 0) AS bytes, " +
				"COUNT(images.id) AS images, COALESCE(MAX(account_byte_quotas.max_bytes), 0) AS quota").
			Joins("LEFT JOIN images ON images.owner_account_id = accounts.id AND images.content_sha256 <> ''").
			Joins("LEFT JOIN account_byte_quotas ON account_byte_quotas.account_id = accounts.id").
			Group("accounts.id, accounts.name").
			Having("COUNT(images.id) > 0 OR COALESCE(MAX(account_byte_quotas.max_bytes), 0) > 0").
			Order("bytes DESC, accounts.id").Limit(200).Scan(&out.Accounts).Error
		if err != nil {
			return err
		}
		out.Import, err = importSettings(tx)
		return err
	})
	return out, wrap("storage usage", err)
}

// SetByteQuota sets an account's byte quota (0 removes it). Existing images
// stay; new imports, uploads and copies past it are refused.
func (s *AdminStore) SetByteQuota(ctx context.Context, actor Actor, accountID string, maxBytes int64) error {
	err := s.db.change(ctx, actor, "admin.byte_quota", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = accountID, strconv.FormatInt(maxBytes, 10)
		if err := requireAdmin(actor); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&Account{}).Where("id = ?", accountID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return invalid("InvalidAccountId.NotFound", FieldError{"account", Msg("account.not_found", accountID)})
		}
		if maxBytes < 0 {
			return invalid("InvalidParameterValue", FieldError{"max_bytes", Msg("storage.quota_range")})
		}
		if maxBytes == 0 {
			return tx.Where("account_id = ?", accountID).Delete(&AccountByteQuota{}).Error
		}
		return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "account_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"max_bytes"})}).
			Create(&AccountByteQuota{AccountID: accountID, MaxBytes: maxBytes}).Error
	})
	return wrap("set byte quota", err)
}

// checkByteQuota refuses adding bytes to an account past its byte quota:
// what its images hold, plus what is on its way, plus adding. Call it with
// the account locked (lockAccount).
func checkByteQuota(tx *gorm.DB, accountID string, adding int64) error {
	used, quota, ok, err := byteUsage(tx, accountID, "")
	if err != nil || !ok {
		return err
	}
	if used+adding > quota || (adding == 0 && used >= quota) {
		return &Error{Kind: ErrInvalid, Code: "LimitExceeded.ImageStorageQuota", Msg: Msg("storage.quota_exceeded", used, quota),
			Fields: []FieldError{{"file", Msg("storage.quota_exceeded", used, quota)}}}
	}
	return nil
}

// byteUsage is what an account's images hold or are receiving, leaving out
// the image except (an import measuring its own room), and its byte quota;
// ok is false when the account has none.
func byteUsage(tx *gorm.DB, accountID, except string) (used, quota int64, ok bool, err error) {
	var quotas []int64
	if err := tx.Model(&AccountByteQuota{}).Where("account_id = ?", accountID).Pluck("max_bytes", &quotas).Error; err != nil {
		return 0, 0, false, err
	}
	if len(quotas) == 0 {
		return 0, 0, false, nil
	}
	err = tx.Model(&Image{}).Select("COALESCE(SUM(CASE WHEN content_sha256 <> '' THEN content_bytes ELSE transfer_total END), 0)").
		Where("owner_account_id = ? AND id <> ?", accountID, except).Scan(&used).Error
	return used, quotas[0], true, err
}

// TableName: one row per account, like the table's other names.
func (AccountByteQuota) TableName() string { return "account_byte_quotas" }
