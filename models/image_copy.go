package models

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ImageCopy copies an image to other regions.
type ImageCopy struct {
	Regions []string
	Name    string // empty: the source's name
	// ShareWith are accounts to share each copy with once it is NORMAL
	// (R12: copy to the recipient's region, then share the copy there).
	ShareWith    []string
	RiskAccepted bool // R10, when ShareWith is given
}

// Copy starts copying one of the actor's NORMAL custom images to one or more
// other regions (R5, R12, R13). Every target is checked first (a real region,
// not the source's, the name free there, the quota not exceeded) and then all
// copies start, or none does. Each copy is a new custom image of the owner,
// SYNCING until the simulator finishes, with no shares.
func (s *ImageStore) Copy(ctx context.Context, actor Actor, id string, in ImageCopy) ([]Image, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.ShareWith = dedupe(in.ShareWith)
	var out []Image
	err := s.db.change(ctx, actor, "image.copy", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = id, strings.Join(in.Regions, " ")
		src, err := getOwned(tx, actor, id, OpCopy)
		if err != nil {
			return err
		}
		if r := requireUsable(src.Image, "regions"); r != nil {
			return r
		}
		if in.Name == "" {
			in.Name = src.Name
		}
		if e := checkImageName(in.Name); e != nil {
			return e
		}
		regions, err := copyTargets(src.RegionID, in.Regions)
		if err != nil {
			return err
		}
		if err := lockAccount(tx, actor.AccountID); err != nil {
			return err
		}
		if err := checkShareWith(tx, actor, in.ShareWith, in.RiskAccepted); err != nil {
			return err
		}
		for _, r := range regions {
			if err := checkNameFree(tx, actor.AccountID, r, in.Name, ""); err != nil {
				return err
			}
			if err := checkQuota(tx, actor.AccountID, r, 1); err != nil {
				return err
			}
		}
		now := time.Now().UTC()
		for _, r := range regions {
			owner := actor.AccountID
			cp := Image{
				ID: newID("img-"), RegionID: r, OwnerAccountID: &owner, Name: in.Name, Description: src.Description,
				OSName: src.OSName, Platform: src.Platform, Architecture: src.Architecture, SizeGB: src.SizeGB,
				State: ImageSyncing, Source: SourceCopy, SourceImageID: src.ID, CreatedAt: now, UpdatedAt: now,
			}
			if err := tx.Create(&cp).Error; err != nil {
				return err
			}
			if err := copyTags(tx, src.ID, cp.ID); err != nil {
				return err
			}
			if err := startCopy(tx, src.Image, &cp); err != nil {
				return err
			}
			if len(in.ShareWith) > 0 {
				p := PendingShare{ImageID: cp.ID, AccountIDs: strings.Join(in.ShareWith, " "), UserID: actor.UserID,
					State: PendingWaiting, CreatedAt: now, UpdatedAt: now}
				if err := tx.Create(&p).Error; err != nil {
					return err
				}
			}
			out = append(out, cp)
		}
		return nil
	})
	return out, wrap("copy image", err)
}

// copyTargets validates and de-duplicates the target regions, in region order.
func copyTargets(source string, requested []string) ([]string, error) {
	if len(requested) == 0 {
		return nil, invalid("MissingParameter", FieldError{"regions", Msg("image.copy_no_region")})
	}
	var out []string
	for _, r := range RegionIDs {
		if slices.Contains(requested, r) {
			out = append(out, r)
		}
	}
	for _, r := range requested {
		if !ValidRegion(r) {
			return nil, invalid("InvalidParameterValue.InvalidRegion", FieldError{"regions", Msg("images.bad_region", r)})
		}
		if r == source {
			return nil, invalid("InvalidParameterValue.InvalidRegion", FieldError{"regions", Msg("image.copy_same_region", regionKey(r))})
		}
	}
	return out, nil
}
