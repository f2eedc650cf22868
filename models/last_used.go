package models

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"
)

// lastUsed remembers when rows (sessions, API keys) were last used, so that a
// read-only request never writes: it notes the time in memory and the job
// worker writes the notes (flush), at most once per row per `every`. SQLite
// has one write lock for the whole database, and a page view that took it to
// touch its session would wait behind every writer (SPEC 9).
type lastUsed struct {
	table, key, column string
	every              time.Duration

	mu      sync.Mutex
	noted   map[string]time.Time // row → latest use noted by this process
	pending map[string]time.Time // rows noted since the last flush
}

func newLastUsed(table, key, column string, every time.Duration) *lastUsed {
	return &lastUsed{table: table, key: key, column: column, every: every,
		noted: map[string]time.Time{}, pending: map[string]time.Time{}}
}

// use notes that the row was used at `at`, given the time stored in the
// table, and returns the row's latest known use: the later of the two.
func (l *lastUsed) use(id string, stored, at time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	last := stored
	if n, ok := l.noted[id]; ok && n.After(last) {
		last = n
	}
	if at.Sub(last) > l.every {
		l.noted[id], l.pending[id] = at, at
	}
	return last
}

// flush writes the noted uses, a chunk per short transaction, never moving a
// stored time backwards, and forgets notes too old to matter. It takes the
// write lock only when there is something to write.
func (l *lastUsed) flush(ctx context.Context, db *DB, now time.Time) error {
	l.mu.Lock()
	batch := l.pending
	l.pending = map[string]time.Time{}
	for id, at := range l.noted {
		if now.Sub(at) > l.every {
			delete(l.noted, id)
		}
	}
	l.mu.Unlock()
	ids := make([]string, 0, len(batch))
	for id := range batch {
		ids = append(ids, id)
	}
	for start := 0; start < len(ids); start += flushChunk {
		chunk := ids[start:min(start+flushChunk, len(ids))]
		err := db.tx(ctx, func(tx *gorm.DB) error {
			for _, id := range chunk {
				at := batch[id]
				err := tx.Table(l.table).Where(l.key+" = ? AND ("+l.column+" IS NULL OR "+l.column+" < ?)", id, at).
					Update(l.column, at).Error
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			l.mu.Lock()
			for _, id := range ids[start:] {
				if _, newer := l.pending[id]; !newer {
					l.pending[id] = batch[id]
				}
			}
			l.mu.Unlock()
			return fmt.Errorf("write %s.%s: %w", l.table, l.column, err)
		}
	}
	return nil
}
