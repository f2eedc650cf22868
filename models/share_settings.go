package models

import (
	"strconv"

	"gorm.io/gorm"
)

// Recipient consent (R19): whether a new share reaches its recipient at
// once or is offered for it to accept.
const (
	AcceptanceAutomatic = "automatic"
	AcceptanceRequired  = "required"
)

// Days before a time-bound share ends that its recipient is warned (R20).
const (
	DefaultExpiryNoticeDays = 3
	MaxExpiryNoticeDays     = 30
)

const (
	settingAcceptance       = "share_acceptance"
	settingExpiryNoticeDays = "share_expiry_notice_days"
)

// shareAcceptance returns R19's setting.
func shareAcceptance(tx *gorm.DB) (string, error) {
	v, err := setting(tx, settingAcceptance)
	if err != nil || v != AcceptanceRequired {
		return AcceptanceAutomatic, err
	}
	return AcceptanceRequired, nil
}

// expiryNoticeDays returns how many days ahead R20 warns recipients.
func expiryNoticeDays(tx *gorm.DB) (int, error) {
	return daysSetting(tx, settingExpiryNoticeDays, DefaultExpiryNoticeDays, MaxExpiryNoticeDays)
}

// lifecycleSettings checks the share lifecycle's settings of an admin's
// change and returns them to store, or the field errors.
func lifecycleSettings(in Settings) (map[string]string, []FieldError) {
	var fields []FieldError
	if in.Acceptance != AcceptanceAutomatic && in.Acceptance != AcceptanceRequired {
		fields = append(fields, FieldError{"acceptance", Msg("admin.acceptance_invalid")})
	}
	if in.ExpiryNoticeDays < 0 || in.ExpiryNoticeDays > MaxExpiryNoticeDays {
		fields = append(fields, FieldError{"expiry_notice_days", Msg("admin.expiry_notice_range")})
	}
	return map[string]string{settingAcceptance: in.Acceptance,
		settingExpiryNoticeDays: strconv.Itoa(in.ExpiryNoticeDays)}, fields
}

// readLifecycleSettings fills the share lifecycle's settings in force.
func readLifecycleSettings(tx *gorm.DB, out *Settings) error {
	var err error
	if out.Acceptance, err = shareAcceptance(tx); err != nil {
		return err
	}
	if out.ExpiryNoticeDays, err = expiryNoticeDays(tx); err != nil {
		return err
	}
	out.BinRetentionDays, err = binRetentionDays(tx)
	return err
}
