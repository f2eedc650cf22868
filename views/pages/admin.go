package pages

import "time"

// AdminShareFilter is the Shares page's filter form as typed.
type AdminShareFilter struct {
	Owner, Recipient, Region, Status, From, To, Sort string
}

// Active is how many filters narrow the list (the order is not one).
func (f AdminShareFilter) Active() int {
	return countSet(f.Owner, f.Recipient, f.Region, f.Status, f.From, f.To)
}

// AdminSharesView is Admin > Shares.
type AdminSharesView struct {
	Filter      AdminShareFilter
	Rows        []AdminShareRow
	Page, Pages int
	PageSize    int
	Total       int64
	Query       string // the filters, for export and paging links
	Regions     []string
}

// AdminShareRow is one share in admin lists.
type AdminShareRow struct {
	ID                         int64
	ImageID, ImageName, Region string
	OwnerID, OwnerName         string
	RecipientID, RecipientName string
	// TargetKind is models.TargetAccount, or an organization or unit (R25),
	// whose Reach is the accounts it reaches now.
	TargetKind     string
	Reach          int
	Status, Reason string
	CreatedAt      time.Time
	DecidedAt      *time.Time
}

// RevokeView asks for the reason of a revocation.
type RevokeView struct {
	Share AdminShareRow
	Next  string
}

// ReviewView is the queue of pending shares (review policy, R17).
type ReviewView struct {
	Rows  []AdminShareRow
	Total int64
}

// SettingsForm is Admin > Settings.
type SettingsForm struct {
	Policy, Cap string
	// Acceptance (R19) and ExpiryNoticeDays (R20): the share lifecycle's settings.
	Acceptance, ExpiryNoticeDays string
	// BinRetentionDays (R23): how long deleted images wait in the recycle bin.
	BinRetentionDays string
	Errors           map[string]string
}

// NewAccountForm creates an account and its first user.
type NewAccountForm struct {
	ID, Name, Username string
	Admin              bool
	Errors             map[string]string
}

// AdminAccountsView is Admin > Accounts.
type AdminAccountsView struct {
	Search      string
	Rows        []AdminAccountRow
	Page, Pages int
	PageSize    int
	Total       int64
	Form        NewAccountForm
}

// AdminAccountRow is one account in the list.
type AdminAccountRow struct {
	ID, Name, Status string
	Users            int
	CreatedAt        time.Time
}

// AdminAccountView is one account's page.
type AdminAccountView struct {
	ID, Name, Status string
	Self             bool // the admin's own account cannot be disabled
	Users            []AdminUserRow
	Quotas           []QuotaRow
	Error            string
	Place            *Place // the account's organization and unit (R25); nil: none
}

// AdminUserRow is one user of an account.
type AdminUserRow struct {
	ID             int64
	Username, Role string
	MustChange     bool
}

// AuditFilter is the audit log's filter form as typed.
type AuditFilter struct {
	Account, User, Action, Resource, Outcome, From, To string
}

// Active is how many filters narrow the log.
func (f AuditFilter) Active() int {
	return countSet(f.Account, f.User, f.Action, f.Resource, f.Outcome, f.From, f.To)
}

// countSet counts the filter values that are set.
func countSet(values ...string) int {
	n := 0
	for _, v := range values {
		if v != "" {
			n++
		}
	}
	return n
}

// AuditView is Admin > Audit.
type AuditView struct {
	Filter      AuditFilter
	Events      []AuditRow
	Page, Pages int
	PageSize    int
	Total       int64
	Query       string
}

// AuditRow is one audit event.
type AuditRow struct {
	At                                    time.Time
	Username, AccountID, Action, Resource string
	Outcome, IP, RequestID, Detail        string
	// Sentence is the event in the reader's words.
	Sentence string
}

// AdminImageView is the admin's read-only view of an image and its shares.
type AdminImageView struct {
	Image  ImageRow
	Shares []AdminShareRow
}

// InboxView is the notifications page.
type InboxView struct {
	Rows []NotificationRow
}

// NotificationRow is one notification.
type NotificationRow struct {
	ImageID, ImageName string
	Text               string // the notification in the reader's words
	CanOpen            bool   // the image can be opened by the reader
	Reason             string
	Unread             bool
	At                 time.Time
}
