package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// ImageBin is where a custom image stands in its owner's recycle bin (R23):
// never binned (all nil), binned until PurgeAt, or purged (PurgedAt set: its
// row stays for the history that names it, its bytes are freed).
type ImageBin struct {
	BinnedAt *time.Time
	PurgeAt  *time.Time
	PurgedAt *time.Time
}

// notBinned is the one exclusion of the recycle bin: an image in the bin, or
// purged from it, does not exist anywhere but in the bin (R23). Every read of
// images that a viewer sees goes through visibleTo or tabScope, which both
// apply it.
const notBinned = "images.binned_at IS NULL"

// inBin selects the images of an account's bin: binned, not yet purged.
const inBin = "images.binned_at IS NOT NULL AND images.purged_at IS NULL"

// Bin retention (R23): how many days a deleted image waits in its owner's
// bin; 0 deletes at once.
const (
	DefaultBinRetentionDays = 7
	MaxBinRetentionDays     = 365
)

const settingBinRetentionDays = "bin_retention_days"

// binRetentionDays returns the retention in force.
func binRetentionDays(tx *gorm.DB) (int, error) {
	return daysSetting(tx, settingBinRetentionDays, DefaultBinRetentionDays, MaxBinRetentionDays)
}

// daysSetting reads a setting of 0 to most days; unset or out of range,
// it is def.
func daysSetting(tx *gorm.DB, key string, def, most int) (int, error) {
	v, err := setting(tx, key)
	if err != nil || v == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > most {
		return def, nil
	}
	return n, nil
}

// binSettings checks the bin's setting of an admin's change and returns it
// to store, or the field error.
func binSettings(in Settings) (map[string]string, []FieldError) {
	if in.BinRetentionDays < 0 || in.BinRetentionDays > MaxBinRetentionDays {
		return nil, []FieldError{{"bin_retention_days", Msg("admin.bin_retention_range", MaxBinRetentionDays)}}
	}
	return map[string]string{settingBinRetentionDays: strconv.Itoa(in.BinRetentionDays)}, nil
}

// binImage is what deleting does once R6 allowed it: the image moves to its
// owner's bin for the retention in force, or with no retention is purged at
// once. Shares still live with disabled accounts (suspended) end here, so a
// restored image comes back unshared. It returns whether the image was
// binned (false: purged).
func binImage(tx *gorm.DB, actor Actor, img Image) (bool, error) {
	days, err := binRetentionDays(tx)
	if err != nil {
		return false, err
	}
	now := time.Now().UTC()
	if err := tx.Model(&Share{}).Where("image_id = ? AND status IN ?", img.ID, liveStatuses).
		Updates(map[string]any{"status": ShareCancelled, "decided_at": now, "decided_by_user_id": actorUser(actor)}).Error; err != nil {
		return false, err
	}
	if err := notifyFormerRecipients(tx, img); err != nil {
		return false, err
	}
	if err := tx.Model(&Image{}).Where("id = ?", img.ID).Update("binned_at", now).Error; err != nil {
		return false, err
	}
	if days == 0 {
		_, err := purgeImage(tx, img, now)
		return false, err
	}
	return true, tx.Model(&Image{}).Where("id = ?", img.ID).Update("purge_at", now.Add(time.Duration(days)*24*time.Hour)).Error
}

// NoteImageBinned tells the accounts an image was shared with that its owner
// deleted it (R23).
const NoteImageBinned = "image_binned"

// notifyFormerRecipients tells each account whose share of the image its
// owner, an admin or time ended that the image is deleted: R6 ended the
// shares before, so none sees it any more, but they may still run instances
// of it, or wait for it to come back. Accounts that left it themselves, or
// never accepted it, are not told again.
func notifyFormerRecipients(tx *gorm.DB, img Image) error {
	recipients, err := shareAudience(tx, img, []string{ShareCancelled, ShareRevoked, ShareExpired})
	if err != nil {
		return fmt.Errorf("recipients of a binned image: %w", err)
	}
	for _, r := range recipients {
		if err := notifyRecipientOf(tx, img, r, NoteImageBinned, ""); err != nil {
			return err
		}
	}
	return nil
}

