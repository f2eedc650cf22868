package models

import (
	"context"
	"crypto/sha256"
	"encoding"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"

	"imageshare/storage"
	"imageshare/storage/diskimage"
)

// transferError is a failure with a reason to show on the image; permanent
// ones are not retried (a refused address, a file that is no disk image).
type transferError struct {
	reason, detail string
	permanent      bool
}

func (e *transferError) Error() string { return e.reason + ": " + e.detail }

// errImageGone stops a transfer whose image no longer waits for it.
var errImageGone = errors.New("the image no longer waits for this transfer")

// run moves the bytes, verifies them and records the result.
func (q *TransferQueue) run(ctx context.Context, t *Transfer) error {
	if err := q.checkCopySource(ctx, t); err != nil {
		return err
	}
	settings, err := importSettings(q.db.reader(ctx))
	if err != nil {
		return err
	}
	limit, err := q.importLimit(ctx, t, settings)
	if err != nil {
		return err
	}
	w, h, src, err := q.resume(ctx, t, settings, limit)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := q.pump(ctx, t, w, h, src, limit, settings); err != nil {
		_ = w.Abort()
		return err
	}
	if err := w.Commit(); err != nil {
		return err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	content, err := q.verify(ctx, t, sum)
	if err != nil {
		return err
	}
	if t.Kind == TransferExport {
		return q.exportDone(ctx, t)
	}
	return q.finish(ctx, t, content)
}

// resume opens the writer and the source at the last checkpoint when both
// allow it, and at byte 0 otherwise.
func (q *TransferQueue) resume(ctx context.Context, t *Transfer, s ImportSettings, limit byteLimit) (storage.Writer, hash.Hash, io.ReadCloser, error) {
	h := sha256.New()
	from := storage.Resume{Offset: t.DoneBytes, State: t.ResumeState}
	if from.Offset > 0 && restoreHash(h, t.HashState) != nil {
		from = storage.Resume{}
	}
	dest, err := q.destination(t)
	if err != nil {
		return nil, nil, nil, err
	}
	w, err := dest.Create(ctx, t.RegionID, t.ObjectKey, from)
	if errors.Is(err, storage.ErrNoResume) {
		from = storage.Resume{}
		w, err = dest.Create(ctx, t.RegionID, t.ObjectKey, from)
	}
	offset := from.Offset
	if err != nil {
		return nil, nil, nil, err
	}
	src, at, total, err := q.openSource(ctx, t, offset, s)
	if err == nil && t.Kind == TransferImport && total > limit.max {
		src.Close()
		err = limit.err // known from Content-Length (or the file's size) before any byte moves
	}
	if err != nil {
		_ = w.Abort()
		return nil, nil, nil, err
	}
	if at != offset { // the source could not start there: start over
		_ = w.Abort()
		if w, err = dest.Create(ctx, t.RegionID, t.ObjectKey, storage.Resume{}); err != nil {
			src.Close()
			return nil, nil, nil, err
		}
	}
	if at == 0 {
		h.Reset()
	}
	t.DoneBytes, t.TotalBytes = at, max(total, 0)
	return w, h, src, nil
}

// openSource opens what the transfer reads from at offset; it returns where
// reading really starts (0 when the source cannot seek) and the total size
// (-1: unknown).
func (q *TransferQueue) openSource(ctx context.Context, t *Transfer, offset int64, s ImportSettings) (io.ReadCloser, int64, int64, error) {
	switch {
	case t.Kind == TransferCopy || t.Kind == TransferExport:
		var b Blob
		if err := q.db.reader(ctx).Where("region_id = ? AND sha256 = ?", t.SourceRegion, t.SourceSHA256).Limit(1).Find(&b).Error; err != nil {
			return nil, 0, 0, err
		}
		obj, err := q.blobs.Open(ctx, t.SourceRegion, b.ObjectKey)
		if err != nil {
			return nil, 0, 0, err
		}
		if _, err := obj.Seek(offset, io.SeekStart); err != nil {
			obj.Close()
			return nil, 0, 0, err
		}
		return obj, offset, obj.Size(), nil
	case strings.HasPrefix(t.Source, "file:") || strings.HasPrefix(t.Source, spoolPrefix):
		_, path, _ := strings.Cut(t.Source, ":")
		f, err := os.Open(path)
		if err != nil {
			return nil, 0, 0, &transferError{reason: "import.failed_source", detail: err.Error(), permanent: true}
		}
		st, err := f.Stat()
		if err == nil {
			_, err = f.Seek(offset, io.SeekStart)
		}
		if err != nil {
			f.Close()
			return nil, 0, 0, err
		}
		return f, offset, st.Size(), nil
	}
	policy := storage.FetchPolicy{Allow: s.Allow}
	d, err := policy.Fetch(ctx, policy.Client(), t.Source, offset)
	var refused *storage.RefusedError
	if errors.As(err, &refused) {
		return nil, 0, 0, &transferError{reason: "import.failed_refused", detail: refused.Reason, permanent: true}
	}
	if err != nil {
		return nil, 0, 0, err
	}
	return d.Body, d.Offset, d.Total, nil
}

func tooLarge(limit int64) error {
	return &transferError{reason: "import.failed_too_large", detail: fmt.Sprintf("%d", limit), permanent: true}
}

// byteLimit is the most an import may bring in and the failure past it:
// the admin's size limit or, when smaller, the room left under its owner's
// byte quota (checked at the start of the import, again once the size is
// known and at every checkpoint while the bytes stream, since other
// imports of the account may have grown meanwhile).
type byteLimit struct {
	max int64
	err error
}

func (q *TransferQueue) importLimit(ctx context.Context, t *Transfer, s ImportSettings) (byteLimit, error) {
	limit := byteLimit{s.MaxBytes, tooLarge(s.MaxBytes)}
	if t.Kind != TransferImport {
		return limit, nil
	}
	var owner []*string
	tx := q.db.reader(ctx)
	if err := tx.Model(&Image{}).Where("id = ?", t.ImageID).Pluck("owner_account_id", &owner).Error; err != nil {
		return limit, err
	}
	if len(owner) == 0 || owner[0] == nil {
		return limit, nil
	}
	used, quota, ok, err := byteUsage(tx, *owner[0], t.ImageID)
	if err != nil || !ok || quota-used >= limit.max {
		return limit, err
	}
	return byteLimit{max(quota-used, 0), &transferError{reason: "import.failed_quota",
		detail: fmt.Sprintf("%d", quota), permanent: true}}, nil
}

// pump streams src into w and the hash through one small buffer,
// checkpointing every checkpointEvery bytes.
func (q *TransferQueue) pump(ctx context.Context, t *Transfer, w storage.Writer, h hash.Hash, src io.Reader, limit byteLimit, s ImportSettings) error {
	buf := make([]byte, 1<<20)
	if q.rate > 0 {
		buf = buf[:max(4<<10, min(int64(len(buf)), q.rate/8))]
	}
	// A backend storing in parts makes bytes durable a part at a time:
	// checkpoint as each part goes.
	every := q.checkpointEvery
	if dest, err := q.destination(t); err == nil && storage.CheckpointBytes(dest) > 0 {
		every = storage.CheckpointBytes(dest)
	}
	next := t.DoneBytes + every
	start, from := time.Now(), t.DoneBytes
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, rerr := src.Read(buf)
		if n > 0 {
			if t.Kind == TransferImport && t.DoneBytes+int64(n) > limit.max {
				return limit.err
			}
			if _, err := w.Write(buf[:n]); err != nil {
				return err
			}
			h.Write(buf[:n])
			t.DoneBytes += int64(n)
			q.throttle(ctx, start, t.DoneBytes-from)
		}
		if t.DoneBytes >= next && rerr == nil {
			if err := q.checkpoint(ctx, t, w, h); err != nil {
				return err
			}
			next = t.DoneBytes + every
			var err error
			if limit, err = q.importLimit(ctx, t, s); err != nil {
				return err
			}
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil {
			return rerr
		}
	}
}

// checkpoint makes the bytes so far durable, then records them with the
// hash state, the image's progress and a renewed lease.
func (q *TransferQueue) checkpoint(ctx context.Context, t *Transfer, w storage.Writer, h hash.Hash) error {
	resume, err := w.Checkpoint()
	if err != nil {
		return err
	}
	t.ResumeState = resume
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return err
	}
	t.HashState = base64.StdEncoding.EncodeToString(state)
	now := q.now()
	err = q.db.tx(ctx, func(tx *gorm.DB) error {
		if t.Kind == TransferExport {
			return tx.Model(&Transfer{}).Where("id = ?", t.ID).Updates(map[string]any{"done_bytes": t.DoneBytes,
				"hash_state": t.HashState, "resume_state": t.ResumeState, "run_at": now.Add(q.lease), "updated_at": now}).Error
		}
		res := tx.Model(&Image{}).Where("id = ? AND state IN ?", t.ImageID, busyStates).
			Updates(map[string]any{"transfer_done": t.DoneBytes, "transfer_total": t.TotalBytes,
				"progress": percent(t.DoneBytes, t.TotalBytes), "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errImageGone
		}
		return tx.Model(&Transfer{}).Where("id = ?", t.ID).Updates(map[string]any{
			"done_bytes": t.DoneBytes, "total_bytes": t.TotalBytes, "hash_state": t.HashState,
			"resume_state": t.ResumeState, "run_at": now.Add(q.lease), "updated_at": now}).Error
	})
	if err == nil && q.afterCheckpoint != nil {
		q.afterCheckpoint(*t)
	}
	return err
}

// throttle sleeps while a transfer that moved sent bytes since start is
// ahead of the rate limit.
func (q *TransferQueue) throttle(ctx context.Context, start time.Time, sent int64) {
	if q.rate <= 0 {
		return
	}
	ahead := time.Duration(sent*int64(time.Second)/q.rate) - time.Since(start)
	if ahead <= 0 {
		return
	}
	select {
	case <-ctx.Done():
	case <-time.After(ahead):
	}
}

var busyStates = []string{ImageCreating, ImageSyncing, ImageImporting}

// percent is the progress shown while bytes arrive; 100 only once verified.
func percent(done, total int64) int {
	if total <= 0 {
		return 0
	}
	return int(min(99, done*100/total))
}

func restoreHash(h hash.Hash, state string) error {
	b, err := base64.StdEncoding.DecodeString(state)
	if err != nil {
		return err
	}
	return h.(encoding.BinaryUnmarshaler).UnmarshalBinary(b)
}

// verify checks what arrived: a copy must have its source's checksum; an
// import must be a disk image of an accepted format.
func (q *TransferQueue) verify(ctx context.Context, t *Transfer, sum string) (ImageContent, error) {
	c := ImageContent{ContentSHA256: sum, ContentBytes: t.DoneBytes}
	if t.Kind == TransferCopy || t.Kind == TransferExport {
		if sum != t.SourceSHA256 {
			return c, &transferError{reason: "copy.failed_checksum", detail: sum}
		}
		return c, nil
	}
	obj, err := q.blobs.Open(ctx, t.RegionID, t.ObjectKey)
	if err != nil {
		return c, err
	}
	defer obj.Close()
	info, err := diskimage.Inspect(obj, obj.Size())
	var refused *diskimage.RefusedError
	if errors.As(err, &refused) {
		return c, &transferError{reason: "import.failed_format", detail: refused.What, permanent: true}
	}
	c.DiskFormat, c.VirtualBytes = info.Format, info.VirtualSize
	return c, err
}

// gib rounds a byte count up to whole GiB, at least 1 (SizeGB).
func gib(n int64) int { return int(max(1, (n+(1<<30)-1)>>30)) }
