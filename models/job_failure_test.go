package models_test

import (
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestJobImageCreateFailsWhenInstanceGoes(t *testing.T) {
	tests := []struct {
		name   string
		before int // steps applied before the instance is terminated
	}{
		{"SPEC 5 the instance terminated before the first step fails the image", 0},
		{"SPEC 5 the instance terminated mid-way fails the image", 2},
		{"SPEC 5 the instance terminated before the last step fails the image", 4},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		q := testQueue(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := addActor(t, db, "Self")
				ins := addInstance(t, db, models.Instance{AccountID: self.AccountID})
				img, err := models.NewImageStore(db).CreateFromInstance(t.Context(), self, models.NewImage{InstanceID: ins.ID, Name: "snap"})
				if err != nil {
					t.Fatal(err)
				}
				for range tt.before {
					step(t, q)
				}
				_, progress := jobSubject{"image_id", img.ID}.read(t, db)
				if err := models.NewInstanceStore(db).Terminate(t.Context(), self, ins.ID); err != nil {
					t.Fatal(err)
				}
				step(t, q)
				got := readImage(t, db, img.ID)
				if got.State != models.ImageCreateFailed || got.FailureReason != "image.failed_instance_gone" || got.Progress != progress {
					t.Errorf("image = %s %q at %d%%; want %s %q at %d%%", got.State, got.FailureReason, got.Progress,
						models.ImageCreateFailed, "image.failed_instance_gone", progress)
				}
				if n := drain(t, q); n != 0 {
					t.Errorf("%d more steps after the failure; want none", n)
				}
				if job := jobsOf(t, db, "image_id", img.ID)[0]; job.State != models.JobFailed {
					t.Errorf("job state = %s; want %s", job.State, models.JobFailed)
				}
			})
		}
	})
}

func TestJobOfDeletedImageEndsDone(t *testing.T) {
	tests := []struct {
		name   string
		work   jobWork
		before int // steps applied before the image disappears
	}{
		{"SPEC 5 an image creation whose image was deleted before it started ends done", jobWorks[0], 0},
		{"SPEC 5 an image creation whose image was deleted mid-way ends done", jobWorks[0], 3},
		{"SPEC 5 a copy whose image was deleted mid-way ends done", jobWorks[1], 5},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		q := testQueue(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				subject := tt.work.start(t, db, addActor(t, db, "Self"))
				for range tt.before {
					step(t, q)
				}
				// The store refuses to delete an image in progress (R6); the row
				// can still vanish under the job, and the job must cope.
				if err := db.Where("id = ?", subject.id).Delete(&models.Image{}).Error; err != nil {
					t.Fatal(err)
				}
				if n := drain(t, q); n != 1 {
					t.Errorf("drain applied %d steps; want the one that finds the image gone", n)
				}
				job := jobsOf(t, db, "image_id", subject.id)[0]
				if job.State != models.JobDone || job.LastError != "" || job.Attempts != 0 {
					t.Errorf("job = %+v; want done without error", job)
				}
				if n := countRows(t, db, &models.Image{}, "id = ?", subject.id); n != 0 {
					t.Errorf("the deleted image is back")
				}
			})
		}
	})
}

// SPEC 5: nothing stays in progress forever. A job whose step keeps failing
// is retried, then gives up and fails its image with a reason.
func TestJobThatKeepsFailingGivesUp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		self := addActor(t, db, "Self")
		img := addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, State: models.ImageSyncing})
		job := models.Job{Kind: "image.teleport", ImageID: img.ID, State: models.JobQueued, RunAt: base, CreatedAt: base, UpdatedAt: base}
		if err := db.Create(&job).Error; err != nil {
			t.Fatal(err)
		}
		q := testQueue(db)
		for attempt := 1; attempt <= 5; attempt++ {
			did, err := q.Step(t.Context())
			if !did || err == nil {
				t.Fatalf("attempt %d: Step = %v, %v; want a failed step reported", attempt, did, err)
			}
			stored := jobsOf(t, db, "image_id", img.ID)[0]
			wantState := models.JobQueued
			if attempt == 5 {
				wantState = models.JobFailed
			}
			if stored.Attempts != attempt || stored.Steps != 0 || stored.State != wantState || stored.LastError == "" {
				t.Fatalf("after attempt %d: job = %+v; want %d attempts, no step applied, %s", attempt, stored, attempt, wantState)
			}
		}
		if n := drain(t, q); n != 0 {
			t.Errorf("%d more steps after the job gave up; want none", n)
		}
		if got := readImage(t, db, img.ID); got.State != models.ImageCreateFailed || got.FailureReason != "image.failed_simulator" {
			t.Errorf("image = %s %q; want %s %q", got.State, got.FailureReason, models.ImageCreateFailed, "image.failed_simulator")
		}
	})
}
