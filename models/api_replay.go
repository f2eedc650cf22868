package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SignedCall is one authenticated API request, as the replay guard sees it.
type SignedCall struct {
	Signature string    // the request's signature, in hex
	Action    string    // its X-TC-Action
	Region    string    // its X-TC-Region; "" for the region-less actions
	Client    string    // the address it came from
	Expires   time.Time // when the signature stops being accepted anyway
	// Retry marks a change sent with a ClientToken: an exact resend (a
	// network retry of the SDKs) goes on, since the action answers it with
	// its first result instead of acting again.
	Retry bool
}

// IsChange reports whether an API action changes something: every one but
// the Describe* reads.
func IsChange(action string) bool { return !strings.HasPrefix(action, "Describe") }

// ErrReplayed is the replay guard's refusal of a change whose signature was
// already used.
var ErrReplayed = errors.New("signature already used")

// apiSignature is a row of api_signatures: a signature, the action and
// region it was first seen with (its change, once one used it), and the
// address it came from.
type apiSignature struct {
	Signature string `gorm:"primaryKey"`
	Action    string
	Region    string
	Client    string
	SeenAt    time.Time
	ExpiresAt time.Time
}

func (apiSignature) TableName() string { return "api_signatures" }

// ReplayGuard keeps a signed API request from being used twice (SPEC 8,
// "Replay"). The SDKs sign the body, the Host and the time, never the action
// or the region, so a signature says nothing of what it was made for. The
// guard therefore remembers each signature within its five-minute window:
//
//   - a change (every action but Describe*) is accepted once per signature:
//     resent as itself, as another action or to another region, it is
//     refused;
//   - a read's signature can serve a change only from the address the read
//     came from: a captured DescribeImages resent as DeleteImages from
//     elsewhere is refused, while a client that describes an instance and
//     terminates it within the same second, sending the same body twice and
//     so the same signature, goes on;
//   - reads go on whatever came before: SDK polling loops send identical
//     reads within a second, and so does any client reading with the same
//     body in two regions or two actions (DescribeRegions then
//     DescribeZones, both "{}"); a read changes nothing.
//
// The table api_signatures holds the signatures, its primary key deciding
// the first sighting across replicas. A change is written at once, on both
// databases (it is a write anyway). A read is written at once on PostgreSQL,
// where an insert waits for no other writer; on SQLite, where one write lock
// serves the whole database and a read must never wait for it (SPEC 9), the
// server process (SQLite has one) remembers its reads in memory and the job
// worker writes them to the table in batches (Flush), so a restart or
// another process still finds them.
type ReplayGuard struct {
	db  *DB
	now func() time.Time

	mu      sync.Mutex
	local   map[string]apiSignature // SQLite: every signature this process saw, until it expires
	pending []apiSignature          // SQLite: reads among them not yet in the table
}

// NewReplayGuard returns the replay guard of a database.
func NewReplayGuard(db *DB) *ReplayGuard {
	g := &ReplayGuard{db: db, now: func() time.Time { return time.Now().UTC() }}
	if db.Dialect == SQLite {
		g.local = map[string]apiSignature{}
	}
	return g
}

// Admit records the call's signature, or refuses the call with ErrReplayed.
func (g *ReplayGuard) Admit(ctx context.Context, c SignedCall) error {
	row := apiSignature{Signature: c.Signature, Action: c.Action, Region: c.Region, Client: c.Client, SeenAt: g.now(),
		ExpiresAt: c.Expires.UTC()}
	if !IsChange(c.Action) {
		return g.admitRead(ctx, row)
	}
	if g.local == nil {
		return g.admitChange(ctx, c, row)
	}
	before, err := g.claim(c, row)
	if err != nil {
		return err
	}
	if err := g.admitChange(ctx, c, row); err != nil {
		// Refused by what another process saw, or failed: the claim goes, or
		// a refused replay would spoil the signature for its own client.
		g.mu.Lock()
		if before.Signature == "" {
			delete(g.local, c.Signature)
		} else {
			g.local[c.Signature] = before
		}
		g.mu.Unlock()
		return err
	}
	return nil
}

// admitRead records a read's signature unless one is there already.
func (g *ReplayGuard) admitRead(ctx context.Context, row apiSignature) error {
	if g.local == nil {
		if err := g.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
			return fmt.Errorf("record api signature: %w", err)
		}
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, seen := g.local[row.Signature]; !seen {
		g.local[row.Signature] = row
		g.pending = append(g.pending, row)
	}
	return nil
}

