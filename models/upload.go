package models

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Upload is a browser upload in progress: its bytes are spooled to the
// server's disk in chunks, each appended at the offset the server last
// recorded, so a dropped connection or a restarted server resumes where
// the database says, never holding the file in memory. Once complete it
// becomes an import (ImageID) whose transfer moves the spool into storage.
type Upload struct {
	ID           string `gorm:"primaryKey"`
	AccountID    string
	UserID       int64
	RegionID     string
	Name         string
	Platform     string
	OSVersion    string
	Architecture string
	Size         int64
	Received     int64
	ImageID      string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// UploadStore keeps uploads; dir is the spool directory on this server.
type UploadStore struct {
	db     *DB
	images *ImageStore
	dir    string
	// appending serialises the chunks of one upload within this process.
	appending sync.Map
}

// NewUploadStore spools into dir ("" : a directory under the system's
// temporary directory).
func NewUploadStore(db *DB, images *ImageStore, dir string) *UploadStore {
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "imageshare-uploads")
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return &UploadStore{db: db, images: images, dir: dir}
}

func (s *UploadStore) spool(id string) string { return filepath.Join(s.dir, id) }

// Start checks an upload as the import it will become (R3, R16, the size
// limit) and opens it.
func (s *UploadStore) Start(ctx context.Context, actor Actor, in ImageImport, size int64) (Upload, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.File = s.spool("check")
	var out Upload
	err := s.db.change(ctx, actor, "image.upload", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Detail = in.Name
		if _, err := checkImport(in); err != nil {
			return err
		}
		limits, err := importSettings(tx)
		if err != nil {
			return err
		}
		if size < 1 || size > limits.MaxBytes {
			return invalid("InvalidParameterValue.TooLarge", FieldError{"file", Msg("import.size_range", limits.MaxBytes)})
		}
		if err := lockAccount(tx, actor.AccountID); err != nil {
			return err
		}
		if err := checkNameFree(tx, actor.AccountID, in.Region, in.Name, ""); err != nil {
			return err
		}
		if err := checkQuota(tx, actor.AccountID, in.Region, 1); err != nil {
			return err
		}
		if err := checkByteQuota(tx, actor.AccountID, size); err != nil {
			return err
		}
		now := time.Now().UTC()
		out = Upload{ID: newID("upl-"), AccountID: actor.AccountID, UserID: actor.UserID, RegionID: in.Region,
			Name: in.Name, Platform: in.Platform, OSVersion: in.OSVersion, Architecture: in.Architecture, Size: size,
			CreatedAt: now, UpdatedAt: now}
		ev.Resource = out.ID
		if err := os.MkdirAll(s.dir, 0o750); err != nil {
			return fmt.Errorf("upload spool: %w", err)
		}
		if err := os.WriteFile(s.spool(out.ID), nil, 0o640); err != nil {
			return fmt.Errorf("upload spool: %w", err)
		}
		return tx.Create(&out).Error
	})
	return out, wrap("start upload", err)
}

// Get returns one of the actor's uploads.
func (s *UploadStore) Get(ctx context.Context, actor Actor, id string) (Upload, error) {
	var u Upload
	err := s.db.reader(ctx).Where("id = ? AND account_id = ?", id, actor.AccountID).Limit(1).Find(&u).Error
	if err == nil && u.ID == "" {
		return u, notFound("ResourceNotFound", Msg("upload.not_found"))
	}
	return u, err
}

// Append adds a chunk at offset, which must be where the upload stands (else
// the refusal says where that is, and the client resumes from there). The
// last chunk starts the import; the upload then names its image.
func (s *UploadStore) Append(ctx context.Context, actor Actor, id string, offset int64, chunk io.Reader) (Upload, error) {
	mu, _ := s.appending.LoadOrStore(id, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	u, err := s.Get(ctx, actor, id)
	if err != nil || u.ImageID != "" {
		return u, err
	}
	if offset != u.Received {
		return u, &Error{Kind: ErrConflict, Code: "UploadOffsetMismatch", Msg: Msg("upload.offset", u.Received)}
	}
	n, err := s.write(u, chunk)
	if err != nil {
		return u, err
	}
	u.Received += n
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&Upload{}).Where("id = ? AND received = ?", u.ID, offset).
			Updates(map[string]any{"received": u.Received, "updated_at": time.Now().UTC()}).Error
	})
	if err != nil || u.Received < u.Size {
		return u, wrap("upload chunk", err)
	}
	return s.complete(ctx, actor, u)
}

