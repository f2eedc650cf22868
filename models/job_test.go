package models_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// stepsOfKind is how many steps each kind of job takes (SPEC 5: duration is
// steps times the tick).
var stepsOfKind = map[string]int{
	models.JobImageCreate:       5,
	models.JobImageCopy:         8,
	models.JobInstanceReinstall: 3,
	models.JobInstanceBoot:      2,
}

// testQueue is a queue with a zero tick whose clock stands a day ahead, so
// every job is due at once and no test depends on the wall clock's pace.
func testQueue(db *models.DB) *models.JobQueue {
	q := models.NewJobQueue(db, 0)
	ahead := time.Now().UTC().Add(24 * time.Hour)
	models.SetJobClock(q, func() time.Time { return ahead })
	return q
}

// step applies one job step and fails the test unless there was one.
func step(t *testing.T, q *models.JobQueue) {
	t.Helper()
	did, err := q.Step(t.Context())
	if err != nil || !did {
		t.Fatalf("Step = %v, %v; want a step applied", did, err)
	}
}

// jobSubject is what a job works on, and how to read its state and progress.
type jobSubject struct {
	column, id string // jobs column naming it: image_id or instance_id
}

func (s jobSubject) read(t *testing.T, db *models.DB) (string, int) {
	t.Helper()
	if s.column == "image_id" {
		img := readImage(t, db, s.id)
		return img.State, img.Progress
	}
	return readInstance(t, db, s.id).State, -1
}

// jobWork starts one job of each kind through the stores.
type jobWork struct {
	kind       string
	start      func(t *testing.T, db *models.DB, self models.Actor) jobSubject
	from, to   string
	tracksPerc bool
}

var jobWorks = []jobWork{
	{models.JobImageCreate, func(t *testing.T, db *models.DB, self models.Actor) jobSubject {
		ins := addInstance(t, db, models.Instance{AccountID: self.AccountID})
		img, err := models.NewImageStore(db).CreateFromInstance(t.Context(), self, models.NewImage{InstanceID: ins.ID, Name: "snap"})
		if err != nil {
			t.Fatal(err)
		}
		return jobSubject{"image_id", img.ID}
	}, models.ImageCreating, models.ImageNormal, true},
	{models.JobImageCopy, func(t *testing.T, db *models.DB, self models.Actor) jobSubject {
		src := addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz})
		copies, err := models.NewImageStore(db).Copy(t.Context(), self, src.ID, models.ImageCopy{Regions: []string{sh}})
		if err != nil {
			t.Fatal(err)
		}
		return jobSubject{"image_id", copies[0].ID}
	}, models.ImageSyncing, models.ImageNormal, true},
	{models.JobInstanceBoot, func(t *testing.T, db *models.DB, self models.Actor) jobSubject {
		img := addImage(t, db, models.Image{RegionID: gz, Source: models.SourceOfficial})
		return jobSubject{"instance_id", launch(t, models.NewInstanceStore(db), self, gz, img.ID, 1)[0].ID}
	}, models.InstancePending, models.InstanceRunning, false},
	{models.JobInstanceReinstall, func(t *testing.T, db *models.DB, self models.Actor) jobSubject {
		img := addImage(t, db, models.Image{RegionID: gz, Source: models.SourceOfficial})
		ins := addInstance(t, db, models.Instance{AccountID: self.AccountID, State: models.InstanceStopped})
		if err := models.NewInstanceStore(db).Reinstall(t.Context(), self, ins.ID, img.ID); err != nil {
			t.Fatal(err)
		}
		return jobSubject{"instance_id", ins.ID}
	}, models.InstanceReinstalling, models.InstanceRunning, false},
}

func TestJobAdvancesItsSubject(t *testing.T) {
	names := map[string]string{
		models.JobImageCreate:       "SPEC 5 an image made from an instance goes CREATING to NORMAL, progress rising to 100",
		models.JobImageCopy:         "SPEC 5 a copy goes SYNCING to NORMAL, progress rising to 100",
		models.JobInstanceBoot:      "SPEC 2 a launched instance goes PENDING to RUNNING",
		models.JobInstanceReinstall: "SPEC 2 a reinstalled instance goes REINSTALLING to RUNNING",
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		q := testQueue(db)
		for _, w := range jobWorks {
			t.Run(names[w.kind], func(t *testing.T) {
				subject := w.start(t, db, addActor(t, db, "Self"))
				jobs := jobsOf(t, db, subject.column, subject.id)
				if len(jobs) != 1 || jobs[0].Kind != w.kind || jobs[0].State != models.JobQueued {
					t.Fatalf("jobs = %+v; want one queued %s", jobs, w.kind)
				}
				state, last := subject.read(t, db)
				if state != w.from || (w.tracksPerc && last != 0) {
					t.Fatalf("before any step: %s %d%%; want %s 0%%", state, last, w.from)
				}
				steps := stepsOfKind[w.kind]
				for i := 1; i <= steps; i++ {
					step(t, q)
					state, perc := subject.read(t, db)
					wantState := w.from
					if i == steps {
						wantState = w.to
					}
					if state != wantState {
						t.Errorf("after step %d of %d: %s; want %s", i, steps, state, wantState)
					}
					if w.tracksPerc && (perc <= last || perc > 100 || (i == steps) != (perc == 100)) {
						t.Errorf("after step %d of %d: progress %d%% after %d%%; want it rising, 100 only at the end", i, steps, perc, last)
					}
					last = perc
				}
				if n := drain(t, q); n != 0 {
					t.Errorf("%d more steps after the job's %d; want none", n, steps)
				}
				job := jobsOf(t, db, subject.column, subject.id)[0]
				if job.State != models.JobDone || job.Steps != steps || job.Progress != 100 || job.Attempts != 0 {
					t.Errorf("job = %+v; want done after exactly %d steps", job, steps)
				}
			})
		}
	})
}

