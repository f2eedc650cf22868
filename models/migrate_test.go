package models_test

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestOpenMigratesToLatestVersion(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		tests := []struct {
			name  string
			check func(t *testing.T)
		}{
			{"schema version is the newest migration", func(t *testing.T) {
				v, err := db.SchemaVersion(t.Context())
				if err != nil || v != models.LatestSchemaVersion() {
					t.Errorf("SchemaVersion() = %d, %v; want %d", v, err, models.LatestSchemaVersion())
				}
			}},
			{"every migration step is recorded", func(t *testing.T) {
				assertMigrationsRecordedOnce(t, db)
			}},
			{"tables of the initial schema exist", func(t *testing.T) {
				for _, table := range []string{"regions", "zones", "accounts", "users", "sessions",
					"login_failures", "images", "shares", "account_quotas", "settings"} {
					if !db.Migrator().HasTable(table) {
						t.Errorf("table %s is missing", table)
					}
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, tt.check)
		}
	})
}

func TestMigrateAgainIsNoOp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		addAccount(t, db, "100000000042", "Kept Across Migrate", models.AccountActive)
		if err := models.Migrate(t.Context(), db); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		tests := []struct {
			name  string
			check func(t *testing.T)
		}{
			{"schema version is unchanged", func(t *testing.T) {
				if v, err := db.SchemaVersion(t.Context()); err != nil || v != models.LatestSchemaVersion() {
					t.Errorf("SchemaVersion() = %d, %v; want %d", v, err, models.LatestSchemaVersion())
				}
			}},
			{"no migration is recorded twice", func(t *testing.T) {
				assertMigrationsRecordedOnce(t, db)
			}},
			{"existing data is kept", func(t *testing.T) {
				if n := countRows(t, db, &models.Account{}, "id = ?", "100000000042"); n != 1 {
					t.Errorf("account rows after Migrate = %d; want 1", n)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, tt.check)
		}
	})
}

// Replicas starting together all run Migrate; each must succeed and every
// step must be applied once.
func TestMigrateConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		tests := []struct {
			name   string
			target func(t *testing.T) *models.DB
		}{
			{"on a migrated database", func(*testing.T) *models.DB { return db }},
			{"on an empty database", func(t *testing.T) *models.DB { return emptyDB(t, db) }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				target := tt.target(t)
				const goroutines = 8
				errs := make([]error, goroutines)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for i := range goroutines {
					wg.Go(func() {
						<-start
						errs[i] = models.Migrate(t.Context(), target)
					})
				}
				close(start)
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Errorf("Migrate #%d: %v", i, err)
					}
				}
				if v, err := target.SchemaVersion(t.Context()); err != nil || v != models.LatestSchemaVersion() {
					t.Errorf("SchemaVersion() = %d, %v; want %d", v, err, models.LatestSchemaVersion())
				}
				assertMigrationsRecordedOnce(t, target)
			})
		}
	})
}

func assertMigrationsRecordedOnce(t *testing.T, db *models.DB) {
	t.Helper()
	var versions []int
	if err := db.Table("schema_migrations").Order("version").Pluck("version", &versions).Error; err != nil {
		t.Fatalf("read schema_migrations: %v", err)
	}
	if len(versions) != models.MigrationCount() {
		t.Errorf("schema_migrations versions = %v; want %d distinct steps", versions, models.MigrationCount())
	}
}

// emptyDB opens a database of like's dialect with nothing in it, not even
// schema_migrations, the way a replica's first start finds it.
func emptyDB(t *testing.T, like *models.DB) *models.DB {
	t.Helper()
	cfg := &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true, TranslateError: true}
	var (
		gdb *gorm.DB
		err error
	)
	switch like.Dialect {
	case models.Postgres:
		raw := make([]byte, 8)
		_, _ = rand.Read(raw)
		schema := "t_empty_" + hex.EncodeToString(raw)
		if err := like.Exec("CREATE SCHEMA " + schema).Error; err != nil {
			t.Fatalf("create schema: %v", err)
		}
		u, err := url.Parse(os.Getenv(testdb.PostgresEnv))
		if err != nil {
			t.Fatalf("parse %s: %v", testdb.PostgresEnv, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		gdb, err = gorm.Open(postgres.Open(u.String()), cfg)
		if err != nil {
			t.Fatalf("open empty postgres schema: %v", err)
		}
		t.Cleanup(func() { _ = like.Exec("DROP SCHEMA " + schema + " CASCADE").Error })
	default:
		gdb, err = gorm.Open(sqlite.Open(models.SQLiteDSN(filepath.Join(t.TempDir(), "empty.db"))), cfg)
		if err != nil {
			t.Fatalf("open empty sqlite: %v", err)
		}
	}
	db := &models.DB{DB: gdb, Dialect: like.Dialect}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// A step may land below one already applied (branches merged out of
// order, or a database that skipped one): Migrate applies every step not yet
// recorded, whatever newer steps are.
func TestMigrateAppliesAStepBelowTheNewest(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		for _, stmt := range []string{
			"DROP TABLE api_signatures", "DROP TABLE client_tokens",
			"DELETE FROM schema_migrations WHERE version = 7",
			"INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'a later step', CURRENT_TIMESTAMP)",
		} {
			if err := db.Exec(stmt).Error; err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		if err := models.Migrate(t.Context(), db); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		for _, table := range []string{"api_signatures", "client_tokens"} {
			if !db.Migrator().HasTable(table) {
				t.Errorf("table %s of step 7 is missing", table)
			}
		}
	})
}
