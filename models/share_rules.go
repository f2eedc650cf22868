package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"gorm.io/gorm"
)

// maxShareRequest bounds the accounts of one request, before the cap applies.
const maxShareRequest = MaxShareCap

// ParseAccountIDs splits a pasted list (spaces, commas, semicolons or line
// breaks) into account IDs, without duplicates, in the order given.
func ParseAccountIDs(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' }) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// dedupe drops repeated ids, keeping the first of each in order: an account
// named twice is one account (and counts once toward the cap).
func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// AccountCheck is the verdict on one account of a share request.
type AccountCheck struct {
	// AccountID is the entry as typed: an account, or an organization or
	// unit id (R25).
	AccountID string
	// AccountName is set when the account exists and is active, or is the
	// organization's or unit's name.
	AccountName string
	Code        string // empty when the account can be added
	Msg         Message
	// Kind is TargetAccount, TargetOrganization or TargetUnit.
	Kind string
	// Reach is how many accounts the entry reaches now, the owner
	// excepted: 1 for an account, the members for a group.
	Reach int
}

// ShareCheck is the verdict on a whole share request, before anything is saved.
type ShareCheck struct {
	Accounts []AccountCheck
	Used     int // pending + active shares of the image now
	Cap      int // N of R1
	// Suspended are the shares of Used whose account is disabled: hidden
	// from the owner's lists, yet holding their place under the cap.
	Suspended int
}

// codeOverCap marks an account the request cannot add because the image
// would then exceed N (R1): each account past the room left gets it, so no
// row of the verdict claims to be ready when the request as a whole is not.
const codeOverCap = "OverQuota"

// Adding is how many accounts the request would add: those with no problem
// and within the room left under the cap.
func (c ShareCheck) Adding() int {
	n := 0
	for _, a := range c.Accounts {
		if a.Code == "" {
			n++
		}
	}
	return n
}

// OverCap reports whether the request would exceed N (R1).
func (c ShareCheck) OverCap() bool {
	return slices.ContainsFunc(c.Accounts, func(a AccountCheck) bool { return a.Code == codeOverCap })
}

// OK reports whether the request can be applied as it is.
func (c ShareCheck) OK() bool {
	return len(c.Accounts) > 0 && c.Adding() == len(c.Accounts)
}

// applyCap gives the accounts past the room left under the cap (in the
// order typed, after R14's own problems) the cap's verdict. Used and Cap
// must be set.
func (c *ShareCheck) applyCap() {
	room := max(0, c.Cap-c.Used)
	for i := range c.Accounts {
		if c.Accounts[i].Code != "" {
			continue
		}
		if room == 0 {
			c.Accounts[i].Code, c.Accounts[i].Msg = codeOverCap, Msg("share.account_over_cap", c.Cap)
			continue
		}
		room--
	}
}

// Error is the request's refusal: a message per bad account (R14), or the
// cap (R1), which belongs to the accounts field as a whole: the dialog shows
// it once, in the live check under that field. nil when OK.
func (c ShareCheck) Error() error {
	if len(c.Accounts) == 0 {
		return invalid("MissingParameter", FieldError{"accounts", Msg("share.no_accounts")})
	}
	var fields []FieldError
	for _, a := range c.Accounts {
		if a.Code != "" && a.Code != codeOverCap {
			fields = append(fields, FieldError{a.AccountID, a.Msg})
		}
	}
	if len(fields) > 0 {
		e := invalid(c.codeOf(fields[0].Field), fields...)
		e.Msg = Msg("share.bad_accounts", len(fields))
		return e
	}
	if c.OverCap() {
		return invalid(codeOverCap, FieldError{"accounts", Msg("share.over_cap", c.Cap, c.Used, max(0, c.Cap-c.Used))})
	}
	return nil
}

func (c ShareCheck) codeOf(accountID string) string {
	for _, a := range c.Accounts {
		if a.AccountID == accountID {
			return a.Code
		}
	}
	return "InvalidParameterValue"
}

// checkAccounts applies R14 to each requested account of an image owned by
// owner. imageID may be empty for an image that does not exist yet (a copy
// to share once it is ready): then nothing can be "already shared".
func checkAccounts(tx *gorm.DB, owner, imageID string, ids []string) ([]AccountCheck, error) {
	if len(ids) > maxShareRequest {
		return nil, invalid("InvalidParameterValue.TooLarge", FieldError{"accounts", Msg("share.too_many", maxShareRequest)})
	}
	var accounts []Account
	// Clip before appending: the "" keeps IN () valid when ids is empty, and
	// must never land in the caller's own array.
	if err := tx.Where("id IN ?", append(slices.Clip(ids), "")).Find(&accounts).Error; err != nil {
		return nil, err
	}
	var live []string
	if imageID != "" {
		err := tx.Model(&Share{}).Where("image_id = ? AND status IN ?", imageID, liveStatuses).
			Pluck(shareTargetKey, &live).Error
		if err != nil {
			return nil, err
		}
	}
	out := make([]AccountCheck, len(ids))
	for i, id := range ids {
		if TargetKindOf(id) != TargetAccount {
			continue // checkGroupTargets
		}
		c := AccountCheck{AccountID: id, Kind: TargetAccount, Reach: 1}
		idx := slices.IndexFunc(accounts, func(a Account) bool { return a.ID == id })
		switch {
		case !ValidAccountID(id):
			c.Code, c.Msg = "InvalidAccountId.NotFound", Msg("share.account_malformed", id)
		case id == owner:
			c.Code, c.Msg = "FailedOperation.AccountIsYourSelf", Msg("share.account_self", id)
		case idx < 0 || accounts[idx].Status != AccountActive:
			c.Code, c.Msg = "InvalidAccountId.NotFound", Msg("share.account_unknown", id)
		case slices.Contains(live, id):
			c.Code, c.Msg = "FailedOperation.AccountAlreadyExists", Msg("share.account_already", id)
		}
		if idx >= 0 && c.Code != "InvalidAccountId.NotFound" {
			c.AccountName = accounts[idx].Name
		}
		out[i] = c
	}
	return out, checkGroupTargets(tx, owner, ids, live, out)
}

// countLive returns how many pending or active shares an image has, and how
// many of those are suspended (their account is disabled). The cap (R1)
// counts both, so a suspended share coming back never exceeds N.
func countLive(tx *gorm.DB, imageID string) (total, suspended int, err error) {
	var row struct{ Total, Suspended int }
	// A group share counts as one (R25) and is never suspended.
	err = tx.Table("shares").Joins("LEFT JOIN accounts r ON r.id = shares.recipient_account_id").
		Select("COUNT(*) AS total, COALESCE(SUM(CASE WHEN r.status = ? OR r.id IS NULL THEN 0 ELSE 1 END), 0) AS suspended", AccountActive).
		Where("shares.image_id = ? AND shares.status IN ?", imageID, liveStatuses).Scan(&row).Error
	return row.Total, row.Suspended, err
}

// liveRecipients lists the targets whose shares of an image its owner
// manages: pending or active shares with active accounts, and group shares
// (R25), in target order. (liveShareCount counts the same rows for image
// lists.)
func liveRecipients(tx *gorm.DB, imageID string) ([]string, error) {
	var out []string
	err := tx.Table("shares").Joins("LEFT JOIN accounts r ON r.id = shares.recipient_account_id").
		Where("shares.image_id = ? AND shares.status IN ? AND (r.status = ? OR shares.target_id IS NOT NULL)",
			imageID, liveStatuses, AccountActive).
		Order(shareTargetKey).Pluck(shareTargetKey, &out).Error
	return out, err
}

// lockImage serialises the share requests of one image (R1 under concurrent
// requests): FOR UPDATE on PostgreSQL; SQLite's write lock already does.
func lockImage(tx *gorm.DB, id string) error {
	q := tx.Model(&Image{}).Select("id").Where("id = ?", id)
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(forUpdate())
	}
	var got string
	if err := q.Scan(&got).Error; err != nil {
		return fmt.Errorf("lock image: %w", err)
	}
	if got == "" {
		return imageNotFound(id) // deleted meanwhile
	}
	return nil
}

