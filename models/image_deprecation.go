package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// ImageLifecycle is what an owner decided about an image's use (R21, R22),
// stored with the image.
type ImageLifecycle struct {
	// DeprecateAt is when the image is (or becomes) deprecated, in UTC; nil
	// when it is not. Before that moment nobody but the owner is told.
	DeprecateAt *time.Time
	// SuccessorImageID names the owner's image to use instead, or "".
	SuccessorImageID string
	// Disabled: no new launches, reinstalls, shares, copies or downloads by
	// anyone until the owner enables it again (R21).
	Disabled bool
	// DeletionProtection refuses every delete until turned off (R22).
	DeletionProtection bool
}

// ImageRef names an image the viewer is pointed to.
type ImageRef struct {
	ID, Name string
	// Visible: the viewer may open it (its owner, or shared with the
	// viewer); otherwise only its name and ID are told.
	Visible bool
}

// Deprecation is what an owner sets when deprecating an image (R21).
type Deprecation struct {
	// At is when it becomes deprecated; nil is now.
	At *time.Time
	// SuccessorID is the owner's image to use instead; "" for none.
	SuccessorID string
}

// MaxDeprecationDelay bounds how far ahead a deprecation may be scheduled.
const MaxDeprecationDelay = 10 * 365 * 24 * time.Hour

// deprecationSlack forgives a time "now" that a form took a moment to send.
const deprecationSlack = 5 * time.Minute

// deprecatedAt reports whether the image is deprecated at now: a
// deprecation scheduled for later starts showing then (R21).
func (l ImageLifecycle) deprecatedAt(now time.Time) bool {
	return l.DeprecateAt != nil && !now.Before(*l.DeprecateAt)
}

// ParseDeprecateAt reads the time a form schedules a deprecation for: the
// picker's value converted to UTC by the browser (utc), else as typed.
func ParseDeprecateAt(local, utc string) (*time.Time, error) {
	at, err := ParseExpiry(local, utc)
	switch {
	case err != nil:
		return nil, invalid("InvalidParameterValue", FieldError{"at", Msg("expiry.malformed")})
	case at == nil:
		return nil, invalid("MissingParameter", FieldError{"at", Msg("deprecate.at_required")})
	}
	return at, nil
}

// deprecateTimeRefusal is R21's refusal of a deprecation time: from now on,
// at most ten years ahead.
func deprecateTimeRefusal(now time.Time, at *time.Time) *Error {
	if at == nil {
		return nil
	}
	if at.Before(now.Add(-deprecationSlack)) || at.After(now.Add(MaxDeprecationDelay)) {
		return invalid("InvalidParameterValue", FieldError{"at", Msg("deprecate.at_out_of_range")})
	}
	return nil
}

// cancelDeprecationRefusal: there must be a deprecation to cancel, now or
// scheduled.
func cancelDeprecationRefusal(v *ImageView) *Error {
	if r := ownerRefusal(v, OpEdit); r != nil {
		return r
	}
	if v.DeprecateAt == nil {
		return &Error{Kind: ErrConflict, Code: "FailedOperation.ImageNotDeprecated", Msg: Msg("deprecate.not_deprecated")}
	}
	return nil
}

// successorRefusal applies R21 to a successor: the owner's own NORMAL image
// in the image's region, in use, other than the image itself.
func successorRefusal(tx *gorm.DB, actor Actor, img ImageView, id string) error {
	if id == "" {
		return nil
	}
	refuse := func(key string) error {
		return invalid("InvalidParameterValue.InvalidSuccessor", FieldError{"successor", Msg(key, id)})
	}
	if id == img.ID {
		return refuse("deprecate.successor_self")
	}
	s, err := getVisible(tx, actor, id)
	if de, ok := AsError(err); ok && de.Code == "InvalidImageId.NotFound" {
		return refuse("deprecate.successor_not_found")
	}
	switch {
	case err != nil:
		return err
	case s.Type != PrivateImage:
		return refuse("deprecate.successor_not_yours")
	case s.RegionID != img.RegionID:
		return refuse("deprecate.successor_other_region")
	case s.Disabled:
		return refuse("deprecate.successor_disabled")
	case !s.Ready():
		return refuse("deprecate.successor_not_normal")
	}
	return nil
}

// Deprecate marks one of the actor's images deprecated, now or at a time,
// optionally naming a successor (R21). Launches from it keep working; every
// viewer is told once the time has come. Its recipients are notified.
func (s *ImageStore) Deprecate(ctx context.Context, actor Actor, id string, in Deprecation) error {
	now := time.Now().UTC()
	err := s.lifecycleChange(ctx, actor, "image.deprecate", id, ownerOnly, func(tx *gorm.DB, img ImageView, ev *AuditEvent) error {
		at := now
		if in.At != nil {
			at = in.At.UTC()
		}
		ev.Detail = "at=" + at.Format(time.RFC3339)
		if in.SuccessorID != "" {
			ev.Detail += " successor=" + in.SuccessorID
		}
		if r := deprecateTimeRefusal(now, in.At); r != nil {
			return r
		}
		if err := successorRefusal(tx, actor, img, in.SuccessorID); err != nil {
			return err
		}
		err := tx.Model(&Image{}).Where("id = ?", img.ID).Updates(map[string]any{
			"deprecate_at": at, "successor_image_id": in.SuccessorID, "updated_at": now}).Error
		if err != nil {
			return err
		}
		return notifyRecipients(tx, img.Image, NoteImageDeprecated)
	})
	return wrap("deprecate image", err)
}

