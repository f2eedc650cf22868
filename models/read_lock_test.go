package models_test

import (
	"context"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// SPEC 9: read paths never wait for a writer. A write transaction is held
// open (on SQLite it holds the database's write lock from BEGIN); every
// read-only store call, and a job worker with nothing to do, must still
// answer at once. Before reads had their own pool they queued behind the
// writer until SQLite's busy timeout (10 s): the deadline below fails them.
func TestReadsDoNotWaitForWriters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		jobs := models.NewJobQueue(db, 0)
		sessions := models.NewSessionStore(db, sessionPolicy)
		clk := newClock()
		models.SetSessionClock(sessions, clk.Now)
		token, err := sessions.Create(t.Context(), w.owner.UserID, "")
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(2 * time.Minute) // the next lookup is due to record the session's use

		writer := db.Begin()
		if writer.Error != nil {
			t.Fatalf("begin: %v", writer.Error)
		}
		defer writer.Rollback()
		if err := writer.Model(&models.Image{}).Where("id = ?", w.img.ID).Update("description", "being edited").Error; err != nil {
			t.Fatalf("write: %v", err)
		}

		reads := []struct {
			name string
			read func(ctx context.Context) error
		}{
			{"share check", func(ctx context.Context) error {
				_, err := w.shares.Check(ctx, w.owner, w.img.ID, w.idsOf("bob", "carol"))
				return err
			}},
			{"image list", func(ctx context.Context) error {
				_, err := w.images.List(ctx, w.owner, models.ImageQuery{Region: shGZ, Tab: models.TabCustom})
				return err
			}},
			{"tab counts", func(ctx context.Context) error {
				_, err := w.images.Facts(ctx, w.as("alice"), shGZ)
				return err
			}},
			{"image detail", func(ctx context.Context) error {
				_, err := w.images.Get(ctx, w.as("alice"), w.img.ID)
				return err
			}},
			{"recipients", func(ctx context.Context) error {
				_, err := w.shares.Recipients(ctx, w.owner, w.img.ID)
				return err
			}},
			{"quota", func(ctx context.Context) error {
				_, err := w.quotas.Regions(ctx, w.owner)
				return err
			}},
			{"session lookup due to record its use", func(ctx context.Context) error {
				_, err := sessions.Lookup(ctx, token)
				return err
			}},
			{"idle job worker", func(ctx context.Context) error {
				_, err := jobs.Step(ctx)
				return err
			}},
		}
		for _, r := range reads {
			t.Run("SPEC 9 "+r.name+" answers while a writer holds the lock", func(t *testing.T) {
				ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
				defer cancel()
				if err := r.read(ctx); err != nil {
					t.Errorf("%s: %v", r.name, err)
				}
			})
		}
	})
}
