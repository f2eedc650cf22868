package models

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
)

// Job kinds: the long-running work of the simulator.
const (
	JobImageCreate       = "image.create"
	JobImageCopy         = "image.copy"
	JobInstanceBoot      = "instance.boot"
	JobInstanceReinstall = "instance.reinstall"
)

// Job states.
const (
	JobQueued = "queued"
	JobDone   = "done"
	JobFailed = "failed"
)

// maxAttempts is how many failed steps a job survives before it gives up.
const maxAttempts = 5

// Job is a unit of background work stored in the database, advanced one step
// at a time, so it survives restarts and runs once across replicas.
type Job struct {
	ID         int64 `gorm:"primaryKey"`
	Kind       string
	ImageID    string
	InstanceID string
	State      string
	Progress   int
	Steps      int // steps applied; each exactly once
	Attempts   int // failed tries
	LastError  string
	RunAt      time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// stepsOf is how many steps a kind takes: with the tick, its duration.
func stepsOf(kind string) int {
	switch kind {
	case JobImageCreate:
		return 5
	case JobImageCopy:
		return 8
	case JobInstanceReinstall:
		return 3
	default:
		return 2
	}
}

// JobQueue advances stored jobs, and does the housekeeping of the API's
// records between them (housekeeping.go).
type JobQueue struct {
	db   *DB
	tick time.Duration
	now  func() time.Time

	replay   *ReplayGuard // whose remembered reads the worker writes; nil: none
	lastUsed []*lastUsed  // last uses of sessions and keys the worker writes
	swept    time.Time    // when the worker last deleted expired records
	uploads  *UploadStore // whose abandoned spools it prunes
}

// NewJobQueue returns a queue whose jobs advance one step per tick (0 in tests:
// as fast as the worker runs).
func NewJobQueue(db *DB, tick time.Duration) *JobQueue {
	return &JobQueue{db: db, tick: tick, now: func() time.Time { return time.Now().UTC() }}
}

// enqueue adds a job in the caller's transaction, so it exists if and only if
// the change that needs it commits. Its first step is due at once, so
// progress shows without waiting a tick.
func enqueue(tx *gorm.DB, j Job) error {
	now := time.Now().UTC()
	j.State, j.RunAt, j.CreatedAt, j.UpdatedAt = JobQueued, now, now, now
	if err := tx.Create(&j).Error; err != nil {
		return fmt.Errorf("enqueue %s: %w", j.Kind, err)
	}
	return nil
}

// Run advances due jobs until ctx ends. Several processes may run it against
// one database: each step is taken under a row lock (SKIP LOCKED on
// PostgreSQL, the write lock on SQLite) and applied in the same transaction.
func (q *JobQueue) Run(ctx context.Context, log *slog.Logger) {
	// Poll: another replica may have queued work; with a zero tick (tests)
	// this is fast enough to feel instant.
	poll := min(max(q.tick/2, 10*time.Millisecond), 250*time.Millisecond)
	timer := time.NewTimer(poll)
	defer timer.Stop()
	for {
		for ctx.Err() == nil {
			did, err := q.Step(ctx)
			if err != nil && ctx.Err() == nil {
				log.Error("job step failed", slog.String("error", err.Error()))
			}
			if !did {
				break
			}
		}
		if err := q.housekeep(ctx); err != nil && ctx.Err() == nil {
			log.Error("housekeeping failed", slog.String("error", err.Error()))
		}
		timer.Reset(poll)
		select {
		case <-ctx.Done():
			q.finish(log)
			return
		case <-timer.C:
		}
	}
}

// Step applies one step of the next due job. It reports whether there was a
// job to work on.
func (q *JobQueue) Step(ctx context.Context) (bool, error) {
	// A cheap read first: an idle worker (most of the time) never opens a
	// write transaction, so it never queues behind writers or holds up
	// readers of SQLite.
	if due, err := q.due(ctx); err != nil || !due {
		return false, err
	}
	var job Job
	var stepErr error
	err := q.db.tx(ctx, func(tx *gorm.DB) error {
		sel := tx.Where("state = ? AND run_at <= ?", JobQueued, q.now()).Order("run_at, id").Limit(1)
		if q.db.Dialect == Postgres {
			sel = sel.Clauses(forUpdateSkipLocked())
		}
		if err := sel.Find(&job).Error; err != nil || job.ID == 0 {
			return err
		}
		// A failed step rolls back its own savepoint only, so the job row can
		// still record the failure in this transaction.
		next := job
		stepErr = tx.Transaction(func(step *gorm.DB) error { return q.apply(step, &next) })
		if stepErr == nil {
			job = next
		} else {
			job.Attempts++
			job.LastError = stepErr.Error()
			if job.Attempts >= maxAttempts {
				job.State = JobFailed
				if err := failImage(tx, job.ImageID, "image.failed_simulator"); err != nil {
					return err
				}
			}
		}
		job.RunAt, job.UpdatedAt = q.now().Add(q.tick), q.now()
		return tx.Save(&job).Error
	})
	if err != nil {
		return job.ID != 0, fmt.Errorf("job %d (%s): %w", job.ID, job.Kind, err)
	}
	if stepErr != nil {
		return true, fmt.Errorf("job %d (%s) attempt %d: %w", job.ID, job.Kind, job.Attempts, stepErr)
	}
	return job.ID != 0, nil
}

// due reports whether some job is due now, without taking any lock.
func (q *JobQueue) due(ctx context.Context) (bool, error) {
	var ids []int64
	err := q.db.reader(ctx).Model(&Job{}).Where("state = ? AND run_at <= ?", JobQueued, q.now()).Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return false, fmt.Errorf("due jobs: %w", err)
	}
	return len(ids) > 0, nil
}

