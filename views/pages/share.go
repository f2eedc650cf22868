package pages

import "time"

// ShareCheckID is the live verdict of the share dialog: counter and accounts.
const ShareCheckID = "share-check"

// ShareSubmitID is the share dialog's submit button, which the live check
// disables out of band.
const ShareSubmitID = "share-submit"

// ShareForm is what the share dialog submits.
type ShareForm struct {
	Accounts string
	// Targets are the organization and units picked from the list (R25).
	Targets      []string
	RiskAccepted bool
	// Until is the optional end of the shares (R20) as the picker gives it;
	// UntilUTC the same converted to UTC by the browser, when it runs JS.
	Until, UntilUTC string
}

// ShareView is the share dialog.
type ShareView struct {
	Image     ImageRow
	Form      ShareForm
	Check     ShareCheckView
	Review    bool // the review policy holds new shares for an admin (R17)
	RiskError string
	FormError string
	// UntilError is what is wrong with the expiry (R20); Consent says each
	// recipient accepts the share before seeing the image (R19).
	UntilError string
	Consent    bool
	// Targets are the owner's organization and units to pick from (R25).
	Targets []TargetOption
}

// ShareCheckView is the counter "12 of 50 used" and a line per account typed.
type ShareCheckView struct {
	Used, Cap, Adding int
	Typed             bool
	Rows              []AccountRow
	Problem           string // a problem of the whole request (the cap)
	// Blocked: the domain refuses the accounts typed as they are.
	Blocked bool
	// GroupReach is how many accounts the organization and unit targets
	// typed reach today (R25); Groups how many such targets there are.
	GroupReach, Groups int
}

// AccountRow is one typed account and what is wrong with it, if anything.
type AccountRow struct {
	AccountID, AccountName, Problem string
	// Kind and Reach of an organization or unit (R25).
	Kind  string
	Reach int
}

// CancelShareView is the cancel-sharing dialog.
type CancelShareView struct {
	Image      ImageRow
	Recipients []ShareRow
	Impact     []ImpactRow
	Error      string
}

// ShareRow is one recipient of an image.
type ShareRow struct {
	AccountID, AccountName, Status string
	Since                          time.Time
	ExpiresAt                      *time.Time // R20: when it ends, if ever
	// Kind and Reach: an organization or unit target and the accounts it
	// reaches now (R25).
	Kind  string
	Reach int
}

// HistoryEntry is one event of an image's sharing history.
type HistoryEntry struct {
	At     time.Time
	Status string
	Key    string
	Args   []any
}
