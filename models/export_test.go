package models

import (
	"context"
	"slices"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
)

// Hooks for the external tests in package models_test. This file is compiled
// only into the test binary, so production code cannot reach them.

// SetAuthClock makes s read the time from now, so tests move time instead of sleeping.
func SetAuthClock(s *AuthStore, now func() time.Time) { s.now = now }

// SetSessionClock makes s read the time from now, so tests move time instead of sleeping.
func SetSessionClock(s *SessionStore, now func() time.Time) { s.now = now }

// SetShareClock makes s read the time from now, so tests move time instead of sleeping.
func SetShareClock(s *ShareStore, now func() time.Time) { s.now = now }

// SchemaVersion is the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.WithContext(ctx).Raw("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v).Error
	return v, err
}

// LatestSchemaVersion is the version of the newest migration step.
func LatestSchemaVersion() int { return migrations[len(migrations)-1].version }

// MigrationCount is the number of migration steps.
func MigrationCount() int { return len(migrations) }

// SQLiteDSN is the production DSN for a SQLite file, so a test can open a
// database the way Open does without migrating it.
func SQLiteDSN(path string) string { return sqliteDSN(path) }

// ArmRegions are the regions whose catalogue includes arm64 images.
func ArmRegions() []string { return slices.Clone(armRegions) }

// SeedRegions inserts the regions and zones alone, without the public
// catalogue, for tests that want only the images they add.
func SeedRegions(db *DB) error { return seedRegions(db.DB) }

// SetJobClock makes q read the time from now, so tests decide when jobs are
// due instead of sleeping.
func SetJobClock(q *JobQueue, now func() time.Time) { q.now = now }

// Housekeep runs the worker's housekeeping once, as it does between steps.
func Housekeep(ctx context.Context, q *JobQueue) error { return q.housekeep(ctx) }

// APISignature is the model of api_signatures, for counting its rows.
func APISignature() any { return &apiSignature{} }

// Unread counts the account's unread notifications with the query the
// session lookup runs for the header's bell.
func (s *NotificationStore) Unread(ctx context.Context, actor Actor) (int, error) {
	var n int
	err := s.db.reader(ctx).Raw("SELECT ("+unreadOf("?")+")", actor.AccountID).Scan(&n).Error
	return n, err
}

// FlushChunk is how many remembered reads ReplayGuard.Flush writes per transaction.
const FlushChunk = flushChunk

// FlushSessionUses writes the session uses s noted, as the job worker does.
func FlushSessionUses(ctx context.Context, s *SessionStore) error {
	return s.seen.flush(ctx, s.db, s.now())
}

// ImageFieldColumns are the columns image reads scan by hand, in order.
func ImageFieldColumns() []string {
	cols := make([]string, len(imageFields))
	for i, f := range imageFields {
		cols[i] = f.column
	}
	return cols
}

// PlansStable reports whether a connection of each SQLite pool (writer and
// reader) keeps the plans its statements were prepared with.
func PlansStable(ctx context.Context, db *DB) (bool, error) {
	for _, pool := range []*gorm.DB{db.DB, db.read} {
		sqlDB, err := pool.DB()
		if err != nil {
			return false, err
		}
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return false, err
		}
		on := 0
		err = conn.Raw(func(driverConn any) error {
			var err error
			on, err = setQPSG(driverConn.(*sqlite3.SQLiteConn), -1)
			return err
		})
		conn.Close()
		if err != nil || on != 1 {
			return false, err
		}
	}
	return true, nil
}
