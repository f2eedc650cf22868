package models

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// sweepEvery is how often the worker deletes what outlived its purpose.
const sweepEvery = time.Minute

// housekeep is the worker's work between job steps: it writes the reads the
// replay guard remembers (SQLite), and once a minute deletes the expired API
// signatures and the client tokens past their day. It also ends shares whose
// expiry has come (R20). Each of these looks
// first, without a lock, whether there is anything to do, so an idle worker
// takes no write lock (SPEC 9).
func (q *JobQueue) housekeep(ctx context.Context) error {
	var errs []error
	if q.replay != nil {
		errs = append(errs, q.replay.Flush(ctx))
	}
	_, err := q.ExpireShares(ctx)
	errs = append(errs, err)
	if now := q.now(); now.Sub(q.swept) >= sweepEvery {
		q.swept = now
		errs = append(errs, pruneSignatures(ctx, q.db, now), pruneClientTokens(ctx, q.db, now))
	}
	return errors.Join(errs...)
}

// finish writes, as the worker stops, the reads the replay guard still
// remembers, so the next start of the server refuses them as changes too.
func (q *JobQueue) finish(log *slog.Logger) {
	if q.replay == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := q.replay.Flush(ctx); err != nil {
		log.Error("api signatures not written at stop", slog.String("error", err.Error()))
	}
}
