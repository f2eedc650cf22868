package models_test

import (
	"fmt"
	"sync"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestCreateFromInstance(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		self := addActor(t, db, "Self")
		origin := addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: sh})
		ins := addInstance(t, db, models.Instance{AccountID: self.AccountID, RegionID: sh, ImageID: origin.ID,
			Platform: "Debian", OSName: "Debian 12", Architecture: "arm64", InstanceType: "SR1.MEDIUM4", DiskGB: 80})
		img, err := store.CreateFromInstance(t.Context(), self, models.NewImage{InstanceID: ins.ID, Name: "snap", Description: "nightly"})
		if err != nil {
			t.Fatal(err)
		}
		stored := readImage(t, db, img.ID)
		if !models.ValidImageID(stored.ID) {
			t.Errorf("image id %q is not img- and 8 lowercase letters or digits", stored.ID)
		}
		if stored.OwnerAccountID == nil || *stored.OwnerAccountID != self.AccountID {
			t.Errorf("owner = %v; want %s", stored.OwnerAccountID, self.AccountID)
		}
		want := fmt.Sprint(sh, " snap nightly Debian 12 Debian arm64 80 ", models.ImageCreating, " ", models.SourceCreateImage,
			" ", origin.ID, " ", ins.ID, " 0")
		got := fmt.Sprint(stored.RegionID, " ", stored.Name, " ", stored.Description, " ", stored.OSName, " ", stored.Platform, " ",
			stored.Architecture, " ", stored.SizeGB, " ", stored.State, " ", stored.Source, " ", stored.SourceImageID, " ",
			stored.SourceInstanceID, " ", stored.Progress)
		if got != want {
			t.Errorf("stored image = %s\nwant             %s", got, want)
		}
		jobs := jobsOf(t, db, "image_id", img.ID)
		if len(jobs) != 1 || jobs[0].Kind != models.JobImageCreate || jobs[0].State != models.JobQueued || jobs[0].InstanceID != ins.ID {
			t.Errorf("jobs = %+v; want one queued %s job for instance %s", jobs, models.JobImageCreate, ins.ID)
		}
		if n := countRows(t, db, &models.Share{}, "image_id = ?", img.ID); n != 0 {
			t.Errorf("new image has %d shares; want none", n)
		}
	})
}

func TestCreateFromInstanceRefusals(t *testing.T) {
	tests := []struct {
		name     string
		instance func(t *testing.T, db *models.DB, self, other models.Actor) string
		wantCode string
		wantKind error
	}{
		{"SPEC 2 a pending instance cannot be imaged yet", func(t *testing.T, db *models.DB, self, _ models.Actor) string {
			return addInstance(t, db, models.Instance{AccountID: self.AccountID, State: models.InstancePending}).ID
		}, "UnsupportedOperation.InstanceStateNotSupported", models.ErrConflict},
		{"SPEC 2 a reinstalling instance cannot be imaged", func(t *testing.T, db *models.DB, self, _ models.Actor) string {
			return addInstance(t, db, models.Instance{AccountID: self.AccountID, State: models.InstanceReinstalling}).ID
		}, "UnsupportedOperation.InstanceStateNotSupported", models.ErrConflict},
		{"SPEC 2 a terminated instance is not found", func(t *testing.T, db *models.DB, self, _ models.Actor) string {
			return addInstance(t, db, models.Instance{AccountID: self.AccountID, State: models.InstanceTerminated}).ID
		}, "InvalidInstanceId.NotFound", models.ErrNotFound},
		{"SPEC 7 another account's instance is not found", func(t *testing.T, db *models.DB, _, other models.Actor) string {
			return addInstance(t, db, models.Instance{AccountID: other.AccountID}).ID
		}, "InvalidInstanceId.NotFound", models.ErrNotFound},
		{"SPEC 7 a malformed instance id is not found", func(*testing.T, *models.DB, models.Actor, models.Actor) string {
			return "ins-NOT-AN-ID"
		}, "InvalidInstanceId.NotFound", models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self, other := addActor(t, db, "Self"), addActor(t, db, "Other")
				id := tt.instance(t, db, self, other)
				before := snapshot(t, db)
				_, err := models.NewImageStore(db).CreateFromInstance(t.Context(), self, models.NewImage{InstanceID: id, Name: "snap"})
				wantError(t, err, tt.wantCode, tt.wantKind)
				unchanged(t, db, before)
			})
		}
	})
}

// quotaCase sets up an account's images in gz and sh before it asks for one
// more custom image in gz.
type quotaCase struct {
	name  string
	setup func(t *testing.T, db *models.DB, self, other models.Actor)
	ok    bool
}

// ownImages adds n NORMAL images of an account in a region.
func ownImages(t *testing.T, db *models.DB, account, region string, n int) {
	t.Helper()
	for range n {
		addImage(t, db, models.Image{OwnerAccountID: owned(account), RegionID: region})
	}
}

