package models_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// A launch with a ClientToken is idempotent per account (the CVM
// reference's RunInstances): a retry returns the first launch's instances
// and launches nothing, even when many retries race, on both databases.
func TestLaunchWithClientToken(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewInstanceStore(db)
		public := addImage(t, db, models.Image{RegionID: gz, Source: models.SourceOfficial})
		launch := func(token string, count int) models.Launch {
			return models.Launch{Region: gz, Zone: gz + "-1", ImageID: public.ID, InstanceType: "S5.MEDIUM2", Name: "web",
				Count: count, ClientToken: token}
		}
		idsOf := func(list []models.Instance) []string {
			out := make([]string, len(list))
			for i, ins := range list {
				out[i] = ins.ID
			}
			return out
		}
		launched := func(a models.Actor) int64 { return countRows(t, db, &models.Instance{}, "account_id = ?", a.AccountID) }

		t.Run("a retry returns the first launch", func(t *testing.T) {
			self := addActor(t, db, "Self")
			first, err := store.Launch(t.Context(), self, launch("retry-1", 2))
			if err != nil {
				t.Fatal(err)
			}
			again, err := store.Launch(t.Context(), self, launch("retry-1", 2))
			if err != nil || !slices.Equal(idsOf(again), idsOf(first)) {
				t.Errorf("retry = %v, %v; want %v", idsOf(again), err, idsOf(first))
			}
			if n := launched(self); n != 2 {
				t.Errorf("%d instances, want 2", n)
			}
			if _, err := store.Launch(t.Context(), self, launch("retry-2", 1)); err != nil || launched(self) != 3 {
				t.Errorf("another token: %v, %d instances", err, launched(self))
			}
		})
		t.Run("tokens are per account", func(t *testing.T) {
			a, b := addActor(t, db, "A"), addActor(t, db, "B")
			for _, actor := range []models.Actor{a, b} {
				if _, err := store.Launch(t.Context(), actor, launch("shared-token", 1)); err != nil || launched(actor) != 1 {
					t.Errorf("%s: %v, %d instances", actor.AccountID, err, launched(actor))
				}
			}
		})
		t.Run("a refused launch does not use the token", func(t *testing.T) {
			self := addActor(t, db, "Self")
			bad := launch("after-refusal", 1)
			bad.Zone = sh + "-1"
			_, err := store.Launch(t.Context(), self, bad)
			if e := domainError(t, err); e.Code != "InvalidZone.MismatchRegion" {
				t.Fatalf("launch in a wrong zone: %v", err)
			}
			if _, err := store.Launch(t.Context(), self, launch("after-refusal", 1)); err != nil || launched(self) != 1 {
				t.Errorf("launch after the refusal: %v, %d instances", err, launched(self))
			}
		})
		t.Run("racing retries launch once", func(t *testing.T) {
			self := addActor(t, db, "Self")
			results := make([][]string, 8)
			var wg sync.WaitGroup
			for i := range results {
				wg.Go(func() {
					got, err := store.Launch(context.Background(), self, launch("race", 1))
					if err != nil {
						t.Errorf("launch %d: %v", i, err)
					}
					results[i] = idsOf(got)
				})
			}
			wg.Wait()
			for _, r := range results {
				if !slices.Equal(r, results[0]) || len(r) != 1 {
					t.Errorf("results differ: %v", results)
					break
				}
			}
			if n := launched(self); n != 1 {
				t.Errorf("%d instances, want 1", n)
			}
		})
		t.Run("a token of 65 characters is refused", func(t *testing.T) {
			_, err := store.Launch(t.Context(), addActor(t, db, "Self"), launch(strings.Repeat("t", 65), 1))
			de := domainError(t, err)
			if de.Code != "InvalidParameterValue" {
				t.Fatalf("err = %v", err)
			}
			if _, ok := de.Field("client_token"); !ok {
				t.Errorf("no client_token field in %v", de.Fields)
			}
		})
	})
}
