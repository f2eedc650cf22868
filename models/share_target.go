package models

import (
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Share targets (R25): a share names an account, the owner's own
// organization, or one of its units. ShareRequest.AccountIDs carries all
// three as typed; the shape of each entry classifies it (TargetKindOf).
// A group share (organization or unit) reaches every member of it, and for a
// unit every member of a unit below it, now and later: access is read from
// the membership when asked, never copied.

// Target kinds.
const (
	TargetAccount      = "account"
	TargetOrganization = "organization"
	TargetUnit         = "unit"
)

// TargetKindOf classifies a typed share target by its shape: org-… is an
// organization, ou-… a unit, anything else an account (checked as one).
func TargetKindOf(id string) string {
	switch {
	case strings.HasPrefix(id, OrgIDPrefix):
		return TargetOrganization
	case strings.HasPrefix(id, UnitIDPrefix):
		return TargetUnit
	}
	return TargetAccount
}

// Target is the share's target: its account, or its organization or unit.
func (s Share) Target() string {
	if s.TargetID != nil {
		return *s.TargetID
	}
	return s.RecipientAccountID
}

// shareTargetKey is the SQL of a share row's target (the column pair as one
// value), what Cancel, the admin's decisions and the expiry name shares by.
const shareTargetKey = "COALESCE(shares.recipient_account_id, shares.target_id)"

// memberTargets are the group targets an account belongs to: its
// organization and its unit with every unit above it (the closure). Two
// arguments: the account, twice. An indexed lookup by the account, whatever
// the tree's size.
const memberTargets = "SELECT organization_id FROM org_members WHERE account_id = ? " +
	"UNION ALL SELECT p.ancestor_id FROM org_members m JOIN org_unit_paths p ON p.unit_id = m.unit_id WHERE m.account_id = ?"

// groupSharedImages are the images group shares give an account: an active
// group share it has not left, or an offered one it accepted (R19, each
// member for itself). Three arguments: the account, three times
// (groupSharedArgs). The CROSS JOIN makes SQLite start from the account's
// few targets and find their shares by index; left to choose inside an IN
// list, it started from the shares instead and spent ten times as long.
const groupSharedImages = "SELECT gs.image_id" + groupSharesReaching

// groupSharesReaching is the FROM and WHERE of groupSharedImages: the group
// shares gs that give an account an image. Its arguments: groupSharedArgs.
const groupSharesReaching = " FROM (" + memberTargets + ") mt CROSS JOIN shares gs " +
	"LEFT JOIN share_members sm ON sm.share_id = gs.id AND sm.account_id = ? " +
	"WHERE gs.target_id = mt.organization_id AND (" +
	"(gs.status = 'active' AND (sm.status IS NULL OR sm.status NOT IN ('left', 'declined'))) OR " +
	"(gs.status = 'offered' AND sm.status = 'accepted'))"

func groupSharedArgs(account string) []any { return []any{account, account, account} }

// sharedWithArgs are the arguments of sharedWith / sharedWithOn for an
// account.
func sharedWithArgs(account string) []any {
	return append([]any{account}, groupSharedArgs(account)...)
}

// Member answers to a group share, each for that member only.
const (
	memberAccepted = "accepted"
	memberDeclined = "declined"
	memberLeft     = "left"
)

// shareMember is one member's own answer to a group share.
type shareMember struct {
	ShareID   int64  `gorm:"primaryKey"`
	AccountID string `gorm:"primaryKey"`
	Status    string
	Reason    string
	DecidedAt time.Time
}

func (shareMember) TableName() string { return "share_members" }

// reachOf is the SQL counting the active accounts a group target reaches,
// the owner excepted. Arguments: owner, target, target.
var reachOf = reachOfSQL("?", "?")

// reachOfSQL is reachOf for an owner and a target given as SQL expressions
// (placeholders, or the columns of a share list's row).
func reachOfSQL(owner, target string) string {
	return "SELECT COUNT(*) FROM org_members m JOIN accounts ma ON ma.id = m.account_id AND ma.status = 'active' " +
		"WHERE m.account_id <> " + owner + " AND (m.organization_id = " + target +
		" OR m.unit_id IN (SELECT unit_id FROM org_unit_paths WHERE ancestor_id = " + target + "))"
}

// shareReach is the column of a share list's row counting the accounts the
// share reaches now: 1 for an account share, the members for a group share.
// The row joins images (its owner) and shares.
var shareReach = "CASE WHEN shares.target_id IS NULL THEN 1 ELSE (" +
	reachOfSQL("images.owner_account_id", "shares.target_id") + ") END"

// groupMembers lists the active accounts a group target reaches now, the
// owner excepted, without those that left or declined the share shareID
// (0: a new share).
func groupMembers(tx *gorm.DB, target, owner string, shareID int64) ([]string, error) {
	var out []string
	err := tx.Table("org_members m").Joins("JOIN accounts ma ON ma.id = m.account_id AND ma.status = ?", AccountActive).
		Where("m.account_id <> ? AND (m.organization_id = ? OR m.unit_id IN (SELECT unit_id FROM org_unit_paths WHERE ancestor_id = ?))",
			owner, target, target).
		Where("m.account_id NOT IN (SELECT account_id FROM share_members WHERE share_id = ? AND status IN ?)",
			shareID, []string{memberLeft, memberDeclined}).
		Order("m.account_id").Pluck("m.account_id", &out).Error
	return out, err
}

// audienceOf is who a share speaks to: its recipient, or a group share's
// members now.
func audienceOf(tx *gorm.DB, sh Share, img Image) ([]string, error) {
	if sh.TargetID == nil {
		return []string{sh.RecipientAccountID}, nil
	}
	return groupMembers(tx, *sh.TargetID, imageOwner(img), sh.ID)
}

// ownerGroup is the organization an owner's account is in ("" for none).
func ownerGroup(tx *gorm.DB, owner string) (string, error) {
	var orgs []string
	err := tx.Table("org_members").Where("account_id = ?", owner).Limit(1).Pluck("organization_id", &orgs).Error
	if err != nil || len(orgs) == 0 {
		return "", err
	}
	return orgs[0], nil
}

// groupTarget is what checking a group target needs to know of it.
type groupTarget struct {
	ID, Name string
	Reach    int
}

// checkGroupTargets applies R25 (and R14's "not already sharing") to the
// organization and unit entries of a request: each must be the owner's own
// organization or one of its units. live are the image's live targets.
func checkGroupTargets(tx *gorm.DB, owner string, ids, live []string, out []AccountCheck) error {
	var groups []string
	for _, id := range ids {
		if TargetKindOf(id) != TargetAccount {
			groups = append(groups, id)
		}
	}
	if len(groups) == 0 {
		return nil
	}
	org, err := ownerGroup(tx, owner)
	if err != nil {
		return err
	}
	var known []groupTarget
	if org != "" {
		err := tx.Raw("SELECT id, name, ("+reachOf+") AS reach FROM organizations WHERE id = ? AND id IN ? "+
			"UNION ALL SELECT id, name, ("+reachOf+") AS reach FROM org_units WHERE organization_id = ? AND id IN ?",
			owner, gorm.Expr("organizations.id"), gorm.Expr("organizations.id"), org, groups,
			owner, gorm.Expr("org_units.id"), gorm.Expr("org_units.id"), org, groups).Scan(&known).Error
		if err != nil {
			return err
		}
	}
	for i, id := range ids {
		kind := TargetKindOf(id)
		if kind == TargetAccount {
			continue
		}
		c := AccountCheck{AccountID: id, Kind: kind}
		idx := slices.IndexFunc(known, func(g groupTarget) bool { return g.ID == id })
		switch {
		case kind == TargetOrganization && !ValidOrgID(id), kind == TargetUnit && !ValidUnitID(id):
			c.Code, c.Msg = OrgCode, Msg("share.target_malformed", id)
		case org == "":
			c.Code, c.Msg = OrgCode, Msg("share.target_no_org", id)
		case idx < 0:
			c.Code, c.Msg = OrgCode, Msg("share.target_not_yours", id)
		case slices.Contains(live, id):
			c.Code, c.Msg = "FailedOperation.AccountAlreadyExists", Msg("share.target_already", known[idx].Name)
		}
		if idx >= 0 {
			c.AccountName, c.Reach = known[idx].Name, known[idx].Reach
		}
		out[i] = c
	}
	return nil
}

// newShareRow inserts a share: an account share names its recipient, a
// group share its target, leaving the recipient column NULL.
func newShareRow(tx *gorm.DB, sh *Share) error {
	if sh.TargetID == nil {
		return tx.Create(sh).Error
	}
	return tx.Omit("recipient_account_id").Create(sh).Error
}

// hideGroupShares records a member's own answer to every group share of an
// image that reaches it in one of statuses (leave: active and accepted
// offers; an answer to an invitation: offered ones not answered yet). It
// returns how many it changed.
func hideGroupShares(tx *gorm.DB, actor Actor, imageID string, statuses []string, unanswered bool, to, reason string) (int, error) {
	q := tx.Model(&Share{}).Where("shares.image_id = ? AND shares.status IN ?", imageID, statuses).
		Where("shares.target_id IN ("+memberTargets+")", actor.AccountID, actor.AccountID)
	if unanswered {
		q = q.Where("shares.id NOT IN (SELECT share_id FROM share_members WHERE account_id = ?)", actor.AccountID)
	} else {
		q = q.Where("shares.id NOT IN (SELECT share_id FROM share_members WHERE account_id = ? AND status IN ?)",
			actor.AccountID, []string{memberLeft, memberDeclined})
	}
	var ids []int64
	if err := q.Pluck("shares.id", &ids).Error; err != nil {
		return 0, err
	}
	now := time.Now().UTC()
	for _, id := range ids {
		if err := tx.Where("share_id = ? AND account_id = ?", id, actor.AccountID).Delete(&shareMember{}).Error; err != nil {
			return 0, err
		}
		row := shareMember{ShareID: id, AccountID: actor.AccountID, Status: to, Reason: reason, DecidedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// shareAudience lists, once each and in order, the accounts an image's
// shares in statuses speak to: their recipients and the members group
// shares reach now.
func shareAudience(tx *gorm.DB, img Image, statuses []string) ([]string, error) {
	var shares []Share
	if err := tx.Where("image_id = ? AND status IN ?", img.ID, statuses).Find(&shares).Error; err != nil {
		return nil, err
	}
	var out []string
	for _, sh := range shares {
		who, err := audienceOf(tx, sh, img)
		if err != nil {
			return nil, err
		}
		out = append(out, who...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
