package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Share statuses (SPEC 2).
const (
	SharePending   = "pending"
	ShareActive    = "active"
	ShareRejected  = "rejected"
	ShareCancelled = "cancelled"
	ShareRevoked   = "revoked"
)

// Share is a share permission of an image with a recipient account. Rows are
// kept for history; at most one pending or active row per (image, account)
// is enforced by a partial unique index.
type Share struct {
	ID                 int64 `gorm:"primaryKey"`
	ImageID            string
	RecipientAccountID string
	Status             string
	CreatedByUserID    *int64
	CreatedAt          time.Time
	DecidedByUserID    *int64
	DecidedAt          *time.Time
	Reason             string
	ExpiresAt          *time.Time // R20: when the share ends by itself, if ever
	ExpiryWarnedAt     *time.Time // when the recipient was told it ends soon
	// TargetID is the organization or unit a group share names (R25); nil
	// for an account share, whose RecipientAccountID is then set.
	TargetID *string
}

// ShareStore shares images with accounts and ends shares.
type ShareStore struct {
	db      *DB
	now     func() time.Time
	lookups lookupLedger // the share dialog's look-ups, on SQLite (see chargeLookups)
}

// NewShareStore returns the share store.
func NewShareStore(db *DB) *ShareStore {
	return &ShareStore{db: db, now: func() time.Time { return time.Now().UTC() }}
}

// ShareRequest shares one image with accounts.
type ShareRequest struct {
	ImageID    string
	AccountIDs []string
	// RiskAccepted is the owner's confirmation of the risk notice (R10): data
	// and software in the image may leak, and recipients can make images of
	// their own from it.
	RiskAccepted bool
	// ExpiresAt, if set, ends the shares by themselves then (R20).
	ExpiresAt *time.Time
}

// Share shares an image of the actor's account with every account of the
// request, or with none: the owner only (R9), a NORMAL image (R13), the
// risk notice accepted (R10), each account existing, active, not the owner
// and not already sharing it (R14), and at most N pending or active shares
// per image (R1), held under concurrent requests by a lock on the image.
// Under the review policy the shares wait for an admin (R17); under
// required consent they are then offered to their recipients (R19).
func (s *ShareStore) Share(ctx context.Context, actor Actor, in ShareRequest) ([]Share, error) {
	in.AccountIDs = dedupe(in.AccountIDs)
	var out []Share
	err := s.db.change(ctx, actor, "share.create", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = in.ImageID, strings.Join(in.AccountIDs, " ")
		var err error
		out, err = shareTx(tx, actor, in)
		return err
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// A concurrent request shared with one of these accounts first.
		return nil, invalid("FailedOperation.AccountAlreadyExists", FieldError{"accounts", Msg("share.concurrent")})
	}
	return out, wrap("share image", err)
}

func shareTx(tx *gorm.DB, actor Actor, in ShareRequest) ([]Share, error) {
	img, err := shareable(tx, actor, in.ImageID)
	if err != nil {
		return nil, err
	}
	if !in.RiskAccepted {
		return nil, invalid("MissingParameter", FieldError{"risk", Msg("share.risk_required")})
	}
	if r := expiryRefusal(time.Now().UTC(), in.ExpiresAt); r != nil {
		return nil, r
	}
	if err := lockImage(tx, in.ImageID); err != nil {
		return nil, err
	}
	check, err := checkShare(tx, actor, in.ImageID, in.AccountIDs)
	if err != nil {
		return nil, err
	}
	if err := check.Error(); err != nil {
		return nil, err
	}
	status, err := newShareStatus(tx, false)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	out := make([]Share, len(check.Accounts))
	for i, a := range check.Accounts {
		out[i] = Share{ImageID: in.ImageID, RecipientAccountID: a.AccountID, Status: status,
			CreatedByUserID: &actor.UserID, CreatedAt: now, ExpiresAt: utcOrNil(in.ExpiresAt)}
		if a.Kind != TargetAccount {
			out[i].RecipientAccountID, out[i].TargetID = "", &a.AccountID
		}
		if err := newShareRow(tx, &out[i]); err != nil {
			return nil, err
		}
	}
	if err := notifyStarted(tx, out, img.Image, status); err != nil {
		return nil, err
	}
	return out, nil
}