// shareable loads an image its owner may share: own (R9) and NORMAL (R13).
func shareable(tx *gorm.DB, actor Actor, imageID string) (ImageView, error) {
	img, err := getOwned(tx, actor, imageID, OpShare)
	if err != nil {
		return img, err
	}
	if r := requireUsable(img.Image, ""); r != nil {
		return img, r
	}
	return img, nil
}

// Check returns the verdict on sharing an image with accounts, without
// sharing: the share dialog shows it as the person types. The verdict is read
// without waiting for writers; since it tells who the accounts are, it is
// given only within the user's look-up budget (chargeLookups).
func (s *ShareStore) Check(ctx context.Context, actor Actor, imageID string, ids []string) (ShareCheck, error) {
	var check ShareCheck
	err := s.db.view(ctx, func(tx *gorm.DB) error {
		var err error
		check, err = checkShare(tx, actor, imageID, ids)
		return err
	})
	if err == nil {
		err = s.chargeLookups(ctx, actor, imageID, ids)
	}
	return check, wrap("check share", err)
}

func checkShare(tx *gorm.DB, actor Actor, imageID string, ids []string) (ShareCheck, error) {
	var check ShareCheck
	img, err := shareable(tx, actor, imageID)
	if err != nil {
		return check, err
	}
	if check.Cap, err = shareCap(tx); err != nil {
		return check, err
	}
	if check.Used, check.Suspended, err = countLive(tx, img.ID); err != nil {
		return check, err
	}
	if check.Accounts, err = checkAccounts(tx, actor.AccountID, img.ID, ids); err != nil {
		return check, err
	}
	check.applyCap()
	return check, nil
}
