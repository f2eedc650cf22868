package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// NewImage is a custom image to make from an instance.
type NewImage struct {
	InstanceID  string
	Name        string
	Description string
}

// CreateFromInstance starts making a custom image of an instance's system
// disk, in the instance's region. The image is CREATING until the simulator
// finishes it. It counts toward the account's quota there from the start
// (R3), its name follows R16, and the owner may do this with instances
// launched from its own shared images (R11) or from images shared with it.
func (s *ImageStore) CreateFromInstance(ctx context.Context, actor Actor, in NewImage) (Image, error) {
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	var out Image
	err := s.db.change(ctx, actor, "image.create", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = in.InstanceID
		ins, err := getInstance(tx, actor, in.InstanceID)
		if err != nil {
			return err
		}
		if r := ins.Can().CreateImage.Refusal; r != nil {
			return r
		}
		if e := checkImageText(in.Name, in.Description); e != nil {
			return e
		}
		if err := lockAccount(tx, actor.AccountID); err != nil {
			return err
		}
		if err := checkNameFree(tx, actor.AccountID, ins.RegionID, in.Name, ""); err != nil {
			return err
		}
		if err := checkQuota(tx, actor.AccountID, ins.RegionID, 1); err != nil {
			return err
		}
		now := time.Now().UTC()
		owner := actor.AccountID
		out = Image{
			ID: newID("img-"), RegionID: ins.RegionID, OwnerAccountID: &owner, Name: in.Name, Description: in.Description,
			OSName: ins.OSName, Platform: ins.Platform, Architecture: ins.Architecture, SizeGB: ins.DiskGB,
			State: ImageCreating, Source: SourceCreateImage, SourceImageID: ins.ImageID, SourceInstanceID: ins.ID,
			CreatedAt: now, UpdatedAt: now,
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		if err := shareDisk(tx, &out, ins); err != nil {
			return err
		}
		ev.Resource, ev.Detail = out.ID, "from "+ins.ID+": "+out.Name
		return enqueue(tx, Job{Kind: JobImageCreate, ImageID: out.ID, InstanceID: ins.ID})
	})
	return out, wrap("create image", err)
}