func actorUser(actor Actor) any {
	if actor.UserID == 0 {
		return gorm.Expr("NULL")
	}
	return actor.UserID
}

// purgeImage deletes a binned image for good, unless someone did first: its
// content reference goes (the bytes are freed once no image or disk refers
// to them), its row stays as history. The conditional update makes it
// happen once, whoever else (a replica, a repeated sweep) tries.
func purgeImage(tx *gorm.DB, img Image, now time.Time) (bool, error) {
	res := tx.Model(&Image{}).Where("id = ? AND binned_at IS NOT NULL AND purged_at IS NULL", img.ID).
		Updates(map[string]any{"purged_at": now, "purge_at": gorm.Expr("NULL"), "content_sha256": "",
			"content_bytes": 0, "transfer_total": 0})
	if res.Error != nil || res.RowsAffected == 0 {
		return false, res.Error
	}
	return true, unrefBlob(tx, img.RegionID, img.ContentSHA256)
}

// BinnedImage is an image in its owner's recycle bin, with what the owner
// may do with it.
type BinnedImage struct {
	Image
	// Restore is refused while another image holds the name (R16).
	Restore Verdict
}

// TimeLeft is how long the image stays in the bin from now.
func (b BinnedImage) TimeLeft(now time.Time) time.Duration {
	if b.PurgeAt == nil || b.PurgeAt.Before(now) {
		return 0
	}
	return b.PurgeAt.Sub(now)
}

// nameTaken says whether another image outside the bin holds a binned
// image's name in its region: the restore clash of R23.
const nameTaken = "EXISTS (SELECT 1 FROM images o WHERE o.owner_account_id = images.owner_account_id AND " +
	"o.region_id = images.region_id AND o.name = images.name AND o.binned_at IS NULL)"

type binnedRow struct {
	Image     `gorm:"embedded"`
	NameTaken bool
}

// restoreRefusal is R23's refusal of a restore whose name was taken while
// the image was in the bin.
func restoreRefusal(img Image, taken bool) *Error {
	if !taken {
		return nil
	}
	return invalid("InvalidImageName.Duplicate", FieldError{"name", Msg("bin.restore_name_taken", img.Name, regionKey(img.RegionID))})
}

func (r binnedRow) binned() BinnedImage {
	return BinnedImage{Image: r.Image, Restore: verdict(restoreRefusal(r.Image, r.NameTaken))}
}

// binScope is the actor's bin, in one region when region is not "".
func binScope(db *gorm.DB, actor Actor, region string) *gorm.DB {
	db = db.Table("images").Select("images.*, "+nameTaken+" AS name_taken").
		Where("images.owner_account_id = ? AND "+inBin, actor.AccountID)
	if region != "" {
		db = db.Where("images.region_id = ?", region)
	}
	return db
}

// ImageBinStore reads and changes the recycle bin (R23).
type ImageBinStore struct{ db *DB }

// NewImageBinStore returns the recycle bin's store.
func NewImageBinStore(db *DB) *ImageBinStore { return &ImageBinStore{db: db} }

// List returns the actor's binned images in a region, the soonest purged first.
func (s *ImageBinStore) List(ctx context.Context, actor Actor, region string) ([]BinnedImage, error) {
	var rows []binnedRow
	if err := binScope(s.db.reader(ctx), actor, region).Order("images.purge_at, images.id").Limit(1000).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list recycle bin: %w", err)
	}
	out := make([]BinnedImage, len(rows))
	for i, r := range rows {
		out[i] = r.binned()
	}
	return out, nil
}

