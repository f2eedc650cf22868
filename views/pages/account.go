package pages

import "time"

// PasswordFormID is the change-password form, swapped on validation errors.
const PasswordFormID = "password-form"

// AccountView is the Account page.
type AccountView struct {
	AccountID   string
	AccountName string
	Username    string
	Role        string
	Quotas      []QuotaRow
	Password    PasswordForm
	Events      []AuditRow // the latest changes in the account
	Keys        []KeyRow
	NewKey      *NewKey // just created: its SecretKey is shown this once
	Place       *Place  // the account's organization and unit (R25); nil: none
}

// KeyRow is one API key, without its secret.
type KeyRow struct {
	SecretID   string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// NewKey is a key just created, with the SecretKey shown once.
type NewKey struct{ SecretID, SecretKey string }

// QuotaRow is the custom-image quota use of one region.
type QuotaRow struct {
	Region              string
	Used, Limit, Binned int
}

// Percent is the share of the quota used, for the bar.
func (q QuotaRow) Percent() int {
	if q.Limit <= 0 {
		return 100
	}
	return min(100, q.Used*100/q.Limit)
}

// PasswordForm carries the change-password form's errors (values are never
// echoed back: they are passwords).
type PasswordForm struct {
	CurrentError, NewError, ConfirmError string
	MustChange                           bool
	// HasKeys offers to delete the user's API keys with the change.
	HasKeys bool
}