// write appends a chunk to the spool after dropping any bytes past the
// recorded offset (a chunk whose record was lost), and syncs it.
func (s *UploadStore) write(u Upload, chunk io.Reader) (int64, error) {
	f, err := os.OpenFile(s.spool(u.ID), os.O_WRONLY, 0)
	if err != nil {
		return 0, fmt.Errorf("upload spool: %w", err)
	}
	defer f.Close()
	if err := f.Truncate(u.Received); err != nil {
		return 0, fmt.Errorf("upload spool: %w", err)
	}
	if _, err := f.Seek(u.Received, io.SeekStart); err != nil {
		return 0, fmt.Errorf("upload spool: %w", err)
	}
	n, err := io.Copy(f, io.LimitReader(chunk, u.Size-u.Received+1))
	if err != nil {
		return 0, fmt.Errorf("upload chunk: %w", err)
	}
	if u.Received+n > u.Size {
		_ = f.Truncate(u.Received)
		return 0, invalid("InvalidParameterValue.TooLarge", FieldError{"file", Msg("upload.too_long", u.Size)})
	}
	return n, f.Sync()
}

// complete turns a whole upload into an import of its spool.
func (s *UploadStore) complete(ctx context.Context, actor Actor, u Upload) (Upload, error) {
	img, err := s.images.Import(ctx, actor, ImageImport{Region: u.RegionID, Name: u.Name, Platform: u.Platform,
		OSVersion: u.OSVersion, Architecture: u.Architecture, File: s.spool(u.ID), spool: true, size: u.Size})
	if err != nil {
		return u, err
	}
	u.ImageID = img.ID
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&Upload{}).Where("id = ?", u.ID).Update("image_id", img.ID).Error
	})
	return u, wrap("complete upload", err)
}

// dropSpool removes an upload's spool once its transfer has ended; a spool
// left by a crash here is only local disk, not an orphan in storage.
func dropSpool(t *Transfer) {
	if path, ok := strings.CutPrefix(t.Source, spoolPrefix); ok {
		_ = os.Remove(path)
	}
}

// spoolPrefix marks a transfer reading an upload's spool: a file it removes
// when done.
const spoolPrefix = "spool:"

// UploadAbandonAfter is how long an upload may go without a chunk before the
// housekeeping job drops it with its spool (README, "Image storage"): the
// person who started it can no longer resume it, and the disk is freed.
const UploadAbandonAfter = 24 * time.Hour

// maxPrunedUploads bounds one round of pruning, so it never holds the write
// lock long; the next round takes the rest.
const maxPrunedUploads = 100

// PruneAbandoned drops the uploads that received no chunk since before
// now-UploadAbandonAfter, removing their spools, then removes the spool
// files as old that no upload waits to fill and no transfer reads (left by
// a crash between a spool's creation and its record, or after an import).
// It returns how many files it removed.
func (s *UploadStore) PruneAbandoned(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.Add(-UploadAbandonAfter)
	var ids []string
	err := s.db.reader(ctx).Model(&Upload{}).Where("image_id = '' AND updated_at < ?", cutoff).
		Order("updated_at").Limit(maxPrunedUploads).Pluck("id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("abandoned uploads: %w", err)
	}
	if len(ids) > 0 {
		err = s.db.tx(ctx, func(tx *gorm.DB) error {
			// Only those still abandoned: a chunk may have arrived since.
			return tx.Where("id IN ? AND image_id = '' AND updated_at < ?", ids, cutoff).Delete(&Upload{}).Error
		})
		if err != nil {
			return 0, fmt.Errorf("drop abandoned uploads: %w", err)
		}
	}
	return s.pruneSpools(ctx, cutoff)
}

// pruneSpools removes spool files (named as uploads are) not written since
// cutoff that neither an unfinished upload nor a queued transfer needs.
func (s *UploadStore) pruneSpools(ctx context.Context, cutoff time.Time) (int, error) {
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("upload spool: %w", err)
	}
	removed := 0
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || !info.ModTime().Before(cutoff) || !strings.HasPrefix(e.Name(), "upl-") {
			continue
		}
		var waiting int64
		tx := s.db.reader(ctx)
		if err := tx.Model(&Upload{}).Where("id = ? AND image_id = ''", e.Name()).Count(&waiting).Error; err != nil {
			return removed, err
		}
		var reading int64
		if err := tx.Model(&Transfer{}).Where("source = ? AND state = ?", spoolPrefix+s.spool(e.Name()), JobQueued).
			Count(&reading).Error; err != nil {
			return removed, err
		}
		if waiting > 0 || reading > 0 {
			continue
		}
		if err := os.Remove(s.spool(e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("upload spool: %w", err)
		}
		removed++
	}
	return removed, nil
}
