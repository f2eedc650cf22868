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

// requireNormal applies R13: only NORMAL images can be shared, copied,
// launched from or used to reinstall. field names the form input the
// refusal belongs to ("" for none).
func requireNormal(img Image, field string) *Error {
	if img.State == ImageNormal {
		return nil
	}
	msg := Msg("image.not_normal", Msg("state."+img.State))
	e := &Error{Kind: ErrInvalid, Code: "InvalidParameterValue.InvalidImageState", Msg: msg}
	if field != "" {
		e.Fields = []FieldError{{field, msg}}
	}
	return e
}

// deleteRefusal applies R6 to the owner's image: not while it is being made
// or copied, and not while it has live shares. recipients, when known, are
// named in the message so the owner knows whom to cancel.
func deleteRefusal(img Image, live int, recipients ...string) *Error {
	switch {
	case img.Busy():
		return &Error{Kind: ErrConflict, Code: "InvalidImageId.IncorrectState", Msg: Msg("image.delete_busy")}
	case live > 0 && len(recipients) > 0:
		return &Error{Kind: ErrConflict, Code: "InvalidImageId.InShared",
			Msg: Msg("image.delete_shared", live, strings.Join(recipients, ", "))}
	case live > 0:
		return &Error{Kind: ErrConflict, Code: "InvalidImageId.InShared", Msg: Msg("image.delete_shared_count", live)}
	}
	return nil
}

// cancelRefusal: cancelling needs a live share to cancel.
func cancelRefusal(live int) *Error {
	if live > 0 {
		return nil
	}
	return invalid("MissingParameter", FieldError{"accounts", Msg("share.none_to_cancel")})
}

// checkNameFree applies the uniqueness half of R16: one name per owner and
// region. except names an image allowed to hold it (the one being renamed).
// An image in the recycle bin holds no name (R23).
func checkNameFree(tx *gorm.DB, owner, region, name, except string) error {
	var n int64
	err := tx.Model(&Image{}).Where(notBinned).Where("owner_account_id = ? AND region_id = ? AND name = ? AND id <> ?",
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

// checkQuota refuses to add n custom images to an account's region beyond its
// quota (R3). Call it after lockAccount, in the transaction that inserts.
func checkQuota(tx *gorm.DB, accountID, region string, n int) error {
	q, err := regionQuota(tx, accountID, region)
	if err != nil {
		return err
	}
	if q.Used+n > q.Limit {
		msg := Msg("image.quota_exceeded", regionKey(region), q.Used, q.Limit)
		if q.Binned > 0 {
			msg = Msg("image.quota_exceeded_binned", regionKey(region), q.Used, q.Limit, Msg("bin.quota_note", q.Binned))
		}
		return &Error{Kind: ErrInvalid, Code: "ImageQuotaLimitExceeded", Msg: msg}
	}
	return nil
}

// regionKey is a region's translatable display name, as a message argument.
func regionKey(region string) Message { return Msg("region." + region) }