// Get returns one image of the actor's bin; anything else is not found.
func (s *ImageBinStore) Get(ctx context.Context, actor Actor, id string) (BinnedImage, error) {
	return getBinned(s.db.reader(ctx), actor, id)
}

func getBinned(tx *gorm.DB, actor Actor, id string) (BinnedImage, error) {
	if !ValidImageID(id) {
		return BinnedImage{}, imageNotFound(id)
	}
	var row binnedRow
	err := binScope(tx, actor, "").Where("images.id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return BinnedImage{}, imageNotFound(id)
	}
	if err != nil {
		return BinnedImage{}, fmt.Errorf("get binned image: %w", err)
	}
	return row.binned(), nil
}

// Restore brings an image of the actor's bin back, as it was before
// (unshared), unless another image took its name meanwhile (R23, R16).
func (s *ImageBinStore) Restore(ctx context.Context, actor Actor, id string) (Image, error) {
	var out Image
	err := s.db.change(ctx, actor, "image.restore", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = id
		if err := lockAccount(tx, actor.AccountID); err != nil {
			return err
		}
		b, err := getBinned(tx, actor, id)
		if err != nil {
			return err
		}
		ev.Detail = b.Name
		if !b.Restore.OK() {
			return b.Restore.Refusal
		}
		out = b.Image
		out.ImageBin = ImageBin{}
		return tx.Model(&Image{}).Where("id = ?", b.ID).
			Updates(map[string]any{"binned_at": gorm.Expr("NULL"), "purge_at": gorm.Expr("NULL")}).Error
	})
	return out, wrap("restore image", err)
}

// DeletePermanently purges an image of the actor's bin now, without waiting
// for its retention to end.
func (s *ImageBinStore) DeletePermanently(ctx context.Context, actor Actor, id string) error {
	err := s.db.change(ctx, actor, "image.purge", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = id
		b, err := getBinned(tx, actor, id)
		if err != nil {
			return err
		}
		ev.Detail = b.Name
		purged, err := purgeImage(tx, b.Image, time.Now().UTC())
		if err == nil && !purged {
			return imageNotFound(id)
		}
		return err
	})
	return wrap("delete image permanently", err)
}

// maxPurgesPerSweep bounds one sweep's transaction; the next sweep goes on.
const maxPurgesPerSweep = 200

// PurgeBin deletes for good every binned image whose retention has ended.
// Each purge is a conditional update inside the sweep's transaction, so of
// several replicas (or a sweep repeated after a crash) exactly one purges an
// image and audits it. It looks first without a lock, so an idle sweep takes
// no write lock. It returns how many images it purged.
func (q *JobQueue) PurgeBin(ctx context.Context) (int, error) {
	now := q.now()
	var ids []string
	if err := q.db.reader(ctx).Model(&Image{}).Where("purge_at <= ?", now).Order("purge_at, id").
		Limit(maxPurgesPerSweep).Pluck("id", &ids).Error; err != nil || len(ids) == 0 {
		return 0, wrap("purge recycle bin", err)
	}
	n := 0
	err := q.db.tx(ctx, func(tx *gorm.DB) error {
		var due []Image
		if err := tx.Where("id IN ? AND purge_at <= ?", ids, now).Order("id").Find(&due).Error; err != nil {
			return err
		}
		for _, img := range due {
			purged, err := purgeImage(tx, img, now)
			if err != nil {
				return err
			}
			if !purged {
				continue
			}
			n++
			ev := AuditEvent{At: now, AccountID: imageOwner(img), Username: "system", Action: "image.purge",
				Resource: img.ID, Outcome: OutcomeOK, Detail: img.Name}
			if err := tx.Create(&ev).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("purge recycle bin: %w", err)
	}
	return n, nil
}

// RetentionDays is how long an image deleted now waits in the bin (0: it
// is deleted for good at once).
func (s *ImageBinStore) RetentionDays(ctx context.Context) (int, error) {
	return binRetentionDays(s.db.reader(ctx))
}