// CancelDeprecation makes a deprecated (or scheduled) image current again.
func (s *ImageStore) CancelDeprecation(ctx context.Context, actor Actor, id string) error {
	err := s.lifecycleChange(ctx, actor, "image.deprecate_cancel", id, cancelDeprecationRefusal, func(tx *gorm.DB, img ImageView, _ *AuditEvent) error {
		return tx.Model(&Image{}).Where("id = ?", img.ID).Updates(map[string]any{
			"deprecate_at": gorm.Expr("NULL"), "successor_image_id": "", "updated_at": time.Now().UTC()}).Error
	})
	return wrap("cancel image deprecation", err)
}

// SuccessorChoices lists the images the actor may name as the successor of
// one of its images: its own NORMAL images in use in the same region.
func (s *ImageStore) SuccessorChoices(ctx context.Context, actor Actor, id string) ([]ImageView, error) {
	var out []ImageView
	err := s.db.view(ctx, func(tx *gorm.DB) error {
		img, err := getOwned(tx, actor, id, OpEdit)
		if err != nil {
			return err
		}
		out, err = readImageViews(selectImageViews(tx.Table("images").Where(notBinned), actor).
			Where("images.owner_account_id = ? AND images.region_id = ? AND images.state = ? AND images.id <> ? AND images.disabled = ?",
				actor.AccountID, img.RegionID, ImageNormal, img.ID, false).
			Order("images.name, images.id").Limit(MaxPageSize), actor)
		return err
	})
	return out, wrap("successor choices", err)
}

// lifecycleChange runs one owner's change of an image's lifecycle, audited,
// with the image locked and refuse (the rule its Can verdict reads) applied
// first.
func (s *ImageStore) lifecycleChange(ctx context.Context, actor Actor, action, id string, refuse func(*ImageView) *Error,
	fn func(tx *gorm.DB, img ImageView, ev *AuditEvent) error) error {
	return s.db.change(ctx, actor, action, func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = id
		// Lock first, so the verdict below sees the latest change (an image
		// the actor may not see is not found either way).
		if err := lockImage(tx, id); err != nil {
			return err
		}
		img, err := getVisible(tx, actor, id)
		if err != nil {
			return err
		}
		if r := refuse(&img); r != nil {
			return r
		}
		return fn(tx, img, ev)
	})
}

// ownerOnly is the refusal of a lifecycle change any owner may make.
func ownerOnly(v *ImageView) *Error { return ownerRefusal(v, OpEdit) }

// successorColumns are the successor's columns of imageViewRow (a binned
// successor is none), read only for rows that name one.
const successorColumns = "CASE WHEN images.successor_image_id = '' THEN '' ELSE COALESCE(" +
	"(SELECT successors.name FROM images successors WHERE successors.id = images.successor_image_id AND successors.binned_at IS NULL), '') END AS successor_name, " +
	"CASE WHEN images.successor_image_id = '' THEN '' ELSE COALESCE(" +
	"(SELECT successors.owner_account_id FROM images successors WHERE successors.id = images.successor_image_id AND successors.binned_at IS NULL), '') END AS successor_owner_id"

// resolveSuccessors tells, for rows naming a successor, whether the actor
// may open it: the one visibility rule (visibleTo), asked once for all the
// rows and only when a successor is not the actor's own. As a column of
// every read, SQLite built the actor's set of shared images for each
// statement even when no row had a successor (about half of a list page's
// query time).
func resolveSuccessors(db *gorm.DB, actor Actor, rows []imageViewRow) error {
	var ask []string
	for i := range rows {
		r := &rows[i]
		switch {
		case r.SuccessorImageID == "" || r.SuccessorName == "":
		case r.SuccessorOwnerID == actor.AccountID:
			r.SuccessorVisible = true
		default:
			ask = append(ask, r.SuccessorImageID)
		}
	}
	if len(ask) == 0 {
		return nil
	}
	var visible []string
	if err := visibleTo(db.Table("images"), actor).Where("images.id IN ?", ask).Pluck("images.id", &visible).Error; err != nil {
		return fmt.Errorf("successors: %w", err)
	}
	for i := range rows {
		if slices.Contains(visible, rows[i].SuccessorImageID) {
			rows[i].SuccessorVisible = true
		}
	}
	return nil
}

// successorOf is the image a viewer is pointed to instead of a deprecated
// one, as the image read scanned it; nil when there is none to tell.
func (r imageViewRow) successorOf(v ImageView) *ImageRef {
	if r.SuccessorImageID == "" || r.SuccessorName == "" || (!v.Notice.Deprecated && v.Type != PrivateImage) {
		return nil
	}
	return &ImageRef{ID: r.SuccessorImageID, Name: r.SuccessorName, Visible: r.SuccessorVisible}
}
