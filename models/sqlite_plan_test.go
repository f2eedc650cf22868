package models_test

import (
	"context"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// Every SQLite connection, writer's and reader's, keeps the plan a
// statement was prepared with: otherwise SQLite prepares an image read anew
// on every run (stablePlans).
func TestSQLiteConnectionsKeepTheirPlans(t *testing.T) {
	db := testdb.SQLite(t)
	ok, err := models.PlansStable(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatal("a connection replans statements when their parameters are bound")
	}
}

// With stable plans a bound status cannot pick a partial index: the counts
// and lists of shares by status use the index on status (schema 18), not
// a scan of every share.
func TestSharesByBoundStatusUseAnIndex(t *testing.T) {
	db := testdb.SQLite(t)
	for _, q := range []string{
		"SELECT COUNT(*) FROM shares WHERE status = ?",
		"SELECT id FROM shares WHERE shares.status = ? ORDER BY created_at DESC LIMIT 20",
	} {
		var plan []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := db.Raw("EXPLAIN QUERY PLAN "+q, models.SharePending).Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, p := range plan {
			steps = append(steps, p.Detail)
		}
		if got := strings.Join(steps, "; "); !strings.Contains(got, "shares_status") || strings.Contains(got, "SCAN") {
			t.Errorf("%s: plan %q, want a search of shares_status", q, got)
		}
	}
}