// SPEC 5: with several workers on one database, each step of each job is
// applied exactly once.
func TestJobsRunExactlyOnce(t *testing.T) {
	const workers = 4
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		images, instances := models.NewImageStore(db), models.NewInstanceStore(db)
		self := addActor(t, db, "Busy")
		public := addImage(t, db, models.Image{RegionID: gz, Source: models.SourceOfficial})
		booting := launch(t, instances, self, gz, public.ID, 10)
		source := addInstance(t, db, models.Instance{AccountID: self.AccountID})
		var made []string
		for i := range 8 {
			img, err := images.CreateFromInstance(t.Context(), self, models.NewImage{InstanceID: source.ID, Name: fmt.Sprintf("snap-%d", i)})
			if err != nil {
				t.Fatal(err)
			}
			made = append(made, img.ID)
		}
		var reinstalling []string
		for range 4 {
			ins := addInstance(t, db, models.Instance{AccountID: self.AccountID})
			if err := instances.Reinstall(t.Context(), self, ins.ID, public.ID); err != nil {
				t.Fatal(err)
			}
			reinstalling = append(reinstalling, ins.ID)
		}
		golden := addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, Name: "golden"})
		copies, err := images.Copy(t.Context(), self, golden.ID, models.ImageCopy{Regions: models.RegionIDs[1:]})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range copies {
			made = append(made, c.ID)
		}
		var jobs []models.Job
		if err := db.Find(&jobs).Error; err != nil {
			t.Fatal(err)
		}
		wantSteps := 0
		for _, j := range jobs {
			wantSteps += stepsOfKind[j.Kind]
		}
		if len(jobs) != 30 || wantSteps != 10*2+8*5+4*3+8*8 {
			t.Fatalf("%d jobs of %d steps; want the 30 of the fixture", len(jobs), wantSteps)
		}

		q := testQueue(db)
		applied := make([]int, workers)
		errs := make([]error, workers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				<-start
				for n := 0; n < 10*wantSteps; n++ {
					did, err := q.Step(t.Context())
					if err != nil {
						errs[w] = err
						return
					}
					if !did {
						return
					}
					applied[w]++
				}
			})
		}
		close(start)
		wg.Wait()
		total := 0
		for w := range workers {
			if errs[w] != nil {
				t.Errorf("worker %d: %v", w, errs[w])
			}
			total += applied[w]
		}
		if total != wantSteps {
			t.Errorf("workers applied %d steps (%v); want exactly %d", total, applied, wantSteps)
		}
		if err := db.Order("id").Find(&jobs).Error; err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			if j.State != models.JobDone || j.Steps != stepsOfKind[j.Kind] || j.Progress != 100 || j.Attempts != 0 {
				t.Errorf("job %d (%s) = %s after %d steps, %d%%, %d failed; want done after exactly %d",
					j.ID, j.Kind, j.State, j.Steps, j.Progress, j.Attempts, stepsOfKind[j.Kind])
			}
		}
		for _, id := range made {
			if img := readImage(t, db, id); img.State != models.ImageNormal || img.Progress != 100 {
				t.Errorf("image %s is %s at %d%%; want NORMAL at 100%%", id, img.State, img.Progress)
			}
		}
		for _, ins := range booting {
			reinstalling = append(reinstalling, ins.ID)
		}
		for _, id := range reinstalling {
			if got := readInstance(t, db, id).State; got != models.InstanceRunning {
				t.Errorf("instance %s is %s; want RUNNING", id, got)
			}
		}
	})
}

// SPEC 5: after a restart, unfinished jobs resume where they stopped; no
// step is applied twice and nothing stays in progress.
func TestJobsResumeOnANewQueue(t *testing.T) {
	const tick = time.Minute
	tests := []struct {
		work   jobWork
		before int // steps the first queue applies before it stops
	}{
		{jobWorks[0], 2}, {jobWorks[1], 5}, {jobWorks[2], 1}, {jobWorks[3], 2},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		for _, tt := range tests {
			steps := stepsOfKind[tt.work.kind]
			t.Run(fmt.Sprintf("SPEC 5 a %s job stopped after %d of %d steps is finished by a new queue", tt.work.kind, tt.before, steps),
				func(t *testing.T) {
					subject := tt.work.start(t, db, addActor(t, db, "Self"))
					first := models.NewJobQueue(db, tick)
					c := &clock{now: time.Now().UTC().Add(time.Hour)}
					models.SetJobClock(first, c.Now)
					for range tt.before {
						step(t, first)
						// The next step is a tick away: not due yet.
						if did, err := first.Step(t.Context()); did || err != nil {
							t.Fatalf("Step before the tick = %v, %v; want nothing due", did, err)
						}
						c.Advance(tick)
					}
					if state, _ := subject.read(t, db); state != tt.work.from {
						t.Fatalf("after %d steps the subject is %s; want still %s", tt.before, state, tt.work.from)
					}
					// "Restart": a new queue on the same database, its clock past the tick.
					second := models.NewJobQueue(db, 0)
					later := c.Now().Add(tick)
					models.SetJobClock(second, func() time.Time { return later })
					if n := drain(t, second); n != steps-tt.before {
						t.Errorf("the new queue applied %d steps; want the %d left", n, steps-tt.before)
					}
					if state, _ := subject.read(t, db); state != tt.work.to {
						t.Errorf("subject is %s; want %s", state, tt.work.to)
					}
					job := jobsOf(t, db, subject.column, subject.id)[0]
					if job.State != models.JobDone || job.Steps != steps {
						t.Errorf("job = %s after %d steps; want done after exactly %d", job.State, job.Steps, steps)
					}
				})
		}
	})
}
