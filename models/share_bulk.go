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

// Bulk sharing (R26): several of one's images, in one region, shared with
// the same accounts (or organization units, R25) in one change. Nothing here
// re-states a rule: each image is judged by the functions a single share
// runs (checkShare: R9, R13, R21, R1, R14, and R25's targets through it) and
// written by shareTx itself, so a bulk share and a single one cannot say
// different things about the same image.

// MaxBulkShare bounds the images of one bulk share: a page of the Custom
// images tab (its default page size), the most a person can tick at once.
const MaxBulkShare = 20

// codeBulkRegion is the refusal of an image outside the request's region:
// images live in one region (R4), and sharing across regions means copying
// first (R12).
const codeBulkRegion = "InvalidParameterValue.InvalidRegion"

// BulkShareRequest shares several images of the actor's account with the
// same targets, all or nothing.
type BulkShareRequest struct {
	// ImageIDs are the images, in one region; an id given twice counts once.
	ImageIDs []string
	// Region is where the images must be (the console's region, the API
	// call's); empty means the first image's.
	Region string
	// Share is what every image is shared with, as a single share takes
	// it: the accounts (or units) typed, the risk notice (R10, accepted once
	// for all), an optional expiry (R20). Its ImageID is ignored.
	Share ShareRequest
}

// ImageShareVerdict is the verdict on one image of a bulk share.
type ImageShareVerdict struct {
	ImageID string
	Name    string // empty when the actor may not see the image
	// Refusal is nil when the image can be shared; otherwise exactly what
	// sharing this image alone would answer (code, message, fields).
	Refusal *Error
	// Accounts are the per-account verdicts (R14, R1) once the image itself
	// may be shared; empty when the image was refused before that.
	Accounts []AccountCheck
}

// OK reports whether the image can be shared as asked.
func (v ImageShareVerdict) OK() bool { return v.Refusal == nil }

// BulkShareCheck is the verdict on a whole bulk share, image by image, in
// the order the images were given.
type BulkShareCheck struct {
	Region string
	Images []ImageShareVerdict
}

// OK reports whether every image can be shared: only then does ShareMany
// write anything.
func (c BulkShareCheck) OK() bool {
	return len(c.Images) > 0 && !slices.ContainsFunc(c.Images, func(v ImageShareVerdict) bool { return !v.OK() })
}

// Refused returns the verdicts of the images that cannot be shared.
func (c BulkShareCheck) Refused() []ImageShareVerdict {
	var out []ImageShareVerdict
	for _, v := range c.Images {
		if !v.OK() {
			out = append(out, v)
		}
	}
	return out
}

// Error is the refusal of the whole request when an image is refused, nil
// otherwise: a *BulkShareError carrying every verdict, which unwraps to a
// coded *Error (the first refused image's code; a field per refused image).
func (c BulkShareCheck) Error() error {
	refused := c.Refused()
	if len(refused) == 0 {
		return nil
	}
	fields := make([]FieldError, len(refused))
	for i, v := range refused {
		// The refusal's most specific message: its first field's (the
		// account already shared with, the cap) when it has one.
		detail := v.Refusal.Msg
		if len(v.Refusal.Fields) > 0 {
			detail = v.Refusal.Fields[0].Msg
		}
		fields[i] = FieldError{v.ImageID, Msg("bulk.image_refused", v.ImageID, detail)}
	}
	e := &Error{Kind: refused[0].Refusal.Kind, Code: refused[0].Refusal.Code,
		Msg: Msg("bulk.refused", len(refused), len(c.Images)), Fields: fields}
	return &BulkShareError{Check: c, err: e}
}

// BulkShareError refuses a bulk share because of some of its images; Check
// holds the verdict on each. errors.As finds the coded *Error inside, so the
// API and the console's error handler treat it as any refusal.
type BulkShareError struct {
	Check BulkShareCheck
	err   *Error
}

func (e *BulkShareError) Error() string { return e.err.Error() }

// Unwrap returns the coded refusal.
func (e *BulkShareError) Unwrap() error { return e.err }

// AsBulkShareError extracts the verdicts of a refused bulk share.
func AsBulkShareError(err error) (*BulkShareError, bool) {
	var e *BulkShareError
	ok := errors.As(err, &e)
	return e, ok
}

// BulkShared is one image a bulk share shared, with its new shares.
type BulkShared struct {
	ImageID string
	Name    string
	Shares  []Share
}

// BulkShareResult is what a bulk share wrote, image by image.
type BulkShareResult struct {
	Region string
	Images []BulkShared
}

