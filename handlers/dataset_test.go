package handlers_test

import (
	"context"
	"os"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

// TestWriteDataset writes SPEC 9's data set (the one BenchmarkSPEC9 uses) to
// the SQLite file named by IMAGESHARE_DATASET, for the load script (.ci/load)
// to serve with the real binary. Skipped otherwise.
func TestWriteDataset(t *testing.T) {
	path := os.Getenv("IMAGESHARE_DATASET")
	if path == "" {
		t.Skip("IMAGESHARE_DATASET names the SQLite file to write")
	}
	ctx := context.Background()
	db, err := models.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := models.Seed(ctx, db, "load-admin-password"); err != nil {
		t.Fatal(err)
	}
	if err := models.SeedDemo(ctx, db, handlertest.DemoPassword); err != nil {
		t.Fatal(err)
	}
	if err := fillDataset(db); err != nil {
		t.Fatal(err)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
}
