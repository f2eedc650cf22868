package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// sharedWith is the one definition of "shared with an account": an active
// share to it, or a group share reaching it (R25: its organization, its
// unit or a unit above it; not left, and accepted if offered), from an
// owner account that is itself active. It is one uncorrelated subquery over
// the recipient's shares and groups, so listing a region never probes
// shares image by image. Its arguments are sharedWithArgs(account).
// The sources stay joined by UNION, not UNION ALL: on SQLite UNION ALL
// was a fifth faster for bob's Shared with me count, but PostgreSQL then
// served the image page a fifth slower under make load.
var sharedWith = sharedWithOn("images")

// sharedWithOn is sharedWith for the images row a query names alias (a
// self-join such as a deprecation's successor). Arguments:
// sharedWithArgs(account).
func sharedWithOn(alias string) string {
	return alias + ".id IN (SELECT image_id FROM shares WHERE recipient_account_id = ? AND status = 'active' UNION " +
		groupSharedImages + ") AND " +
		"EXISTS (SELECT 1 FROM accounts a WHERE a.id = " + alias + ".owner_account_id AND a.status = 'active')"
}

// visibleTo narrows an images query to what an actor may see: public images,
// the account's own, and others' images shared with the account; none in a
// recycle bin (R23). Anything else does not exist for the actor.
func visibleTo(db *gorm.DB, actor Actor) *gorm.DB {
	return db.Where(notBinned).Where("images.owner_account_id IS NULL OR images.owner_account_id = ? OR ("+sharedWith+")",
		append([]any{actor.AccountID}, sharedWithArgs(actor.AccountID)...)...)
}

// liveShareCount counts an image's pending, offered and active shares with active
// accounts: the recipients its owner manages. A share with a disabled
// account is suspended: hidden, blocking nothing, back when the account is
// enabled; only the cap still counts it (R1 must hold when it comes back).
const liveShareCount = "SELECT COUNT(*) FROM shares s LEFT JOIN accounts r ON r.id = s.recipient_account_id " +
	"WHERE s.image_id = images.id AND s.status IN ('pending', 'offered', 'active') AND (r.status = 'active' OR s.target_id IS NOT NULL)"

// imageViewRow is what every read of images scans: the image, its owner's
// name, and for its owner the live shares (a subquery of the same
// statement, never a query per row).
type imageViewRow struct {
	Image      `gorm:"embedded"`
	OwnerName  string
	LiveShares int
	// The successor a deprecation names (R21): its name and owner, and
	// (resolveSuccessors) whether the actor may open it.
	SuccessorName    string
	SuccessorOwnerID string
	SuccessorVisible bool `gorm:"-"`
	HasTags          bool
}

// selectImageViews selects imageViewRow's columns for an actor. Run it
// through readImageViews, which completes what the columns leave out.
// The owner's name is a scalar subquery, not a LEFT JOIN: on SQLite a join
// made reading an image's row four times as slow (7 µs against 30 µs).
func selectImageViews(db *gorm.DB, actor Actor) *gorm.DB {
	return db.Select(imageColumns+", COALESCE((SELECT owners.name FROM accounts owners WHERE owners.id = images.owner_account_id), '') AS owner_name, "+
		"CASE WHEN images.owner_account_id = ? THEN ("+liveShareCount+") ELSE 0 END AS live_shares, "+successorColumns+", "+
		"EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = images.id) AS has_tags", actor.AccountID)
}

// readImageViews runs a read built on selectImageViews and returns the
// images as the actor sees them, in the read's order.
func readImageViews(q *gorm.DB, actor Actor) ([]ImageView, error) {
	rows, err := scanImageViewRows(q)
	if err != nil {
		return nil, err
	}
	if err := resolveSuccessors(q.Session(&gorm.Session{NewDB: true}), actor, rows); err != nil {
		return nil, err
	}
	return viewsOf(rows, actor), nil
}

// view turns a scanned row into the image as the actor sees it, with what
// the actor may do with it.
func (r imageViewRow) view(actor Actor) ImageView {
	v := ImageView{Image: r.Image, Type: r.Image.TypeFor(actor.AccountID), OwnerName: r.OwnerName, LiveShares: r.LiveShares,
		tagged: r.HasTags}
	v.decide()
	v.Notice.Successor = r.successorOf(v)
	return v
}

func viewsOf(rows []imageViewRow, actor Actor) []ImageView {
	out := make([]ImageView, len(rows))
	for i, r := range rows {
		out[i] = r.view(actor)
	}
	return out
}