// quotaCases are the R3 cases for any call that adds one custom image to gz.
var quotaCases = []quotaCase{
	{"R3 the default quota of 10 leaves room for the 10th image", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		ownImages(t, db, self.AccountID, gz, 9)
	}, true},
	{"R3 the default quota of 10 refuses an 11th image", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		ownImages(t, db, self.AccountID, gz, 10)
	}, false},
	{"R3 an image being created counts toward the quota", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		ownImages(t, db, self.AccountID, gz, 9)
		addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, State: models.ImageCreating})
	}, false},
	{"R3 an image being copied in counts toward the quota", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		ownImages(t, db, self.AccountID, gz, 9)
		addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, State: models.ImageSyncing,
			Source: models.SourceCopy})
	}, false},
	{"R3 an override below the default is honoured", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		addQuota(t, db, self.AccountID, gz, 3)
		ownImages(t, db, self.AccountID, gz, 3)
	}, false},
	{"R3 an override above the default is honoured", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		addQuota(t, db, self.AccountID, gz, 12)
		ownImages(t, db, self.AccountID, gz, 11)
	}, true},
	{"R3 an override of 0 refuses any image", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		addQuota(t, db, self.AccountID, gz, 0)
	}, false},
	{"R3 an override in another region does not apply", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		addQuota(t, db, self.AccountID, sh, 30)
		ownImages(t, db, self.AccountID, gz, 10)
	}, false},
	{"R3 another account's override does not apply", func(t *testing.T, db *models.DB, self, other models.Actor) {
		addQuota(t, db, other.AccountID, gz, 30)
		ownImages(t, db, self.AccountID, gz, 10)
	}, false},
	{"R3 images shared with the account do not count", func(t *testing.T, db *models.DB, self, other models.Actor) {
		ownImages(t, db, self.AccountID, gz, 9)
		for _, status := range []string{models.ShareActive, models.ShareActive, models.SharePending} {
			img := addImage(t, db, models.Image{OwnerAccountID: owned(other.AccountID), RegionID: gz})
			addShare(t, db, img.ID, self.AccountID, status)
		}
	}, true},
	{"R3 the account's images in another region do not count", func(t *testing.T, db *models.DB, self, _ models.Actor) {
		ownImages(t, db, self.AccountID, sh, 10)
	}, true},
	{"R3 public images do not count", func(t *testing.T, db *models.DB, _, _ models.Actor) {
		for range 11 {
			addImage(t, db, models.Image{RegionID: gz})
		}
	}, true},
}

func TestCreateFromInstanceQuota(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		for _, tt := range quotaCases {
			t.Run(tt.name, func(t *testing.T) {
				self, other := addActor(t, db, "Self"), addActor(t, db, "Other")
				ins := addInstance(t, db, models.Instance{AccountID: self.AccountID, RegionID: gz})
				tt.setup(t, db, self, other)
				before := snapshot(t, db)
				mine := countRows(t, db, &models.Image{}, "owner_account_id = ? AND region_id = ?", self.AccountID, gz)
				img, err := models.NewImageStore(db).CreateFromInstance(t.Context(), self,
					models.NewImage{InstanceID: ins.ID, Name: "one-more"})
				if !tt.ok {
					wantError(t, err, "ImageQuotaLimitExceeded", models.ErrInvalid)
					unchanged(t, db, before)
					return
				}
				if err != nil {
					t.Fatalf("CreateFromInstance: %v", err)
				}
				if got := countRows(t, db, &models.Image{}, "owner_account_id = ? AND region_id = ?", self.AccountID, gz); got != mine+1 {
					t.Errorf("account owns %d images in gz; want %d", got, mine+1)
				}
				if readImage(t, db, img.ID).State != models.ImageCreating {
					t.Errorf("new image is not %s", models.ImageCreating)
				}
			})
		}
	})
}

