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
// replay guard remembers (SQLite) and the noted last uses of sessions and API
// keys, ends the shares whose expiry has come (R20), purges the recycle
// bin's images past their retention (R23), and once a minute deletes the
// expired API signatures, the client tokens past their day and the browser
// uploads abandoned for a day (with their spools).
// Each of these looks
// first, without a lock, whether there is anything to do, so an idle worker
// takes no write lock (SPEC 9).
func (q *JobQueue) housekeep(ctx context.Context) error {
	var errs []error
	if q.replay != nil {
		errs = append(errs, q.replay.Flush(ctx))
	}
	_, err := q.ExpireShares(ctx)
	errs = append(errs, err)
	_, err = q.PurgeBin(ctx)
	errs = append(errs, err)
	now := q.now()
	for _, l := range q.lastUsed {
		errs = append(errs, l.flush(ctx, q.db, now))
	}
	if now.Sub(q.swept) >= sweepEvery {
		q.swept = now
		errs = append(errs, pruneSignatures(ctx, q.db, now), pruneClientTokens(ctx, q.db, now))
		if q.uploads != nil {
			_, err := q.uploads.PruneAbandoned(ctx, now)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// finish writes, as the worker stops, the reads the replay guard still
// remembers, so the next start of the server refuses them as changes too,
// and the last uses it noted.
func (q *JobQueue) finish(log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if q.replay != nil {
		if err := q.replay.Flush(ctx); err != nil {
			log.Error("api signatures not written at stop", slog.String("error", err.Error()))
		}
	}
	for _, l := range q.lastUsed {
		if err := l.flush(ctx, q.db, q.now()); err != nil {
			log.Error("last uses not written at stop", slog.String("error", err.Error()))
		}
	}
}