// Cancel ends the actor's shares of an image with the given targets
// (accounts, or the organization and units of R25), at once (R15):
// recipients no longer see it or launch from it; their instances keep
// running. All or nothing: each target must have a pending or active share.
func (s *ShareStore) Cancel(ctx context.Context, actor Actor, imageID string, ids []string) (int, error) {
	var n int
	err := s.db.change(ctx, actor, "share.cancel", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = imageID, strings.Join(ids, " ")
		img, err := getOwned(tx, actor, imageID, OpCancelShares)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return invalid("MissingParameter", FieldError{"accounts", Msg("share.cancel_none")})
		}
		live, err := liveRecipients(tx, img.ID)
		if err != nil {
			return err
		}
		var fields []FieldError
		for _, id := range ids {
			if !slices.Contains(live, id) {
				fields = append(fields, FieldError{id, Msg("share.not_shared_with", id)})
			}
		}
		if len(fields) > 0 {
			return invalid("InvalidAccountId.NotFound", fields...)
		}
		n, err = endShares(tx, actor, img.ID, ids, ShareCancelled, "")
		return err
	})
	return n, wrap("cancel shares", err)
}

// CancelAll ends every pending or active share of the actor's image (what R6
// asks before deleting it), suspended ones too: "all" means nobody, even an
// account re-enabled later.
func (s *ShareStore) CancelAll(ctx context.Context, actor Actor, imageID string) (int, error) {
	var n int
	err := s.db.change(ctx, actor, "share.cancel_all", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = imageID
		img, err := getOwned(tx, actor, imageID, OpCancelShares)
		if err != nil {
			return err
		}
		n, err = endShares(tx, actor, img.ID, nil, ShareCancelled, "")
		return err
	})
	return n, wrap("cancel all shares", err)
}

// endShares moves live shares of an image (all, or those of accounts) to a
// final status, recording who decided, when and why.
func endShares(tx *gorm.DB, actor Actor, imageID string, accounts []string, status, reason string) (int, error) {
	var ended []Share
	q := tx.Where("image_id = ? AND status IN ?", imageID, liveStatuses)
	if accounts != nil {
		q = q.Where(shareTargetKey+" IN ?", accounts)
	}
	if err := q.Find(&ended).Error; err != nil || len(ended) == 0 {
		return 0, err
	}
	ids := make([]int64, len(ended))
	for i, s := range ended {
		ids[i] = s.ID
	}
	now := time.Now().UTC()
	res := tx.Model(&Share{}).Where("id IN ?", ids).
		Updates(map[string]any{"status": status, "decided_by_user_id": actor.UserID, "decided_at": now, "reason": reason})
	if res.Error != nil {
		return 0, res.Error
	}
	var img Image
	if err := tx.Where("id = ?", imageID).Take(&img).Error; err != nil {
		return 0, err
	}
	if err := notifyEnded(tx, ended, img, status, reason); err != nil {
		return 0, err
	}
	return int(res.RowsAffected), nil
}

// ShareView is a share as its image's owner sees it.
type ShareView struct {
	Share
	// RecipientName is the account's name, or the organization's or
	// unit's for a group share (R25).
	RecipientName string
	CreatedBy     string // username
	DecidedBy     string // username, once decided
	// Reach is how many accounts the share reaches now, the owner
	// excepted: 1 for an account share, the members for a group share.
	Reach int
}

// TargetKind is the share's kind of target (TargetAccount, ...).
func (v ShareView) TargetKind() string { return TargetKindOf(v.Target()) }

// Live reports whether the share is pending, offered or active.
func (v ShareView) Live() bool { return slices.Contains(liveStatuses, v.Status) }

// ForImage returns every share of the actor's image, live or ended, newest
// first: the image's sharing history. One query.
func (s *ShareStore) ForImage(ctx context.Context, actor Actor, imageID string) ([]ShareView, error) {
	return s.views(ctx, actor, imageID, allShares)
}

// Recipients returns the shares of the actor's image that its owner manages
// now: pending or active, with active accounts (suspended shares with
// disabled accounts are hidden), newest first. The console's share list and
// cancel dialog and the API's DescribeImageSharePermission all ask this.
func (s *ShareStore) Recipients(ctx context.Context, actor Actor, imageID string) ([]ShareView, error) {
	return s.views(ctx, actor, imageID, managedShares)
}

