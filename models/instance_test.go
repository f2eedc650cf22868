package models_test

import (
	"fmt"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// launchWorld is one account about to launch, and the images it might pick.
type launchWorld struct {
	self, other                                 models.Actor
	public, own, sharedIn, pendingIn, armOwn    models.Image
	ownSH, creating, sharedCancelled, strangers models.Image
}

func newLaunchWorld(t *testing.T, db *models.DB) launchWorld {
	t.Helper()
	w := launchWorld{self: addActor(t, db, "Self"), other: addActor(t, db, "Other")}
	mine := func(region, state, arch string) models.Image {
		return addImage(t, db, models.Image{OwnerAccountID: owned(w.self.AccountID), RegionID: region, State: state, Architecture: arch})
	}
	theirs := func(status string) models.Image {
		img := addImage(t, db, models.Image{OwnerAccountID: owned(w.other.AccountID), RegionID: gz})
		if status != "" {
			addShare(t, db, img.ID, w.self.AccountID, status)
		}
		return img
	}
	w.public = addImage(t, db, models.Image{RegionID: gz, Source: models.SourceOfficial})
	w.own = mine(gz, "", "")
	w.armOwn = mine(gz, "", "arm64")
	w.ownSH = mine(sh, "", "")
	w.creating = mine(gz, models.ImageCreating, "")
	w.sharedIn = theirs(models.ShareActive)
	w.pendingIn = theirs(models.SharePending)
	w.sharedCancelled = theirs(models.ShareCancelled)
	w.strangers = theirs("")
	return w
}

func TestInstanceLaunch(t *testing.T) {
	type pick func(w launchWorld) models.Image
	valid := func(w launchWorld, img models.Image) models.Launch {
		return models.Launch{Region: gz, Zone: gz + "-2", ImageID: img.ID, InstanceType: "S5.MEDIUM4", Name: "web", Count: 1}
	}
	tests := []struct {
		name  string
		image pick
		edit  func(l *models.Launch)
		// On refusal: the code, kind and field.
		wantCode  string
		wantKind  error
		wantField string
	}{
		{name: "SPEC 2 launch from a public image", image: func(w launchWorld) models.Image { return w.public }},
		{name: "SPEC 2 launch from the account's own image", image: func(w launchWorld) models.Image { return w.own }},
		{name: "R10 launch from an image shared with the account", image: func(w launchWorld) models.Image { return w.sharedIn }},
		{name: "SPEC 2 launch three instances at once", image: func(w launchWorld) models.Image { return w.own },
			edit: func(l *models.Launch) { l.Count = 3 }},
		{name: "SPEC 2 launch ten instances at once, the most", image: func(w launchWorld) models.Image { return w.own },
			edit: func(l *models.Launch) { l.Count = models.MaxLaunchCount }},
		{name: "SPEC 2 launch an arm64 type from an arm64 image", image: func(w launchWorld) models.Image { return w.armOwn },
			edit: func(l *models.Launch) { l.InstanceType = "SR1.LARGE8" }},
		{name: "SPEC 4 a count of 0 is refused", image: func(w launchWorld) models.Image { return w.own },
			edit:     func(l *models.Launch) { l.Count = 0 },
			wantCode: "InvalidParameterValue", wantKind: models.ErrInvalid, wantField: "count"},
		{name: "SPEC 4 a count of 11 is refused", image: func(w launchWorld) models.Image { return w.own },
			edit:     func(l *models.Launch) { l.Count = models.MaxLaunchCount + 1 },
			wantCode: "InvalidParameterValue", wantKind: models.ErrInvalid, wantField: "count"},
		{name: "SPEC 4 an unknown instance type is refused", image: func(w launchWorld) models.Image { return w.own },
			edit:     func(l *models.Launch) { l.InstanceType = "X9.HUGE" },
			wantCode: "InvalidParameterValue", wantKind: models.ErrInvalid, wantField: "instance_type"},
		{name: "R4 a zone of another region is refused", image: func(w launchWorld) models.Image { return w.own },
			edit:     func(l *models.Launch) { l.Zone = sh + "-1" },
			wantCode: "InvalidZone.MismatchRegion", wantKind: models.ErrInvalid, wantField: "zone"},
		{name: "R4 an unknown zone is refused", image: func(w launchWorld) models.Image { return w.own },
			edit:     func(l *models.Launch) { l.Zone = gz + "-9" },
			wantCode: "InvalidZone.MismatchRegion", wantKind: models.ErrInvalid, wantField: "zone"},
		{name: "R4 an unknown region is refused", image: func(w launchWorld) models.Image { return w.own },
			edit:     func(l *models.Launch) { l.Region, l.Zone = "mars-north-1", "mars-north-1-1" },
			wantCode: "InvalidParameterValue.InvalidRegion", wantKind: models.ErrNotFound},
		{name: "R4 the account's image of another region is not found", image: func(w launchWorld) models.Image { return w.ownSH },
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
		{name: "R4 launching in the image's own region from another region's zone is refused",
			image:    func(w launchWorld) models.Image { return w.ownSH },
			edit:     func(l *models.Launch) { l.Region = sh },
			wantCode: "InvalidZone.MismatchRegion", wantKind: models.ErrInvalid, wantField: "zone"},
		{name: "R13 an image being created cannot be launched", image: func(w launchWorld) models.Image { return w.creating },
			wantCode: "InvalidParameterValue.InvalidImageState", wantKind: models.ErrInvalid, wantField: "image"},
		{name: "SPEC 4 an x86_64 type from an arm64 image is refused", image: func(w launchWorld) models.Image { return w.armOwn },
			wantCode: "InvalidParameterCombination", wantKind: models.ErrInvalid, wantField: "instance_type"},
		{name: "SPEC 4 an arm64 type from an x86_64 image is refused", image: func(w launchWorld) models.Image { return w.own },
			edit:     func(l *models.Launch) { l.InstanceType = "SR1.MEDIUM4" },
			wantCode: "InvalidParameterCombination", wantKind: models.ErrInvalid, wantField: "instance_type"},
		{name: "R17 an image shared as pending cannot be launched", image: func(w launchWorld) models.Image { return w.pendingIn },
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
		{name: "R15 an image whose share was cancelled cannot be launched", image: func(w launchWorld) models.Image { return w.sharedCancelled },
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
		{name: "SPEC 2 another account's unshared image cannot be launched", image: func(w launchWorld) models.Image { return w.strangers },
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewInstanceStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := newLaunchWorld(t, db)
				img := tt.image(w)
				in := valid(w, img)
				if tt.edit != nil {
					tt.edit(&in)
				}
				before := snapshot(t, db)
				got, err := store.Launch(t.Context(), w.self, in)
				if tt.wantCode != "" {
					e := wantError(t, err, tt.wantCode, tt.wantKind)
					if _, ok := e.Field(tt.wantField); tt.wantField != "" && !ok {
						t.Errorf("error fields = %+v; want one for %q", e.Fields, tt.wantField)
					}
					unchanged(t, db, before)
					return
				}
				if err != nil {
					t.Fatalf("Launch(%+v): %v", in, err)
				}
				if len(got) != in.Count {
					t.Fatalf("Launch made %d instances; want %d", len(got), in.Count)
				}
				for i, ins := range got {
					stored := readInstance(t, db, ins.ID)
					wantName := in.Name
					if in.Count > 1 {
						wantName = fmt.Sprintf("%s-%d", in.Name, i+1)
					}
					if !models.ValidInstanceID(stored.ID) || stored.AccountID != w.self.AccountID || stored.RegionID != gz ||
						stored.ZoneID != in.Zone || stored.ImageID != img.ID || stored.ImageName != img.Name ||
						stored.Architecture != img.Architecture || stored.DiskGB != img.SizeGB ||
						stored.State != models.InstancePending || stored.Name != wantName || stored.InstanceType != in.InstanceType {
						t.Errorf("instance %d = %+v; want a PENDING %s named %q of %s from %s in %s", i, stored,
							in.InstanceType, wantName, w.self.AccountID, img.ID, in.Zone)
					}
					jobs := jobsOf(t, db, "instance_id", ins.ID)
					if len(jobs) != 1 || jobs[0].Kind != models.JobInstanceBoot {
						t.Errorf("instance %d jobs = %+v; want one %s", i, jobs, models.JobInstanceBoot)
					}
				}
			})
		}
	})
}

func TestInstanceStateMachine(t *testing.T) {
	const wrongState = "UnsupportedOperation.InstanceStateNotSupported"
	type action func(t *testing.T, s *models.InstanceStore, a models.Actor, id string) error
	stop := func(t *testing.T, s *models.InstanceStore, a models.Actor, id string) error {
		return s.Stop(t.Context(), a, id)
	}
	start := func(t *testing.T, s *models.InstanceStore, a models.Actor, id string) error {
		return s.Start(t.Context(), a, id)
	}
	terminate := func(t *testing.T, s *models.InstanceStore, a models.Actor, id string) error {
		return s.Terminate(t.Context(), a, id)
	}
	tests := []struct {
		name     string
		from     string
		act      action
		want     string // state after; the old one when refused
		wantCode string
		wantKind error
	}{
		{"SPEC 2 stop a running instance", models.InstanceRunning, stop, models.InstanceStopped, "", nil},
		{"SPEC 2 start a stopped instance", models.InstanceStopped, start, models.InstanceRunning, "", nil},
		{"SPEC 2 stopping a stopped instance is refused", models.InstanceStopped, stop, models.InstanceStopped, wrongState, models.ErrConflict},
		{"SPEC 2 starting a running instance is refused", models.InstanceRunning, start, models.InstanceRunning, wrongState, models.ErrConflict},
		{"SPEC 2 stopping a pending instance is refused", models.InstancePending, stop, models.InstancePending, wrongState, models.ErrConflict},
		{"SPEC 2 starting a pending instance is refused", models.InstancePending, start, models.InstancePending, wrongState, models.ErrConflict},
		{"SPEC 2 stopping a reinstalling instance is refused", models.InstanceReinstalling, stop, models.InstanceReinstalling, wrongState, models.ErrConflict},
		{"SPEC 2 terminate a running instance", models.InstanceRunning, terminate, models.InstanceTerminated, "", nil},
		{"SPEC 2 terminate a stopped instance", models.InstanceStopped, terminate, models.InstanceTerminated, "", nil},
		{"SPEC 2 terminate a pending instance", models.InstancePending, terminate, models.InstanceTerminated, "", nil},
		{"SPEC 2 terminate a reinstalling instance", models.InstanceReinstalling, terminate, models.InstanceTerminated, "", nil},
		{"SPEC 2 a terminated instance cannot be started", models.InstanceTerminated, start, models.InstanceTerminated,
			"InvalidInstanceId.NotFound", models.ErrNotFound},
		{"SPEC 2 a terminated instance cannot be terminated again", models.InstanceTerminated, terminate, models.InstanceTerminated,
			"InvalidInstanceId.NotFound", models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewInstanceStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := addActor(t, db, "Self")
				ins := addInstance(t, db, models.Instance{AccountID: self.AccountID, State: tt.from})
				before := snapshot(t, db)
				err := tt.act(t, store, self, ins.ID)
				if tt.wantCode != "" {
					wantError(t, err, tt.wantCode, tt.wantKind)
					unchanged(t, db, before)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := readInstance(t, db, ins.ID).State; got != tt.want {
					t.Errorf("state = %s; want %s", got, tt.want)
				}
				listed, err := store.List(t.Context(), self, gz)
				if err != nil {
					t.Fatal(err)
				}
				if in := len(listed) == 1 && listed[0].ID == ins.ID; in == (tt.want == models.InstanceTerminated) {
					t.Errorf("List = %v with the instance %s; want it listed unless terminated", listed, tt.want)
				}
			})
		}
	})
}

