package models_test

import (
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// SPEC 9: Optimize gives PostgreSQL's planner fresh statistics at once (after
// a bulk load autovacuum comes later, and until then an image's share list
// hashed every account), and SQLite's what it lacks.
func TestOptimizeAnalyzes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		addAccount(t, db, "100000000042", "Stats", models.AccountActive)
		if err := db.Optimize(t.Context()); err != nil {
			t.Fatalf("optimize: %v", err)
		}
		if db.Dialect != models.Postgres {
			return
		}
		var at *time.Time
		err := db.Raw("SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'shares'").
			Scan(&at).Error
		if err != nil || at == nil {
			t.Errorf("shares last analyzed at %v (%v); want now", at, err)
		}
	})
}
