package models

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"imageshare/storage"
)

// Transfer kinds.
const (
	TransferImport = "import" // Source: an http(s) URL, or file:PATH (operators' command)
	TransferCopy   = "copy"   // SourceRegion/SourceSHA256: a blob of another region
)

// Transfer is a job that moves bytes into a region's storage: an import or a
// copy. It runs outside any transaction and checkpoints DoneBytes with the
// hash state of those bytes, so after a crash it resumes where it was (when
// the backend can resume a partial object) instead of starting over. RunAt is
// also its lease: a worker holding it keeps pushing it forward, so a transfer
// whose worker died is due again once its lease runs out.
type Transfer struct {
	ID           int64 `gorm:"primaryKey"`
	Kind         string
	ImageID      string
	RegionID     string
	ObjectKey    string
	Source       string
	SourceRegion string
	SourceSHA256 string `gorm:"column:source_sha256"`
	DoneBytes    int64
	TotalBytes   int64
	HashState    string
	// ResumeState is what the storage backend needs to continue the object
	// at DoneBytes (S3: the multipart upload and its parts).
	ResumeState string
	State       string // JobQueued, JobDone, JobFailed
	Attempts    int
	LastError   string
	RunAt       time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TransferQueue runs transfers. Several processes may run it against one
// database: a transfer is claimed under a row lock and leased.
type TransferQueue struct {
	db    *DB
	blobs storage.Store
	now   func() time.Time
	// lease is how long a claimed transfer stays with its worker without a
	// checkpoint; checkpointEvery, how many bytes pass between checkpoints.
	lease           time.Duration
	checkpointEvery int64
	// rate bounds the bytes per second of each transfer (0: unbounded), so
	// imports and copies leave bandwidth to the rest of the platform.
	rate int64
	// exports is the export target (ExportImages) when one is configured
	// apart from blobs (nil: exports go to blobs, under ExportRegion).
	exports storage.Store
	// afterCheckpoint, in tests, runs after each checkpoint (to stop the
	// worker there, as a crash would).
	afterCheckpoint func(Transfer)
}

// NewTransferQueue returns the queue moving bytes into blobs.
func NewTransferQueue(db *DB, blobs storage.Store) *TransferQueue {
	return &TransferQueue{db: db, blobs: blobs, now: func() time.Time { return time.Now().UTC() },
		lease: 6 * time.Second, checkpointEvery: 8 << 20}
}

// LimitRate bounds each transfer to bytesPerSecond (0: unbounded); a
// bounded transfer checkpoints about every second, so its progress shows.
func (q *TransferQueue) LimitRate(bytesPerSecond int64) {
	q.rate = bytesPerSecond
	if bytesPerSecond > 0 {
		q.checkpointEvery = min(q.checkpointEvery, max(bytesPerSecond, 64<<10))
	}
}

// Blobs is the storage the queue writes to.
func (q *TransferQueue) Blobs() storage.Store { return q.blobs }

// destination is the storage a transfer writes to: the export target for
// an export made to it, else the images' storage.
func (q *TransferQueue) destination(t *Transfer) (storage.Store, error) {
	if t.Kind != TransferExport || t.Source != exportTargetSource {
		return q.blobs, nil
	}
	if q.exports == nil {
		return nil, &transferError{reason: "image.failed_storage", detail: "no export storage is configured any more", permanent: true}
	}
	return q.exports, nil
}

// enqueueTransfer adds a transfer in the caller's transaction.
func enqueueTransfer(tx *gorm.DB, t Transfer) error {
	now := time.Now().UTC()
	t.State, t.RunAt, t.CreatedAt, t.UpdatedAt = JobQueued, now, now, now
	if t.ObjectKey == "" {
		t.ObjectKey = "objects/" + newID("")
	}
	if err := tx.Create(&t).Error; err != nil {
		return fmt.Errorf("enqueue transfer: %w", err)
	}
	return nil
}

// Run works on due transfers and frees unreferenced bytes until ctx ends.
func (q *TransferQueue) Run(ctx context.Context, log *slog.Logger) {
	for ctx.Err() == nil {
		did, err := q.Step(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("transfer failed", slog.String("error", err.Error()))
		}
		if err := q.Sweep(ctx); err != nil && ctx.Err() == nil {
			log.Error("freeing image bytes failed", slog.String("error", err.Error()))
		}
		if !did {
			select {
			case <-ctx.Done():
			case <-time.After(250 * time.Millisecond):
			}
		}
	}
}

// Step claims one due transfer and runs it to its end (or until ctx ends,
// which leaves it to resume later). It reports whether there was one.
func (q *TransferQueue) Step(ctx context.Context) (bool, error) {
	if q.blobs == nil {
		return false, nil
	}
	t, ok, err := q.claim(ctx)
	if err != nil || !ok {
		return false, err
	}
	stop := q.heartbeat(ctx, t.ID)
	runErr := q.run(ctx, &t)
	stop()
	if runErr == nil || ctx.Err() != nil {
		return true, nil // done, or stopped: the lease lets it resume
	}
	if err := q.fail(ctx, t, runErr); err != nil {
		return true, errors.Join(runErr, err)
	}
	return true, fmt.Errorf("transfer %d (%s of %s): %w", t.ID, t.Kind, t.ImageID, runErr)
}

// heartbeat renews a running transfer's lease every third of it, so a slow
// source does not let another worker take it over, while a dead worker's
// transfer is due again within one lease. It returns the function that
// stops it.
func (q *TransferQueue) heartbeat(ctx context.Context, id int64) func() {
	if q.lease <= 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(q.lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				_ = q.db.tx(ctx, func(tx *gorm.DB) error {
					return tx.Model(&Transfer{}).Where("id = ? AND state = ?", id, JobQueued).
						Update("run_at", q.now().Add(q.lease)).Error
				})
			}
		}
	}()
	return func() { cancel(); <-done }
}

// claim takes the next due transfer and leases it.
func (q *TransferQueue) claim(ctx context.Context) (Transfer, bool, error) {
	var t Transfer
	var due []int64
	now := q.now()
	err := q.db.reader(ctx).Model(&Transfer{}).Where("state = ? AND run_at <= ?", JobQueued, now).Limit(1).Pluck("id", &due).Error
	if err != nil || len(due) == 0 {
		return t, false, err
	}
	err = q.db.tx(ctx, func(tx *gorm.DB) error {
		sel := tx.Where("state = ? AND run_at <= ?", JobQueued, now).Order("run_at, id").Limit(1)
		if q.db.Dialect == Postgres {
			sel = sel.Clauses(forUpdateSkipLocked())
		}
		if err := sel.Find(&t).Error; err != nil || t.ID == 0 {
			return err
		}
		t.RunAt, t.UpdatedAt = now.Add(q.lease), now
		return tx.Model(&Transfer{}).Where("id = ?", t.ID).
			Updates(map[string]any{"run_at": t.RunAt, "updated_at": now}).Error
	})
	return t, t.ID != 0, err
}