// Status is the status the new shares start in (active, pending under
// review R17, offered under consent R19): the same for every image.
func (r BulkShareResult) Status() string {
	for _, img := range r.Images {
		if len(img.Shares) > 0 {
			return img.Shares[0].Status
		}
	}
	return ""
}

// Targets is how many targets each image was shared with.
func (r BulkShareResult) Targets() int {
	if len(r.Images) == 0 {
		return 0
	}
	return len(r.Images[0].Shares)
}

// normalize drops repeated images and targets, keeping the first of each.
func (in BulkShareRequest) normalize() BulkShareRequest {
	in.ImageIDs = dedupe(in.ImageIDs)
	in.Share.AccountIDs = dedupe(in.Share.AccountIDs)
	in.Share.ImageID = ""
	return in
}

// bulkRequestRefusal checks what belongs to the request as a whole rather
// than to an image: some images and not too many, a known region, the
// targets typed, the risk notice accepted once for all (R10) and the expiry
// (R20), with the codes and messages of a single share.
func bulkRequestRefusal(in BulkShareRequest) *Error {
	switch {
	case len(in.ImageIDs) == 0:
		return invalid("MissingParameter", FieldError{"images", Msg("bulk.no_images")})
	case len(in.ImageIDs) > MaxBulkShare:
		return invalid("InvalidParameterValue.TooLarge", FieldError{"images", Msg("bulk.too_many", MaxBulkShare)})
	case in.Region != "" && !ValidRegion(in.Region):
		return invalid(codeBulkRegion, FieldError{"images", Msg("images.bad_region", in.Region)})
	case len(in.Share.AccountIDs) == 0:
		return invalid("MissingParameter", FieldError{"accounts", Msg("share.no_accounts")})
	case !in.Share.RiskAccepted:
		return invalid("MissingParameter", FieldError{"risk", Msg("share.risk_required")})
	}
	return expiryRefusal(time.Now().UTC(), in.Share.ExpiresAt)
}

// judgeImage is the verdict on one image of a bulk share: visible to the
// actor, in the request's region, then what a single share of it would say
// (checkShare, then its verdict as a whole). region is the request's region,
// or "" to take this image's. A domain refusal becomes the verdict; only
// other failures are returned.
func judgeImage(tx *gorm.DB, actor Actor, region *string, id string, accounts []string) (ImageShareVerdict, error) {
	v := ImageShareVerdict{ImageID: id}
	img, err := getVisible(tx, actor, id)
	if err != nil {
		return v, refusalOrErr(&v, err)
	}
	v.Name = img.Name
	if *region == "" {
		*region = img.RegionID
	}
	if img.RegionID != *region {
		v.Refusal = invalid(codeBulkRegion, FieldError{"images", Msg("bulk.other_region", id, regionKey(img.RegionID), regionKey(*region))})
		return v, nil
	}
	check, err := checkShare(tx, actor, id, accounts)
	if err != nil {
		return v, refusalOrErr(&v, err)
	}
	v.Accounts = check.Accounts
	if err := check.Error(); err != nil {
		return v, refusalOrErr(&v, err)
	}
	return v, nil
}

// refusalOrErr records a domain refusal as the image's verdict (nil error),
// and passes anything else on.
func refusalOrErr(v *ImageShareVerdict, err error) error {
	if de, ok := AsError(err); ok {
		v.Refusal = de
		return nil
	}
	return err
}

// judgeAll judges every image of a normalized request, in its order.
func judgeAll(tx *gorm.DB, actor Actor, in BulkShareRequest) (BulkShareCheck, error) {
	check := BulkShareCheck{Region: in.Region}
	for _, id := range in.ImageIDs {
		v, err := judgeImage(tx, actor, &check.Region, id, in.Share.AccountIDs)
		if err != nil {
			return check, err
		}
		check.Images = append(check.Images, v)
	}
	return check, nil
}

// CheckMany returns the verdict on a bulk share without sharing: the
// confirmation step shows it, image by image. A refusal of the request as a
// whole (no images, too many, no targets, the risk notice not accepted, a
// bad expiry) is the error; the images' refusals are in the check. Like
// Check, it reads without waiting for writers, and charges the accounts it
// names to the user's look-up budget (once, however many images).
func (s *ShareStore) CheckMany(ctx context.Context, actor Actor, in BulkShareRequest) (BulkShareCheck, error) {
	in = in.normalize()
	if r := bulkRequestRefusal(in); r != nil {
		return BulkShareCheck{Region: in.Region}, r
	}
	var check BulkShareCheck
	err := s.db.view(ctx, func(tx *gorm.DB) error {
		var err error
		check, err = judgeAll(tx, actor, in)
		return err
	})
	if err == nil {
		err = s.chargeLookups(ctx, actor, in.ImageIDs[0], in.Share.AccountIDs)
	}
	return check, wrap("check bulk share", err)
}

