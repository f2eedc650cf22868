// Package testdb gives tests a fresh, migrated database: a SQLite file in the
// test's temp dir always, and a private PostgreSQL schema when
// IMAGESHARE_TEST_POSTGRES holds a DSN, so one suite proves both dialects.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"imageshare/models"
)

// PostgresEnv names the variable holding the PostgreSQL DSN for tests.
const PostgresEnv = "IMAGESHARE_TEST_POSTGRES"

// Each runs fn as a subtest once per available dialect ("sqlite", "postgres"),
// each with its own fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *models.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	if os.Getenv(PostgresEnv) != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

// SQLite returns a migrated database in a new file under t.TempDir().
func SQLite(t testing.TB) *models.DB {
	t.Helper()
	db, err := models.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Postgres returns a migrated database in a schema of its own, dropped at the
// end of the test. It skips the test when no DSN is configured.
func Postgres(t testing.TB) *models.DB {
	t.Helper()
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skip(PostgresEnv + " is not set")
	}
	ctx := context.Background()
	// A bare connection creates and drops the test's schema: it must not
	// migrate the database's own (public) schema, which other checkouts'
	// test runs, with other migration histories, share.
	admin, err := gorm.Open(postgres.Open(dsn), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	schema := "t_" + randomHex(8)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := models.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("open postgres schema: %v", err)
	}
	t.Cleanup(func() {
		_ = db.Close()
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		if sqlDB, err := admin.DB(); err == nil {
			_ = sqlDB.Close()
		}
	})
	return db
}

// Seeded returns db after the production seed (regions, catalogue, admin with
// password "admin-password").
func Seeded(t testing.TB, db *models.DB) *models.DB {
	t.Helper()
	if _, err := models.Seed(context.Background(), db, "admin-password"); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
