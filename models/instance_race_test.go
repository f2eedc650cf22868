package models_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"imageshare/models"
	"imageshare/models/testdb"
)

// An instance action that overlaps another must end as if one came first:
// whatever the first one left (a terminated instance above all) is not
// overwritten by the second. The first action is played by a transaction
// caught after its UPDATE, before its commit.
func TestInstanceActionRacingAnother(t *testing.T) {
	tests := []struct {
		name       string
		from, held string // the state before, and the state the open transaction writes
		act        func(t *testing.T, s *models.InstanceStore, a models.Actor, id, imageID string) error
		mayWin     bool // the second action may rightly succeed, as if it came last
	}{
		{name: "SPEC 2 a reinstall racing a terminate leaves the instance terminated",
			from: models.InstanceRunning, held: models.InstanceTerminated,
			act: func(t *testing.T, s *models.InstanceStore, a models.Actor, id, imageID string) error {
				return s.Reinstall(t.Context(), a, id, imageID)
			}},
		{name: "SPEC 2 a reinstall racing a stop still reinstalls, from STOPPED",
			from: models.InstanceRunning, held: models.InstanceStopped,
			act: func(t *testing.T, s *models.InstanceStore, a models.Actor, id, imageID string) error {
				return s.Reinstall(t.Context(), a, id, imageID)
			}, mayWin: true},
		{name: "SPEC 2 a stop racing a terminate leaves the instance terminated",
			from: models.InstanceRunning, held: models.InstanceTerminated,
			act: func(t *testing.T, s *models.InstanceStore, a models.Actor, id, _ string) error {
				return s.Stop(t.Context(), a, id)
			}},
		{name: "SPEC 2 a start racing a terminate leaves the instance terminated",
			from: models.InstanceStopped, held: models.InstanceTerminated,
			act: func(t *testing.T, s *models.InstanceStore, a models.Actor, id, _ string) error {
				return s.Start(t.Context(), a, id)
			}},
		{name: "SPEC 2 a stop racing another stop is refused",
			from: models.InstanceRunning, held: models.InstanceStopped,
			act: func(t *testing.T, s *models.InstanceStore, a models.Actor, id, _ string) error {
				return s.Stop(t.Context(), a, id)
			}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewInstanceStore(db)
		public := addImage(t, db, models.Image{RegionID: gz, Source: models.SourceOfficial})
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := addActor(t, db, "Self")
				ins := addInstance(t, db, models.Instance{AccountID: self.AccountID, State: tt.from})
				err := whileOpen(t, db, func(tx *gorm.DB) error {
					return tx.Model(&models.Instance{}).Where("id = ?", ins.ID).
						Updates(map[string]any{"state": tt.held, "updated_at": time.Now().UTC()}).Error
				}, func() error { return tt.act(t, store, self, ins.ID, public.ID) })
				got := readInstance(t, db, ins.ID)
				jobs := jobsOf(t, db, "instance_id", ins.ID)
				if err == nil && tt.mayWin {
					if got.State != models.InstanceReinstalling || len(jobs) != 1 {
						t.Errorf("the action succeeded but the instance is %s with %d job(s); want REINSTALLING with one", got.State, len(jobs))
					}
					return
				}
				if err == nil {
					t.Fatalf("the second action succeeded; instance now %s with %d job(s)", got.State, len(jobs))
				}
				e := domainError(t, err)
				if e.Code != "InvalidInstanceId.NotFound" && e.Code != "UnsupportedOperation.InstanceStateNotSupported" {
					t.Errorf("error = %v; want not found or wrong state", err)
				}
				if got.State != tt.held || len(jobs) != 0 {
					t.Errorf("instance is %s with %d job(s); want %s, untouched by the refused action", got.State, len(jobs), tt.held)
				}
			})
		}
	})
}

// whileOpen plays a concurrent request caught in the middle of its
// transaction: it runs hold in an open transaction, starts call, and commits
// only once call waits on that transaction (PostgreSQL: seen in pg_locks;
// SQLite: every write transaction waits for the open one, so call is simply
// started first). It returns call's result. No sleeping.
func whileOpen(t *testing.T, db *models.DB, hold func(tx *gorm.DB) error, call func() error) error {
	t.Helper()
	tx := db.Begin()
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	defer tx.Rollback()
	if err := hold(tx); err != nil {
		t.Fatalf("hold: %v", err)
	}
	var xid string
	if db.Dialect == models.Postgres {
		if err := tx.Raw("SELECT txid_current()::text").Scan(&xid).Error; err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- call() }()
	for xid != "" {
		select {
		case err := <-done: // call never waited
			if cerr := tx.Commit().Error; cerr != nil {
				t.Fatalf("commit: %v", cerr)
			}
			return err
		case <-t.Context().Done():
			t.Fatal("gave up waiting for the call to block")
		default:
		}
		var waiting int64
		err := db.Raw("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted AND transactionid::text = ?",
			xid).Scan(&waiting).Error
		if err != nil {
			t.Fatalf("read pg_locks: %v", err)
		}
		if waiting > 0 {
			break
		}
	}
	if err := tx.Commit().Error; err != nil {
		t.Fatalf("commit: %v", err)
	}
	return <-done
}