// imageNotFound is the one answer for an image the actor may not see.
func imageNotFound(id string) *Error {
	return notFound("InvalidImageId.NotFound", Msg("image.not_found", id))
}

// getVisible loads one image as the actor sees it.
func getVisible(tx *gorm.DB, actor Actor, id string) (ImageView, error) {
	if !ValidImageID(id) {
		return ImageView{}, imageNotFound(id)
	}
	return takeImageView(selectImageViews(visibleTo(tx.Table("images"), actor), actor), actor, id)
}

// takeImageView reads the one image id from a read built on
// selectImageViews; not found when the read leaves it out.
func takeImageView(q *gorm.DB, actor Actor, id string) (ImageView, error) {
	views, err := readImageViews(q.Where("images.id = ?", id).Limit(1), actor)
	if err != nil {
		return ImageView{}, fmt.Errorf("get image: %w", err)
	}
	if len(views) == 0 {
		return ImageView{}, imageNotFound(id)
	}
	return views[0], nil
}

// getOwned loads an image the actor must own for op, with the refusal op's
// rule gives anyone else (ownerRefusal).
func getOwned(tx *gorm.DB, actor Actor, id, op string) (ImageView, error) {
	img, err := getVisible(tx, actor, id)
	if err != nil {
		return img, err
	}
	if r := ownerRefusal(&img, op); r != nil {
		return img, r
	}
	return img, nil
}

// Owner-only operations, each with the refusal its rule gives a recipient.
const (
	OpEdit   = "edit"   // R2
	OpDelete = "delete" // R7
	OpCopy   = "copy"   // R5
	OpShare  = "share"  // R9
	// OpCancelShares is ending the image's shares (R9, R15).
	OpCancelShares = "cancel_shares"
	// OpManage is reading what only the owner may know (shares, copies,
	// impact): anyone else is told the image does not exist.
	OpManage = "manage"
)

// ownerRefusal is the refusal an owner-only operation gives a viewer who
// does not own the image (R2, R5, R7, R9 differ for a recipient), or nil for
// the owner.
func ownerRefusal(img *ImageView, op string) *Error {
	switch {
	case img.Type == PrivateImage:
		return nil
	case op == OpManage:
		return imageNotFound(img.ID)
	case img.Type == PublicImage:
		return &Error{Kind: ErrInvalid, Code: "UnauthorizedOperation.ImageNotBelongToAccount", Msg: Msg("image.not_yours")}
	}
	switch op {
	case OpEdit:
		return &Error{Kind: ErrInvalid, Code: "UnsupportedOperation.SharedImageModifyUnsupported", Msg: Msg("image.shared_no_modify")}
	case OpDelete:
		return &Error{Kind: ErrInvalid, Code: "InvalidParameterValue.InvalidImageIdIsShared", Msg: Msg("image.shared_no_delete")}
	case OpCopy:
		return &Error{Kind: ErrInvalid, Code: "UnauthorizedOperation.ImageNotBelongToAccount", Msg: Msg("image.shared_no_copy")}
	case OpCancelShares:
		return &Error{Kind: ErrInvalid, Code: "UnauthorizedOperation.ImageNotBelongToAccount", Msg: Msg("share.not_owner_cancel")}
	}
	return &Error{Kind: ErrInvalid, Code: "UnauthorizedOperation.ImageNotBelongToAccount", Msg: Msg("share.not_owner")}
}

// Owned returns an image of the actor's own account for an owner-only
// operation, or the refusal that operation's rule gives anyone else: pages
// offering the operation ask first, so a recipient never sees its form.
func (s *ImageStore) Owned(ctx context.Context, actor Actor, id, op string) (ImageView, error) {
	return getOwned(s.db.reader(ctx), actor, id, op)
}

// Get returns one image the actor may see.
func (s *ImageStore) Get(ctx context.Context, actor Actor, id string) (ImageView, error) {
	return getVisible(s.db.reader(ctx), actor, id)
}

// InRegion returns one image the actor may see, in one region: the API
// scopes every call to its X-TC-Region, so an image elsewhere is not found
// there (R4), as an image the actor may not see is not found anywhere.
func (s *ImageStore) InRegion(ctx context.Context, actor Actor, id, region string) (ImageView, error) {
	img, err := s.Get(ctx, actor, id)
	if err == nil && img.RegionID != region {
		return ImageView{}, imageNotFound(id)
	}
	return img, err
}
