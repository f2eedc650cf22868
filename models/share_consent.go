package models

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// maxDeclineReason bounds the reason a recipient gives for declining.
const maxDeclineReason = 500

// ConsentRequired reports whether new shares are offered to their
// recipients before they see the image (R19).
func (s *ShareStore) ConsentRequired(ctx context.Context) (bool, error) {
	v, err := shareAcceptance(s.db.reader(ctx))
	if err != nil {
		return false, fmt.Errorf("share acceptance: %w", err)
	}
	return v == AcceptanceRequired, nil
}

// ReviewRequired reports whether new shares wait for an admin (R17's
// review policy), for the forms that say so before a share is made.
func (s *ShareStore) ReviewRequired(ctx context.Context) (bool, error) {
	policy, err := sharePolicy(s.db.reader(ctx))
	if err != nil {
		return false, fmt.Errorf("share policy: %w", err)
	}
	return policy == PolicyReview, nil
}

// newShareStatus is the status a share starts in once the owner's side is
// done: waiting for an admin (R17) first, then for the recipient (R19).
func newShareStatus(tx *gorm.DB, reviewed bool) (string, error) {
	if !reviewed {
		policy, err := sharePolicy(tx)
		if err != nil || policy == PolicyReview {
			return SharePending, err
		}
	}
	acceptance, err := shareAcceptance(tx)
	if err != nil || acceptance == AcceptanceRequired {
		return ShareOffered, err
	}
	return ShareActive, nil
}

// notifyStarted tells recipients of shares that just reached them: the
// image itself (active) or an invitation to accept it (offered).
func notifyStarted(tx *gorm.DB, shares []Share, img Image, status string) error {
	switch status {
	case ShareActive:
		return notifyShares(tx, shares, img, NoteShareReceived, "")
	case ShareOffered:
		return notifyShares(tx, shares, img, NoteShareOffered, "")
	}
	return nil
}

// notOffered is R19's refusal of an answer to an invitation that is not
// waiting for one (already answered, or ended). An image the actor may not
// see at all is not found, as everywhere: its existence is not told.
func notOffered(tx *gorm.DB, actor Actor, imageID string) error {
	if _, err := getVisible(tx, actor, imageID); err != nil {
		return err
	}
	return &Error{Kind: ErrInvalid, Code: "FailedOperation.ShareNotOffered", Msg: Msg("invites.not_offered", imageID)}
}

// Accept accepts the invitation to an image offered to the actor's account
// (R19): the share becomes active and the image appears in its lists; the
// owner is notified.
func (s *ShareStore) Accept(ctx context.Context, actor Actor, imageID string) error {
	err := s.db.change(ctx, actor, "share.accept", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = imageID
		return answer(tx, actor, imageID, ShareActive, "", NoteShareAccepted)
	})
	return wrap("accept share", err)
}

// Decline declines the invitation to an image offered to the actor's
// account (R19), with an optional reason its owner sees. A declined share
// no longer counts toward N.
func (s *ShareStore) Decline(ctx context.Context, actor Actor, imageID, reason string) error {
	err := s.db.change(ctx, actor, "share.decline", func(tx *gorm.DB, ev *AuditEvent) error {
		reason = strings.TrimSpace(reason)
		ev.Resource, ev.Detail = imageID, reason
		if utf8.RuneCountInString(reason) > maxDeclineReason {
			return invalid("InvalidParameterValue.TooLarge", FieldError{"reason", Msg("validation.too_long", maxDeclineReason)})
		}
		return answer(tx, actor, imageID, ShareDeclined, reason, NoteShareDeclined)
	})
	return wrap("decline share", err)
}

