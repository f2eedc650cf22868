package models_test

import (
	"errors"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// A change made under WithDryRun runs every check in its transaction and
// rolls it back: it answers ErrDryRunPassed or its refusal, and leaves no
// row, job or audit event behind, on both databases.
func TestDryRunChangesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		w := newLaunchWorld(t, db)
		store := models.NewInstanceStore(db)
		dry := models.WithDryRun(t.Context())
		before := func() [3]int64 {
			return [3]int64{countRows(t, db, &models.Instance{}, "1 = 1"), countRows(t, db, &models.Job{}, "1 = 1"),
				countRows(t, db, &models.AuditEvent{}, "1 = 1")}
		}
		start := before()
		launch := models.Launch{Region: gz, Zone: gz + "-1", ImageID: w.own.ID, InstanceType: "S5.MEDIUM2", Count: 2, ClientToken: "dry"}
		if _, err := store.Launch(dry, w.self, launch); !errors.Is(err, models.ErrDryRunPassed) {
			t.Errorf("dry launch that would pass: %v", err)
		}
		launch.ImageID = w.creating.ID
		if _, err := store.Launch(dry, w.self, launch); domainError(t, err).Code != "InvalidParameterValue.InvalidImageState" {
			t.Errorf("dry launch from an image being created (R13): %v", err)
		}
		if after := before(); after != start {
			t.Errorf("instances, jobs, events: %v before, %v after", start, after)
		}
		// The token was not taken: a real launch with it launches.
		launch.ImageID = w.own.ID
		if got, err := store.Launch(t.Context(), w.self, launch); err != nil || len(got) != 2 {
			t.Errorf("launch after the dry run: %d instances, %v", len(got), err)
		}
	})
}