func TestInstanceReinstall(t *testing.T) {
	tests := []struct {
		name     string
		from     string // instance state; RUNNING when empty
		itype    string // instance type; S5.MEDIUM2 (x86_64) when empty
		image    func(w launchWorld) models.Image
		wantCode string
		wantKind error
	}{
		{name: "SPEC 4 reinstall a running instance from a public image", image: func(w launchWorld) models.Image { return w.public }},
		{name: "SPEC 4 reinstall a stopped instance from the account's image", from: models.InstanceStopped,
			image: func(w launchWorld) models.Image { return w.own }},
		{name: "R10 reinstall from an image shared with the account", image: func(w launchWorld) models.Image { return w.sharedIn }},
		{name: "SPEC 4 reinstall an arm64 instance from an arm64 image", itype: "SR1.MEDIUM4",
			image: func(w launchWorld) models.Image { return w.armOwn }},
		{name: "SPEC 2 a pending instance cannot be reinstalled", from: models.InstancePending,
			image:    func(w launchWorld) models.Image { return w.public },
			wantCode: "UnsupportedOperation.InstanceStateNotSupported", wantKind: models.ErrConflict},
		{name: "SPEC 2 a reinstalling instance cannot be reinstalled again", from: models.InstanceReinstalling,
			image:    func(w launchWorld) models.Image { return w.public },
			wantCode: "UnsupportedOperation.InstanceStateNotSupported", wantKind: models.ErrConflict},
		{name: "SPEC 2 a terminated instance is not found", from: models.InstanceTerminated,
			image:    func(w launchWorld) models.Image { return w.public },
			wantCode: "InvalidInstanceId.NotFound", wantKind: models.ErrNotFound},
		{name: "R4 an image of another region is refused", image: func(w launchWorld) models.Image { return w.ownSH },
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
		{name: "R13 an image being created is refused", image: func(w launchWorld) models.Image { return w.creating },
			wantCode: "InvalidParameterValue.InvalidImageState", wantKind: models.ErrInvalid},
		{name: "SPEC 4 an arm64 image on an x86_64 instance is refused", image: func(w launchWorld) models.Image { return w.armOwn },
			wantCode: "InvalidParameterCombination", wantKind: models.ErrInvalid},
		{name: "SPEC 4 an x86_64 image on an arm64 instance is refused", itype: "SR1.MEDIUM4",
			image:    func(w launchWorld) models.Image { return w.own },
			wantCode: "InvalidParameterCombination", wantKind: models.ErrInvalid},
		{name: "R17 an image shared as pending is not found", image: func(w launchWorld) models.Image { return w.pendingIn },
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
		{name: "R15 an image whose share was cancelled is not found", image: func(w launchWorld) models.Image { return w.sharedCancelled },
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
		{name: "SPEC 2 another account's unshared image is not found", image: func(w launchWorld) models.Image { return w.strangers },
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewInstanceStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := newLaunchWorld(t, db)
				arch := "x86_64"
				if tt.itype == "SR1.MEDIUM4" {
					arch = "arm64"
				}
				ins := addInstance(t, db, models.Instance{AccountID: w.self.AccountID, RegionID: gz, State: tt.from,
					InstanceType: tt.itype, Architecture: arch})
				img := tt.image(w)
				before := snapshot(t, db)
				err := store.Reinstall(t.Context(), w.self, ins.ID, img.ID)
				if tt.wantCode != "" {
					wantError(t, err, tt.wantCode, tt.wantKind)
					unchanged(t, db, before)
					return
				}
				if err != nil {
					t.Fatalf("Reinstall: %v", err)
				}
				got := readInstance(t, db, ins.ID)
				if got.State != models.InstanceReinstalling || got.ImageID != img.ID || got.ImageName != img.Name ||
					got.OSName != img.OSName || got.Platform != img.Platform || got.DiskGB != img.SizeGB {
					t.Errorf("instance = %+v; want REINSTALLING from %s (%s)", got, img.ID, img.Name)
				}
				jobs := jobsOf(t, db, "instance_id", ins.ID)
				if len(jobs) != 1 || jobs[0].Kind != models.JobInstanceReinstall {
					t.Errorf("jobs = %+v; want one %s", jobs, models.JobInstanceReinstall)
				}
			})
		}
	})
}

