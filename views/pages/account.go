package pages

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
}

// QuotaRow is the custom-image quota use of one region.
type QuotaRow struct {
	Region      string
	Used, Limit int
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
}