// answer moves the actor's offered share of an image to the recipient's
// answer and tells the owner. The owner must still be active: an image of a
// disabled account is offered to no one.
func answer(tx *gorm.DB, actor Actor, imageID, to, reason, note string) error {
	var img Image
	err := tx.Where("id = ? AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = images.owner_account_id AND a.status = ?)",
		imageID, AccountActive).Limit(1).Find(&img).Error
	if err != nil {
		return err
	}
	if img.ID == "" {
		return notOffered(tx, actor, imageID)
	}
	_, moved, err := moveRecipientShare(tx, actor, img.ID, ShareOffered, to, reason)
	if err != nil {
		return err
	}
	if !moved {
		// A group share offered to the actor's organization or unit (R25):
		// the answer is the actor's own, the share stays offered to the
		// other members.
		member := memberAccepted
		if to == ShareDeclined {
			member = memberDeclined
		}
		n, err := hideGroupShares(tx, actor, img.ID, []string{ShareOffered}, true, member, reason)
		if err != nil {
			return err
		}
		moved = n > 0
	}
	if !moved {
		return notOffered(tx, actor, imageID)
	}
	return notifyOwnerOf(tx, img, actor.AccountID, note, reason)
}

// InvitationCan is what the recipient may do with an invitation.
type InvitationCan struct {
	Accept  Verdict
	Decline Verdict
}

// Invitation is an image offered to the viewer's account (R19), with its
// owner (R8: whom the recipient would trust) and what the viewer may do.
type Invitation struct {
	ImageID, ImageName, RegionID   string
	OSName, Platform, Architecture string
	OwnerAccountID, OwnerName      string
	CreatedAt                      time.Time  // when the owner shared it
	DecidedAt                      *time.Time // when an admin approved it, under review
	ExpiresAt                      *time.Time
	Can                            InvitationCan `gorm:"-"`
}

// OfferedAt is when the invitation reached the recipient.
func (inv Invitation) OfferedAt() time.Time {
	if inv.DecidedAt != nil {
		return *inv.DecidedAt
	}
	return inv.CreatedAt
}

// maxInvitations bounds the invitations listed at once.
const maxInvitations = 200

// Invitations returns the images offered to the actor's account in a
// region, newest first. One query.
func (s *ShareStore) Invitations(ctx context.Context, actor Actor, region string) ([]Invitation, error) {
	return s.invitations(ctx, actor, "images.region_id = ?", region)
}

// Invitation returns the invitation to one image offered to the actor's
// account, or R19's refusal when there is none.
func (s *ShareStore) Invitation(ctx context.Context, actor Actor, imageID string) (Invitation, error) {
	list, err := s.invitations(ctx, actor, "images.id = ?", imageID)
	if err != nil {
		return Invitation{}, err
	}
	if len(list) == 0 {
		return Invitation{}, notOffered(s.db.reader(ctx), actor, imageID)
	}
	return list[0], nil
}

// offeredTo is R19's invitations of an account: shares offered to it by an
// active owner, or group shares offered to its organization or unit (R25)
// it has not answered, joined to their images (the one definition, for the
// lists and for the Images page's count). The owner is never invited to
// its own image.
func offeredTo(db *gorm.DB, actor Actor) *gorm.DB {
	a := actor.AccountID
	return db.Table("shares").
		Joins("JOIN images ON images.id = shares.image_id").
		Joins("JOIN accounts owners ON owners.id = images.owner_account_id").
		Where("(shares.recipient_account_id = ? OR (shares.target_id IN ("+memberTargets+
			") AND shares.id NOT IN (SELECT share_id FROM share_members WHERE account_id = ?)))", a, a, a, a).
		Where("shares.status = ? AND owners.status = ? AND images.owner_account_id <> ?", ShareOffered, AccountActive, a)
}

func (s *ShareStore) invitations(ctx context.Context, actor Actor, where string, arg any) ([]Invitation, error) {
	var out []Invitation
	err := offeredTo(s.db.reader(ctx), actor).
		Select("images.id AS image_id, images.name AS image_name, images.region_id, images.os_name, images.platform, "+
			"images.architecture, images.owner_account_id, owners.name AS owner_name, "+
			"shares.created_at, shares.decided_at, shares.expires_at").
		Where(where, arg).
		Order("shares.created_at DESC, shares.id DESC").Limit(maxInvitations).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	for i := range out {
		// Listed means offered to the viewer: both answers are open.
		out[i].Can = InvitationCan{Accept: verdict(nil), Decline: verdict(nil)}
	}
	return out, nil
}