// allShares narrows nothing: an image's whole sharing history.
func allShares(q *gorm.DB) *gorm.DB { return q }

// managedShares narrows an image's shares to those its owner manages now.
func managedShares(q *gorm.DB) *gorm.DB {
	return q.Where("shares.status IN ? AND (accounts.status = ? OR shares.target_id IS NOT NULL)", liveStatuses, AccountActive)
}

func (s *ShareStore) views(ctx context.Context, actor Actor, imageID string, narrow func(*gorm.DB) *gorm.DB) ([]ShareView, error) {
	db := s.db.reader(ctx)
	if _, err := getOwned(db, actor, imageID, OpManage); err != nil {
		return nil, err
	}
	return shareViews(db, imageID, narrow)
}

// shareViews lists an image's shares, narrowed, newest first; the caller
// has checked that the actor owns the image. An account share reaches its
// account; the reach of group shares (R25) is counted after, in one more
// statement, only when the list has some.
func shareViews(db *gorm.DB, imageID string, narrow func(*gorm.DB) *gorm.DB) ([]ShareView, error) {
	var out []ShareView
	q := db.Table("shares").
		Select("shares.*, COALESCE(accounts.name, tu.name, tg.name, shares.target_id) AS recipient_name, "+
			"COALESCE(cu.username, '') AS created_by, COALESCE(du.username, '') AS decided_by, 1 AS reach").
		Joins("LEFT JOIN accounts ON accounts.id = shares.recipient_account_id").
		Joins("LEFT JOIN org_units tu ON tu.id = shares.target_id").
		Joins("LEFT JOIN organizations tg ON tg.id = shares.target_id").
		Joins("LEFT JOIN users cu ON cu.id = shares.created_by_user_id").
		Joins("LEFT JOIN users du ON du.id = shares.decided_by_user_id").
		Where("shares.image_id = ?", imageID)
	err := narrow(q).Order("shares.created_at DESC, shares.id DESC").Limit(2000).Scan(&out).Error
	if err == nil {
		err = countGroupReach(db, imageID, out)
	}
	if err != nil {
		return nil, fmt.Errorf("list shares: %w", err)
	}
	return out, nil
}

// countGroupReach sets the reach of the group shares among views: the
// accounts each reaches now, the image's owner excepted.
func countGroupReach(db *gorm.DB, imageID string, views []ShareView) error {
	var ids []int64
	for _, v := range views {
		if v.TargetID != nil {
			ids = append(ids, v.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID    int64
		Reach int
	}
	err := db.Session(&gorm.Session{NewDB: true}).Table("shares").
		Select("shares.id, ("+reachOfSQL("(SELECT owner_account_id FROM images WHERE images.id = shares.image_id)", "shares.target_id")+") AS reach").
		Where("shares.image_id = ? AND shares.id IN ?", imageID, ids).Scan(&rows).Error
	if err != nil {
		return err
	}
	reach := make(map[int64]int, len(rows))
	for _, r := range rows {
		reach[r.ID] = r.Reach
	}
	for i := range views {
		if views[i].TargetID != nil {
			views[i].Reach = reach[views[i].ID]
		}
	}
	return nil
}

// Policy returns the sharing policy (R17) and the cap N (R1) in force.
func (s *ShareStore) Policy(ctx context.Context) (policy string, capN int, err error) {
	db := s.db.reader(ctx)
	if policy, err = sharePolicy(db); err != nil {
		return "", 0, fmt.Errorf("share policy: %w", err)
	}
	if capN, err = shareCap(db); err != nil {
		return "", 0, fmt.Errorf("share cap: %w", err)
	}
	return policy, capN, nil
}

// notifyEnded tells who needs to know that shares ended: recipients who could
// see the image or its invitation (a pending share was never visible to them), and for an
// admin's decision the owner too, with the reason.
func notifyEnded(tx *gorm.DB, ended []Share, img Image, status, reason string) error {
	switch status {
	case ShareRejected:
		return notifyShares(tx, ended, img, NoteShareRejected, reason)
	case ShareRevoked:
		return notifyShares(tx, ended, img, NoteShareRevoked, reason)
	}
	var visible []Share
	for _, s := range ended {
		if s.Status == ShareActive || s.Status == ShareOffered {
			visible = append(visible, s)
		}
	}
	return notifyShares(tx, visible, img, NoteShareEnded, reason)
}