// ShareMany shares every image of the request with the same targets in one
// transaction, or none (R26). The images are locked first, in id order, so
// bulk shares of overlapping images wait for each other instead of
// deadlocking, and the cap (R1) and one live share per account (R14) hold
// under concurrent requests as for a single share. Each image is then judged
// as a single share would judge it; if any is refused, nothing is written and
// the error (a *BulkShareError) carries every image's verdict. Otherwise each
// image is shared by the single share's own code (review R17, consent R19,
// expiry R20, notifications), and audited as a single share is: one
// share.create event per image.
func (s *ShareStore) ShareMany(ctx context.Context, actor Actor, in BulkShareRequest) (BulkShareResult, error) {
	in = in.normalize()
	if r := bulkRequestRefusal(in); r != nil {
		s.recordBulkRefusal(ctx, actor, in, strings.Join(in.ImageIDs, " "), r.Code)
		return BulkShareResult{}, r
	}
	var out BulkShareResult
	var refused *BulkShareError
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = shareManyTx(tx, actor, in)
		if e, ok := AsBulkShareError(err); ok {
			refused = e
		}
		if err != nil || !isDryRun(ctx) {
			return err
		}
		return errRollBack
	})
	switch {
	case errors.Is(err, errRollBack):
		return BulkShareResult{}, ErrDryRunPassed
	case refused != nil:
		for _, v := range refused.Check.Refused() {
			s.recordBulkRefusal(ctx, actor, in, v.ImageID, v.Refusal.Code)
		}
	case errors.Is(err, gorm.ErrDuplicatedKey):
		// Cannot happen while the images are locked; said as a single share says it.
		return BulkShareResult{}, invalid("FailedOperation.AccountAlreadyExists", FieldError{"accounts", Msg("share.concurrent")})
	}
	if err != nil {
		return BulkShareResult{}, wrap("share images", err)
	}
	return out, nil
}

func shareManyTx(tx *gorm.DB, actor Actor, in BulkShareRequest) (BulkShareResult, error) {
	locked := slices.Clone(in.ImageIDs)
	slices.Sort(locked)
	for _, id := range locked {
		// An image that does not exist gets its verdict below.
		if err := lockImage(tx, id); err != nil && !errors.Is(err, ErrNotFound) {
			return BulkShareResult{}, err
		}
	}
	check, err := judgeAll(tx, actor, in)
	if err != nil {
		return BulkShareResult{}, err
	}
	if err := check.Error(); err != nil {
		return BulkShareResult{}, err
	}
	out := BulkShareResult{Region: check.Region}
	for i, v := range check.Images {
		req := in.Share
		req.ImageID = v.ImageID
		shares, err := shareTx(tx, actor, req)
		if de, ok := AsError(err); ok {
			// The single share refused what the check let through: still a
			// verdict, still nothing written.
			check.Images[i].Refusal = de
			return BulkShareResult{}, check.Error()
		}
		if err != nil {
			return BulkShareResult{}, err
		}
		ev := newEvent(tx.Statement.Context, actor, "share.create")
		ev.Resource, ev.Detail, ev.Outcome = v.ImageID, strings.Join(in.Share.AccountIDs, " "), OutcomeOK
		if err := tx.Create(&ev).Error; err != nil {
			return BulkShareResult{}, fmt.Errorf("audit: %w", err)
		}
		out.Images = append(out.Images, BulkShared{ImageID: v.ImageID, Name: v.Name, Shares: shares})
	}
	return out, nil
}

// recordBulkRefusal audits a refused bulk share as single shares are
// audited: a share.create event with the refusal's code (best effort).
func (s *ShareStore) recordBulkRefusal(ctx context.Context, actor Actor, in BulkShareRequest, resource, code string) {
	if isDryRun(ctx) {
		return
	}
	ev := newEvent(ctx, actor, "share.create")
	ev.Resource, ev.Detail, ev.Outcome = resource, strings.Join(in.Share.AccountIDs, " "), code
	s.db.recordEvent(ctx, ev)
}