// apply advances a job by one step and mirrors its progress on its subject.
func (q *JobQueue) apply(tx *gorm.DB, job *Job) error {
	job.Steps++
	job.Progress = min(100, job.Steps*100/stepsOf(job.Kind))
	done := job.Progress >= 100
	if done {
		job.State = JobDone
	}
	now := q.now()
	switch job.Kind {
	case JobImageCreate, JobImageCopy:
		var img Image
		if err := tx.Where("id = ?", job.ImageID).Find(&img).Error; err != nil {
			return err
		}
		if img.ID == "" || (img.State != ImageCreating && img.State != ImageSyncing) {
			job.State = JobDone // nothing left to do: the image was deleted or settled
			return nil
		}
		if stop, err := copySourceDisabled(tx, img); err != nil || stop {
			job.State = JobFailed // R21: a copy of a disabled image does not finish
			if err == nil {
				err = failCopyOfDisabled(tx, img)
			}
			return err
		}
		if job.Kind == JobImageCreate && instanceGone(tx, job.InstanceID) {
			job.State = JobFailed
			return failImage(tx, img.ID, "image.failed_instance_gone")
		}
		update := map[string]any{"progress": job.Progress, "updated_at": now}
		if done {
			update["state"] = ImageNormal
		}
		if err := tx.Model(&Image{}).Where("id = ?", img.ID).Updates(update).Error; err != nil {
			return err
		}
		if done && job.Kind == JobImageCopy {
			return applyPendingShare(tx, img)
		}
		return nil
	case JobInstanceBoot, JobInstanceReinstall:
		if !done {
			return nil
		}
		from := InstancePending
		if job.Kind == JobInstanceReinstall {
			from = InstanceReinstalling
		}
		return tx.Model(&Instance{}).Where("id = ? AND state = ?", job.InstanceID, from).
			Updates(map[string]any{"state": InstanceRunning, "updated_at": now}).Error
	}
	return errors.New("unknown job kind " + job.Kind)
}

func instanceGone(tx *gorm.DB, id string) bool {
	var n int64
	tx.Model(&Instance{}).Where("id = ? AND state <> ?", id, InstanceTerminated).Count(&n)
	return n == 0
}

// failImage marks an unfinished image CREATEFAILED with a translatable reason.
func failImage(tx *gorm.DB, imageID, reasonKey string) error {
	if imageID == "" {
		return nil
	}
	return tx.Model(&Image{}).Where("id = ? AND state IN ?", imageID, []string{ImageCreating, ImageSyncing}).
		Updates(map[string]any{"state": ImageCreateFailed, "failure_reason": reasonKey, "updated_at": time.Now().UTC()}).Error
}