// claim judges a change by what this SQLite process saw of its signature
// (reads it has not written yet included), and marks the signature used,
// returning what it replaced (zero if nothing).
func (g *ReplayGuard) claim(c SignedCall, row apiSignature) (apiSignature, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	first, seen := g.local[c.Signature]
	if seen && !c.follows(first) {
		return first, ErrReplayed
	}
	g.local[c.Signature] = row
	return first, nil
}

// admitChange writes a change's signature: a new one, or one its own
// client read with (once), or the retry of the same change; anything else
// is a replay.
func (g *ReplayGuard) admitChange(ctx context.Context, c SignedCall, row apiSignature) error {
	db := g.db.WithContext(ctx)
	res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return fmt.Errorf("record api signature: %w", res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	// Conditional, so that of two changes racing after the same read (on
	// any replicas) only one takes the signature.
	res = db.Model(&apiSignature{}).Where("signature = ? AND action LIKE 'Describe%' AND client = ?", c.Signature, c.Client).
		Updates(map[string]any{"action": c.Action, "region": c.Region, "seen_at": row.SeenAt})
	if res.Error != nil {
		return fmt.Errorf("record api signature: %w", res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var first apiSignature
	if err := db.Where("signature = ?", c.Signature).Take(&first).Error; err != nil {
		return fmt.Errorf("read api signature: %w", err)
	}
	if !c.follows(first) {
		return ErrReplayed
	}
	return nil
}

// follows reports whether change c may use a signature first seen as first:
// after its own client's read, or as the retry of that very change.
func (c SignedCall) follows(first apiSignature) bool {
	if IsChange(first.Action) {
		return c.Retry && first.Action == c.Action && first.Region == c.Region
	}
	return first.Client == c.Client
}

// Flush writes the reads this SQLite process remembers to the table, in
// short transactions, and forgets the signatures that expired. It takes the write
// lock only when there is something to write.
func (g *ReplayGuard) Flush(ctx context.Context) error {
	if g.local == nil {
		return nil
	}
	g.mu.Lock()
	batch := g.pending
	g.pending = nil
	cutoff := g.now().Add(-signatureMargin)
	for sig, row := range g.local {
		if row.ExpiresAt.Before(cutoff) {
			delete(g.local, sig)
		}
	}
	g.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	// One row per statement (prepared once; a multi-row insert would make a
	// new statement for each batch size), flushChunk rows per transaction:
	// under a burst of reads the backlog runs to hundreds of thousands, and
	// one transaction over all of it would hold the write lock for seconds,
	// past a change's busy timeout.
	for start := 0; start < len(batch); start += flushChunk {
		chunk := batch[start:min(start+flushChunk, len(batch))]
		err := g.db.tx(ctx, func(tx *gorm.DB) error {
			for i := range chunk {
				if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&chunk[i]).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			g.mu.Lock()
			g.pending = append(batch[start:], g.pending...)
			g.mu.Unlock()
			return fmt.Errorf("write api signatures: %w", err)
		}
	}
	return nil
}

// flushChunk is how many remembered reads Flush writes per transaction: a
// few milliseconds of write lock each.
const flushChunk = 256

// signatureMargin is how long a signature is kept past its expiry: replicas'
// clocks differ a little, and one may still accept it a moment longer.
const signatureMargin = time.Minute

// pruneSignatures deletes the signatures past their expiry (and margin):
// they are refused as expired anyway. It looks first, on the read pool, so
// an idle worker takes no write lock.
func pruneSignatures(ctx context.Context, db *DB, now time.Time) error {
	cutoff := now.Add(-signatureMargin)
	var due []string
	if err := db.reader(ctx).Model(&apiSignature{}).Where("expires_at < ?", cutoff).Limit(1).Pluck("signature", &due).Error; err != nil {
		return fmt.Errorf("expired api signatures: %w", err)
	}
	if len(due) == 0 {
		return nil
	}
	if err := db.WithContext(ctx).Where("expires_at < ?", cutoff).Delete(&apiSignature{}).Error; err != nil {
		return fmt.Errorf("prune api signatures: %w", err)
	}
	return nil
}
