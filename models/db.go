// Package models is the domain layer: GORM structs, the rules of SPEC section 3,
// one store per aggregate, and the versioned migrations both databases share.
package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database family behind a *gorm.DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB wraps the connection with the dialect, which a few statements (row locks,
// DDL types) depend on. Everything else is shared GORM code.
type DB struct {
	*gorm.DB
	Dialect Dialect
	// read serves read-only work. On SQLite it is a pool of its own whose
	// transactions are deferred and query-only, so a read never takes (or
	// waits for) the write lock: WAL readers see the last commit while a
	// writer works. On PostgreSQL it is the same pool.
	read *gorm.DB

	keys masterKey
}

// IsPostgresDSN reports whether dsn selects PostgreSQL rather than a SQLite file.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to SQLite (a file path) or PostgreSQL (a postgres:// DSN) and
// runs the pending migrations, so a first start needs no separate step.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		TranslateError:         true,
		// Reuse prepared statements: preparing is a large share of a list
		// page's database time (SQLite parses each statement anew otherwise).
		PrepareStmt: true,
	}
	var (
		gdb     *gorm.DB
		dialect Dialect
		err     error
	)
	if IsPostgresDSN(dsn) {
		dialect = Postgres
		gdb, err = gorm.Open(postgres.Open(dsn), cfg)
	} else {
		dialect = SQLite
		if dsn == "" {
			return nil, errors.New("open database: empty path")
		}
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("open database: %w", err)
			}
		}
		registerSQLiteDriver()
		gdb, err = gorm.Open(sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: sqliteDSN(dsn)}), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if dialect == SQLite {
		// WAL lets readers run beside the one writer; more connections than
		// that only queue on the write lock, so keep the pool modest.
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
	} else {
		// As many idle as open: database/sql closes a connection returned
		// beyond the idle limit, and a new one starts with cold catalog
		// caches (its first plans take tens of milliseconds), so a pool
		// that churns under load pays that on every burst.
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{DB: gdb, Dialect: dialect, read: gdb}
	if err := db.Ping(ctx); err != nil {
		return nil, err
	}
	if err := Migrate(ctx, db); err != nil {
		return nil, err
	}
	if dialect == SQLite {
		// Opened after the migrations, which create the file in WAL mode.
		if db.read, err = openSQLiteReader(dsn, cfg); err != nil {
			return nil, err
		}
	}
	if dialect == SQLite {
		// Cheap at open on SQLite (it analyzes only what changed); on
		// PostgreSQL a full ANALYZE would delay readiness, and autovacuum
		// is there.
		if err := db.Optimize(ctx); err != nil {
			return nil, err
		}
	}
	return db, nil
}

// Optimize refreshes the query planner's statistics where they are stale.
// SQLite plans without statistics otherwise and picks, for example, a region
// scan over the recipient's handful of shares for the "Shared with me" tab
// (100x slower on SPEC 9's data set). SQLite's advice: run it at open and
// periodically; the server does so hourly. PostgreSQL's autovacuum analyzes
// by itself, but only a while after a bulk load or a restore: until then a
// share list of one image hashed all 10,000 accounts (49 ms instead of
// 0.6 ms). The hourly run ANALYZEs there too.
func (db *DB) Optimize(ctx context.Context) error {
	stmt := "ANALYZE"
	if db.Dialect == SQLite {
		stmt = "PRAGMA optimize=0x10002"
	}
	if err := db.WithContext(ctx).Exec(stmt).Error; err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}

// sqliteDriver is go-sqlite3 with LOWER replaced by Go's Unicode-aware
// strings.ToLower: SQLite's own folds ASCII only, so a search for
// "produção" would miss "PRODUÇÃO" (PostgreSQL's LOWER folds it).
const sqliteDriver = "sqlite3_imageshare"

var registerOnce sync.Once

func registerSQLiteDriver() {
	registerOnce.Do(func() {
		sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{
			ConnectHook: func(conn *sqlite3.SQLiteConn) error {
				if err := stablePlans(conn); err != nil {
					return err
				}
				if _, err := conn.Exec("PRAGMA mmap_size = 1073741824", nil); err != nil {
					return err
				}
				return conn.RegisterFunc("lower", strings.ToLower, true)
			},
		})
	})
}

// openSQLiteReader opens the read-only pool over the same file.
func openSQLiteReader(path string, cfg *gorm.Config) (*gorm.DB, error) {
	dsn := "file:" + path + "?_foreign_keys=on&_busy_timeout=10000&_txlock=deferred&_query_only=true&_mutex=no"
	read, err := gorm.Open(sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: dsn}), cfg)
	if err != nil {
		return nil, fmt.Errorf("open database for reading: %w", err)
	}
	sqlRead, err := read.DB()
	if err != nil {
		return nil, fmt.Errorf("open database for reading: %w", err)
	}
	sqlRead.SetMaxOpenConns(8)
	sqlRead.SetMaxIdleConns(8)
	sqlRead.SetConnMaxIdleTime(5 * time.Minute)
	return read, nil
}

// sqliteDSN turns a file path into a go-sqlite3 DSN with the settings the
// product relies on: WAL, foreign keys, a busy timeout instead of instant
// SQLITE_BUSY, and BEGIN IMMEDIATE so a transaction that will write takes the
// write lock up front (no deadlock when two readers both try to upgrade).
func sqliteDSN(path string) string {
	return "file:" + path + "?_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_txlock=immediate&_synchronous=NORMAL&_mutex=no"
}

// Ping checks that the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.DB.DB()
	if err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close releases the connection pools.
func (db *DB) Close() error {
	var errs []error
	pools := []*gorm.DB{db.DB}
	if db.read != nil && db.read != db.DB {
		pools = append(pools, db.read)
	}
	for _, p := range pools {
		sqlDB, err := p.DB()
		if err == nil {
			err = sqlDB.Close()
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// tx runs fn in one transaction bound to ctx: on SQLite it takes the write
// lock at BEGIN, so use it only for work that writes.
func (db *DB) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Transaction(fn)
}

// reader is the session for one read-only statement.
func (db *DB) reader(ctx context.Context) *gorm.DB { return db.readPool().WithContext(ctx) }

// view runs read-only work of several statements on the read pool, where it
// never takes the write lock. Not in a transaction: inside one, database/sql
// prepares every statement anew on the transaction's connection (on SQLite a
// parse, on PostgreSQL a round trip), which cost the image page more than its
// queries did; outside, each connection keeps its prepared statements. Each
// statement sees the last commit; reads that must agree with each other, or
// with a change, belong in the change's transaction.
func (db *DB) view(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return fn(db.readPool().WithContext(ctx))
}

// readPool is the read pool, or the only pool of a DB not made by Open.
func (db *DB) readPool() *gorm.DB {
	if db.read == nil {
		return db.DB
	}
	return db.read
}
