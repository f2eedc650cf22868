package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Usable lists the NORMAL images an actor may launch or reinstall from in a
// region (R4, R13): public, its own, and those shared with it. One query.
func (s *ImageStore) Usable(ctx context.Context, actor Actor, region string) ([]ImageView, error) {
	views, err := readImageViews(selectImageViews(visibleTo(s.db.reader(ctx).Table("images"), actor), actor).
		Where("images.region_id = ? AND images.state = ?", region, ImageNormal).
		Order("images.name, images.id").Limit(1000), actor)
	if err != nil {
		return nil, fmt.Errorf("usable images: %w", err)
	}
	return views, nil
}

// copiesOf lists the copies made of one of the actor's images, in any
// region, newest first, so the owner can follow them from the source.
func copiesOf(db *gorm.DB, actor Actor, id string) ([]Image, error) {
	var out []Image
	err := db.Where(notBinned).Where("source_image_id = ? AND source = ? AND owner_account_id = ?", id, SourceCopy, actor.AccountID).
		Order("created_at DESC, id").Limit(100).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("image copies: %w", err)
	}
	return out, nil
}

// ImpactRow counts the live instances one account launched from an image.
type ImpactRow struct {
	AccountID   string
	AccountName string
	Instances   int
}

// Impact tells an image's owner which accounts run instances launched from it
// and how many: what cancelling a share or deleting would (not) touch. Others
// learn nothing (not found).
func (s *ImageStore) Impact(ctx context.Context, actor Actor, id string) ([]ImpactRow, error) {
	db := s.db.reader(ctx)
	if _, err := getOwned(db, actor, id, OpManage); err != nil {
		return nil, err
	}
	return impactOf(db, id)
}

// impactOf counts an image's live instances per account; the caller has
// checked that the actor owns the image.
func impactOf(db *gorm.DB, id string) ([]ImpactRow, error) {
	var out []ImpactRow
	err := db.Table("instances").Select("instances.account_id, accounts.name AS account_name, COUNT(*) AS instances").
		Joins("JOIN accounts ON accounts.id = instances.account_id").
		Where("instances.image_id = ? AND instances.state <> ?", id, InstanceTerminated).
		Group("instances.account_id, accounts.name").Order("instances.account_id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("image impact: %w", err)
	}
	return out, nil
}
