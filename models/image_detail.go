package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// ImageDetail is everything the image's page shows, read together: the
// image as the viewer sees it, for a recipient when its access ends,
// and, for its owner only, its copies with
// their copy-then-share steps, the recipients it manages, its sharing
// history and the instances launched from it.
type ImageDetail struct {
	Image      ImageView
	Copies     []Image
	Pending    map[string]PendingShare // by image ID: the image's own step and its copies'
	Recipients []ShareView
	History    []ShareView
	Impact     []ImpactRow
	ShareCap   int        // N of R1, which the share count is out of
	AccessEnds *time.Time // for a recipient: when its share ends (R20)
}

// Detail reads an image's page on the read pool: one visibility check, then
// the owner's parts, instead of a check per part (an image never changes
// owner, so the check holds for the parts read after it).
func (s *ImageStore) Detail(ctx context.Context, actor Actor, id string) (ImageDetail, error) {
	var d ImageDetail
	err := s.db.view(ctx, func(tx *gorm.DB) error {
		var err error
		if d.Image, err = getVisible(tx, actor, id); err != nil {
			return err
		}
		if d.Image.Tags, err = tagsOf(tx, d.Image); err != nil {
			return err
		}
		if d.Image.Can.Leave.OK() { // shared with the viewer
			d.AccessEnds, err = accessEnds(tx, actor, id)
			return err
		}
		if !d.Image.Can.Manage.OK() {
			return nil
		}
		if d.Copies, err = copiesOf(tx, actor, id); err != nil {
			return err
		}
		ids := []string{id}
		for _, cp := range d.Copies {
			ids = append(ids, cp.ID)
		}
		if d.Pending, err = pendingSharesOf(tx, actor, ids); err != nil {
			return err
		}
		if d.Recipients, err = shareViews(tx, id, managedShares); err != nil {
			return err
		}
		if d.History, err = shareViews(tx, id, allShares); err != nil {
			return err
		}
		if d.ShareCap, err = shareCap(tx); err != nil {
			return err
		}
		d.Impact, err = impactOf(tx, id)
		return err
	})
	return d, err
}