// SPEC 7: no instance id of one account reaches another's data.
func TestInstanceOfAnotherAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		instances, images := models.NewInstanceStore(db), models.NewImageStore(db)
		public := addImage(t, db, models.Image{RegionID: gz, Source: models.SourceOfficial})
		tests := []struct {
			name string
			do   func(t *testing.T, actor models.Actor, id string) error
		}{
			{"SPEC 7 Get", func(t *testing.T, a models.Actor, id string) error {
				_, err := instances.Get(t.Context(), a, id)
				return err
			}},
			{"SPEC 7 Stop", func(t *testing.T, a models.Actor, id string) error { return instances.Stop(t.Context(), a, id) }},
			{"SPEC 7 Start", func(t *testing.T, a models.Actor, id string) error { return instances.Start(t.Context(), a, id) }},
			{"SPEC 7 Terminate", func(t *testing.T, a models.Actor, id string) error { return instances.Terminate(t.Context(), a, id) }},
			{"SPEC 7 Reinstall", func(t *testing.T, a models.Actor, id string) error {
				return instances.Reinstall(t.Context(), a, id, public.ID)
			}},
			{"SPEC 7 CreateFromInstance", func(t *testing.T, a models.Actor, id string) error {
				_, err := images.CreateFromInstance(t.Context(), a, models.NewImage{InstanceID: id, Name: "stolen"})
				return err
			}},
		}
		for _, tt := range tests {
			for _, state := range []string{models.InstanceRunning, models.InstanceStopped} {
				t.Run(tt.name+" of a "+state+" instance is not found", func(t *testing.T) {
					owner, intruder := addActor(t, db, "Owner"), addActor(t, db, "Intruder")
					ins := addInstance(t, db, models.Instance{AccountID: owner.AccountID, State: state})
					before := snapshot(t, db)
					wantError(t, tt.do(t, intruder, ins.ID), "InvalidInstanceId.NotFound", models.ErrNotFound)
					unchanged(t, db, before)
					if listed, _ := instances.List(t.Context(), intruder, gz); len(listed) != 0 {
						t.Errorf("intruder lists %v; want nothing", listed)
					}
				})
			}
		}
	})
}
