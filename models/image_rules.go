package models

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

const (
	maxImageName        = 60
	maxImageDescription = 256
)

// checkImageName applies R16 to a name already trimmed: 1-60 characters, no
// control characters.
func checkImageName(name string) *Error {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return invalid("InvalidParameterValue", FieldError{"name", Msg("validation.required")})
	case n > maxImageName:
		return invalid("InvalidParameterValue.TooLarge", FieldError{"name", Msg("validation.too_long", maxImageName)})
	case hasControl(name):
		return invalid("InvalidParameterValue", FieldError{"name", Msg("validation.control_chars")})
	}
	return nil
}

// checkImageDescription applies R16 to a description: at most 256 characters,
// no control characters but line breaks (descriptions are prose).
func checkImageDescription(desc string) *Error {
	if utf8.RuneCountInString(desc) > maxImageDescription {
		return invalid("InvalidParameterValue.TooLarge", FieldError{"description", Msg("validation.too_long", maxImageDescription)})
	}
	if strings.ContainsFunc(desc, func(r rune) bool { return r != '\n' && r != '\r' && hasControl(string(r)) }) {
		return invalid("InvalidParameterValue", FieldError{"description", Msg("validation.control_chars")})
	}
	return nil
}

// checkImageText applies R16 to a name and a description together: every bad
// field gets its message, and the code is the first failure's (so a name too
// long is InvalidParameterValue.TooLarge, as the API promises).
func checkImageText(name, desc string) *Error {
	var out *Error
	for _, e := range []*Error{checkImageName(name), checkImageDescription(desc)} {
		if e == nil {
			continue
		}
		if out == nil {
			out = invalid(e.Code, e.Fields...)
		} else {
			out.Fields = append(out.Fields, e.Fields...)
		}
	}
	return out
}

// checkNameFree applies the uniqueness half of R16: one name per owner and
// region. except names an image allowed to hold it (the one being renamed).
func checkNameFree(tx *gorm.DB, owner, region, name, except string) error {
	var n int64
	err := tx.Model(&Image{}).Where("owner_account_id = ? AND region_id = ? AND name = ? AND id <> ?",
		owner, region, name, except).Count(&n).Error
	if err != nil {
		return err
	}
	if n > 0 {
		return invalid("InvalidImageName.Duplicate", FieldError{"name", Msg("image.name_taken", name, regionKey(region))})
	}
	return nil
}

// lockAccount serialises the writes of one account that check a limit first
// (quota, name uniqueness): FOR UPDATE on PostgreSQL; on SQLite every write
// transaction already holds the database's write lock (BEGIN IMMEDIATE).
func lockAccount(tx *gorm.DB, accountID string) error {
	q := tx.Model(&Account{}).Select("id").Where("id = ?", accountID)
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(forUpdate())
	}
	var id string
	if err := q.Scan(&id).Error; err != nil {
		return fmt.Errorf("lock account: %w", err)
	}
	if id == "" {
		return errors.New("lock account: account vanished")
	}
	return nil
}

// QuotaFor returns an account's custom-image quota in a region (R3).
func quotaFor(tx *gorm.DB, accountID, region string) (int, error) {
	var limits []int
	err := tx.Model(&AccountQuota{}).Where("account_id = ? AND region_id = ?", accountID, region).
		Pluck("image_quota", &limits).Error
	if err != nil {
		return 0, err
	}
	if len(limits) > 0 {
		return limits[0], nil
	}
	return DefaultImageQuota, nil
}

// checkQuota refuses to add n custom images to an account's region beyond its
// quota (R3). Only the account's own images count, never images shared with
// it. Call it after lockAccount, in the transaction that inserts.
func checkQuota(tx *gorm.DB, accountID, region string, n int) error {
	limit, err := quotaFor(tx, accountID, region)
	if err != nil {
		return err
	}
	var used int64
	if err := tx.Model(&Image{}).Where("owner_account_id = ? AND region_id = ?", accountID, region).Count(&used).Error; err != nil {
		return err
	}
	if int(used)+n > limit {
		return &Error{Kind: ErrInvalid, Code: "ImageQuotaLimitExceeded",
			Msg: Msg("image.quota_exceeded", regionKey(region), int(used), limit)}
	}
	return nil
}

// regionKey is a region's translatable display name, as a message argument.
func regionKey(region string) Message { return Msg("region." + region) }