// R3 and R16 hold under concurrent requests: the quota and the name are
// checked under a lock on the account, so racing requests cannot all see the
// last free slot or a free name.
func TestImagesCreatedConcurrently(t *testing.T) {
	const callers, room = 20, 3
	tests := []struct {
		name     string
		copyEven bool   // even callers copy an image of sh to gz instead
		sameName bool   // every caller asks for one name
		wantOK   int    // calls that succeed
		wantCode string // the code of every other call
	}{
		{name: "R3 20 concurrent creates with room for 3: exactly 3 succeed", wantOK: room, wantCode: "ImageQuotaLimitExceeded"},
		{name: "R3 20 concurrent creates and copies with room for 3: exactly 3 succeed", copyEven: true, wantOK: room,
			wantCode: "ImageQuotaLimitExceeded"},
		{name: "R16 20 concurrent creates of one name: exactly 1 succeeds", sameName: true, wantOK: 1,
			wantCode: "InvalidImageName.Duplicate"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := addActor(t, db, "Racer")
				ownImages(t, db, self.AccountID, gz, models.DefaultImageQuota-room)
				ins := addInstance(t, db, models.Instance{AccountID: self.AccountID, RegionID: gz})
				src := addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: sh})
				start := make(chan struct{})
				errs := make([]error, callers)
				var wg sync.WaitGroup
				for i := range callers {
					name := fmt.Sprintf("racer-%02d", i)
					if tt.sameName {
						name = "racer"
					}
					wg.Go(func() {
						<-start
						if tt.copyEven && i%2 == 0 {
							_, errs[i] = store.Copy(t.Context(), self, src.ID, models.ImageCopy{Regions: []string{gz}, Name: name})
							return
						}
						_, errs[i] = store.CreateFromInstance(t.Context(), self, models.NewImage{InstanceID: ins.ID, Name: name})
					})
				}
				close(start)
				wg.Wait()
				ok := 0
				for i, err := range errs {
					if err == nil {
						ok++
						continue
					}
					if e, isDomain := models.AsError(err); !isDomain || e.Code != tt.wantCode {
						t.Errorf("caller %d: %v; want success or %s", i, err, tt.wantCode)
					}
				}
				if ok != tt.wantOK {
					t.Errorf("%d of %d concurrent calls succeeded; want exactly %d", ok, callers, tt.wantOK)
				}
				want := int64(models.DefaultImageQuota - room + tt.wantOK)
				if n := countRows(t, db, &models.Image{}, "owner_account_id = ? AND region_id = ?", self.AccountID, gz); n != want {
					t.Errorf("account owns %d images in gz; want exactly %d", n, want)
				}
				jobs := countRows(t, db, &models.Job{}, "image_id IN (SELECT id FROM images WHERE owner_account_id = ? AND region_id = ?)",
					self.AccountID, gz)
				if jobs != int64(tt.wantOK) {
					t.Errorf("%d jobs for the new images; want %d", jobs, tt.wantOK)
				}
			})
		}
	})
}

func TestCreateFromInstanceOfSharedImage(t *testing.T) {
	tests := []struct {
		name      string
		status    string // of the share of the owner's image with the recipient
		recipient bool   // the recipient acts, not the owner
		wantCode  string // of Launch, when refused
	}{
		{name: "R11 the owner launches from its image while actively shared and images the instance", status: models.ShareActive},
		{name: "R11 the owner launches from its image while a share is pending and images the instance", status: models.SharePending},
		{name: "R10 a recipient launches from an image shared with it and makes its own image", status: models.ShareActive, recipient: true},
		{name: "R17 a recipient whose share is pending cannot launch from the image", status: models.SharePending, recipient: true,
			wantCode: "InvalidImageId.NotFound"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		images, instances, quotas := models.NewImageStore(db), models.NewInstanceStore(db), models.NewQuotaStore(db)
		q := models.NewJobQueue(db, 0)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				owner, recipient := addActor(t, db, "Owner"), addActor(t, db, "Recipient")
				golden := addImage(t, db, models.Image{OwnerAccountID: owned(owner.AccountID), RegionID: gz, Name: "golden"})
				addShare(t, db, golden.ID, recipient.AccountID, tt.status)
				actor := owner
				if tt.recipient {
					actor = recipient
				}
				before := snapshot(t, db)
				launched, err := instances.Launch(t.Context(), actor, models.Launch{Region: gz, Zone: gz + "-3", ImageID: golden.ID,
					InstanceType: "S5.SMALL2", Count: 1})
				if tt.wantCode != "" {
					wantError(t, err, tt.wantCode, models.ErrNotFound)
					unchanged(t, db, before)
					return
				}
				if err != nil {
					t.Fatalf("Launch: %v", err)
				}
				drain(t, q)
				img, err := images.CreateFromInstance(t.Context(), actor, models.NewImage{InstanceID: launched[0].ID, Name: "golden-snap"})
				if err != nil {
					t.Fatalf("CreateFromInstance: %v", err)
				}
				stored := readImage(t, db, img.ID)
				if stored.OwnerAccountID == nil || *stored.OwnerAccountID != actor.AccountID || stored.SourceImageID != golden.ID ||
					stored.SourceInstanceID != launched[0].ID {
					t.Errorf("new image = %+v; want one of %s made from %s via %s", stored, actor.AccountID, golden.ID, launched[0].ID)
				}
				if n := countRows(t, db, &models.Share{}, "image_id = ?", img.ID); n != 0 {
					t.Errorf("new image has %d shares; want none", n)
				}
				for _, who := range []models.Actor{owner, recipient} {
					use, err := quotas.Region(t.Context(), who, gz)
					if err != nil {
						t.Fatal(err)
					}
					want := 0
					if who == actor {
						want++
					}
					if who == owner {
						want++ // golden
					}
					if use.Used != want {
						t.Errorf("%s uses %d of its gz quota; want %d", who.AccountID, use.Used, want)
					}
				}
				if !tt.recipient {
					return
				}
				// The recipient's image is its own: the owner of the source does not see it.
				if _, err := images.Get(t.Context(), owner, img.ID); err == nil {
					t.Errorf("the source's owner can see the recipient's new image")
				}
				drain(t, q)
				if got := readImage(t, db, img.ID).State; got != models.ImageNormal {
					t.Errorf("recipient's image is %s after its job; want %s", got, models.ImageNormal)
				}
			})
		}
	})
}
