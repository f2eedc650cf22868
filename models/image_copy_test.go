package models_test

import (
	"slices"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

const bj = "ap-beijing"

func TestImageCopyRefusals(t *testing.T) {
	tests := []struct {
		name  string
		state string // of the source, in gz; NORMAL when empty
		setup func(t *testing.T, db *models.DB, self models.Actor)
		in    models.ImageCopy
		// The refusal: code and kind.
		wantCode string
		wantKind error
	}{
		{name: "R13 an image being created cannot be copied", state: models.ImageCreating,
			in: models.ImageCopy{Regions: []string{sh}}, wantCode: "InvalidParameterValue.InvalidImageState", wantKind: models.ErrInvalid},
		{name: "R13 an image being copied in cannot be copied", state: models.ImageSyncing,
			in: models.ImageCopy{Regions: []string{sh}}, wantCode: "InvalidParameterValue.InvalidImageState", wantKind: models.ErrInvalid},
		{name: "R13 an image that failed cannot be copied", state: models.ImageCreateFailed,
			in: models.ImageCopy{Regions: []string{sh}}, wantCode: "InvalidParameterValue.InvalidImageState", wantKind: models.ErrInvalid},
		{name: "R5 a copy needs a target region", in: models.ImageCopy{},
			wantCode: "MissingParameter", wantKind: models.ErrInvalid},
		{name: "R5 a copy needs a target region, not an empty list", in: models.ImageCopy{Regions: []string{}},
			wantCode: "MissingParameter", wantKind: models.ErrInvalid},
		{name: "R5 the source region is refused", in: models.ImageCopy{Regions: []string{gz}},
			wantCode: "InvalidParameterValue.InvalidRegion", wantKind: models.ErrInvalid},
		{name: "R5 the source region among valid targets refuses them all", in: models.ImageCopy{Regions: []string{sh, gz, bj}},
			wantCode: "InvalidParameterValue.InvalidRegion", wantKind: models.ErrInvalid},
		{name: "R5 an unknown region is refused", in: models.ImageCopy{Regions: []string{"mars-north-1"}},
			wantCode: "InvalidParameterValue.InvalidRegion", wantKind: models.ErrInvalid},
		{name: "R5 an unknown region among valid targets refuses them all", in: models.ImageCopy{Regions: []string{sh, "eu-moon"}},
			wantCode: "InvalidParameterValue.InvalidRegion", wantKind: models.ErrInvalid},
		{name: "R5 an empty region name is refused", in: models.ImageCopy{Regions: []string{sh, ""}},
			wantCode: "InvalidParameterValue.InvalidRegion", wantKind: models.ErrInvalid},
		{name: "R3 a full target region refuses the copy to every region",
			setup: func(t *testing.T, db *models.DB, self models.Actor) { ownImages(t, db, self.AccountID, bj, 10) },
			in:    models.ImageCopy{Regions: []string{sh, bj, cd}}, wantCode: "ImageQuotaLimitExceeded", wantKind: models.ErrInvalid},
		{name: "R3 an override that fills a target region refuses the copy to every region",
			setup: func(t *testing.T, db *models.DB, self models.Actor) {
				addQuota(t, db, self.AccountID, sh, 2)
				ownImages(t, db, self.AccountID, sh, 2)
			},
			in: models.ImageCopy{Regions: []string{sh, bj}}, wantCode: "ImageQuotaLimitExceeded", wantKind: models.ErrInvalid},
		{name: "R3 an image being copied in counts in the target region",
			setup: func(t *testing.T, db *models.DB, self models.Actor) {
				ownImages(t, db, self.AccountID, sh, 9)
				addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: sh, State: models.ImageSyncing})
			},
			in: models.ImageCopy{Regions: []string{sh}}, wantCode: "ImageQuotaLimitExceeded", wantKind: models.ErrInvalid},
		{name: "R16 the name taken in one target region refuses the copy to every region",
			setup: func(t *testing.T, db *models.DB, self models.Actor) {
				addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: cd, Name: "golden"})
			},
			in: models.ImageCopy{Regions: []string{sh, cd, bj}}, wantCode: "InvalidImageName.Duplicate", wantKind: models.ErrInvalid},
		{name: "R16 a new name taken in a target region is refused",
			setup: func(t *testing.T, db *models.DB, self models.Actor) {
				addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: sh, Name: "fresh"})
			},
			in: models.ImageCopy{Regions: []string{sh}, Name: "fresh"}, wantCode: "InvalidImageName.Duplicate", wantKind: models.ErrInvalid},
		{name: "R16 a new name longer than 60 characters is refused",
			in:       models.ImageCopy{Regions: []string{sh}, Name: strings.Repeat("n", 61)},
			wantCode: "InvalidParameterValue.TooLarge", wantKind: models.ErrInvalid},
		{name: "R16 a new name with a control character is refused",
			in:       models.ImageCopy{Regions: []string{sh}, Name: "gold\x1ben"},
			wantCode: "InvalidParameterValue", wantKind: models.ErrInvalid},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := addActor(t, db, "Self")
				state := tt.state
				if state == "" {
					state = models.ImageNormal
				}
				src := addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, Name: "golden", State: state})
				if tt.setup != nil {
					tt.setup(t, db, self)
				}
				before := snapshot(t, db)
				_, err := store.Copy(t.Context(), self, src.ID, tt.in)
				wantError(t, err, tt.wantCode, tt.wantKind)
				unchanged(t, db, before)
				if d, err := store.Detail(t.Context(), self, src.ID); err != nil || len(d.Copies) != 0 {
					t.Errorf("Detail's copies = %v, %v; want none", d.Copies, err)
				}
			})
		}
	})
}

func TestImageCopy(t *testing.T) {
	tests := []struct {
		name        string
		setup       func(t *testing.T, db *models.DB, self, other models.Actor)
		in          models.ImageCopy
		wantRegions []string
		wantName    string
	}{
		{name: "R5 a copy to one region", in: models.ImageCopy{Regions: []string{sh}},
			wantRegions: []string{sh}, wantName: "golden"},
		{name: "R5 a copy to several regions makes one image in each", in: models.ImageCopy{Regions: []string{"eu-frankfurt", sh, bj}},
			wantRegions: []string{sh, bj, "eu-frankfurt"}, wantName: "golden"},
		{name: "R5 a region named twice gets one copy", in: models.ImageCopy{Regions: []string{sh, sh}},
			wantRegions: []string{sh}, wantName: "golden"},
		{name: "R16 a copy takes a new name, trimmed", in: models.ImageCopy{Regions: []string{sh}, Name: "  golden-sh "},
			wantRegions: []string{sh}, wantName: "golden-sh"},
		{name: "R16 a blank new name keeps the source's name", in: models.ImageCopy{Regions: []string{sh}, Name: "   "},
			wantRegions: []string{sh}, wantName: "golden"},
		{name: "R16 the source's name held in another account's region is no obstacle",
			setup: func(t *testing.T, db *models.DB, _, other models.Actor) {
				addImage(t, db, models.Image{OwnerAccountID: owned(other.AccountID), RegionID: sh, Name: "golden"})
			}, in: models.ImageCopy{Regions: []string{sh}}, wantRegions: []string{sh}, wantName: "golden"},
		{name: "R3 the last free slot of a target region takes the copy",
			setup: func(t *testing.T, db *models.DB, self, _ models.Actor) { ownImages(t, db, self.AccountID, sh, 9) },
			in:    models.ImageCopy{Regions: []string{sh}}, wantRegions: []string{sh}, wantName: "golden"},
		{name: "R3 an override above the default is honoured in the target region",
			setup: func(t *testing.T, db *models.DB, self, _ models.Actor) {
				addQuota(t, db, self.AccountID, sh, 11)
				ownImages(t, db, self.AccountID, sh, 10)
			}, in: models.ImageCopy{Regions: []string{sh}}, wantRegions: []string{sh}, wantName: "golden"},
		{name: "R3 images shared with the account do not count in the target region",
			setup: func(t *testing.T, db *models.DB, self, other models.Actor) {
				ownImages(t, db, self.AccountID, sh, 9)
				for range 3 {
					img := addImage(t, db, models.Image{OwnerAccountID: owned(other.AccountID), RegionID: sh})
					addShare(t, db, img.ID, self.AccountID, models.ShareActive)
				}
			}, in: models.ImageCopy{Regions: []string{sh}}, wantRegions: []string{sh}, wantName: "golden"},
		{name: "R3 a full source region does not stop a copy elsewhere",
			setup: func(t *testing.T, db *models.DB, self, _ models.Actor) { ownImages(t, db, self.AccountID, gz, 9) },
			in:    models.ImageCopy{Regions: []string{sh}}, wantRegions: []string{sh}, wantName: "golden"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self, other := addActor(t, db, "Self"), addActor(t, db, "Other")
				src := addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, Name: "golden",
					Description: "base\nimage", Platform: "CentOS", OSName: "CentOS 8", Architecture: "arm64", SizeGB: 60})
				// The source is shared: its copies must not be (R5).
				addShare(t, db, src.ID, other.AccountID, models.ShareActive)
				if tt.setup != nil {
					tt.setup(t, db, self, other)
				}
				got, err := store.Copy(t.Context(), self, src.ID, tt.in)
				if err != nil {
					t.Fatalf("Copy(%+v): %v", tt.in, err)
				}
				var regions []string
				for _, c := range got {
					regions = append(regions, c.RegionID)
					stored := readImage(t, db, c.ID)
					if stored.OwnerAccountID == nil || *stored.OwnerAccountID != self.AccountID {
						t.Errorf("copy %s owner = %v; want %s", c.ID, stored.OwnerAccountID, self.AccountID)
					}
					if stored.State != models.ImageSyncing || stored.Source != models.SourceCopy || stored.SourceImageID != src.ID ||
						stored.Name != tt.wantName || stored.Description != src.Description || stored.Architecture != "arm64" ||
						stored.Platform != "CentOS" || stored.OSName != "CentOS 8" || stored.SizeGB != 60 || stored.Progress != 0 {
						t.Errorf("copy %s = %+v; want a SYNCING COPY of %s named %q with the source's attributes", c.ID, stored, src.ID, tt.wantName)
					}
					if n := countRows(t, db, &models.Share{}, "image_id = ?", c.ID); n != 0 {
						t.Errorf("copy %s has %d shares; want none", c.ID, n)
					}
					jobs := jobsOf(t, db, "image_id", c.ID)
					if len(jobs) != 1 || jobs[0].Kind != models.JobImageCopy || jobs[0].State != models.JobQueued {
						t.Errorf("copy %s jobs = %+v; want one queued %s", c.ID, jobs, models.JobImageCopy)
					}
				}
				if !slices.Equal(regions, tt.wantRegions) {
					t.Errorf("copies in %v; want %v", regions, tt.wantRegions)
				}
				if src2 := readImage(t, db, src.ID); src2.State != models.ImageNormal || src2.Name != "golden" {
					t.Errorf("source became %s %q; want it untouched", src2.State, src2.Name)
				}
				d, err := store.Detail(t.Context(), self, src.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !sameIDs(d.Copies, got) {
					t.Errorf("Detail lists copies %v; want %v", imageIDsOf(d.Copies), imageIDsOf(got))
				}
				if theirs, _ := store.Detail(t.Context(), other, src.ID); len(theirs.Copies) != 0 {
					t.Errorf("Detail as the recipient lists copies %v; want none", imageIDsOf(theirs.Copies))
				}
			})
		}
	})
}

func imageIDsOf(images []models.Image) []string {
	ids := make([]string, len(images))
	for i, img := range images {
		ids[i] = img.ID
	}
	return ids
}

// sameIDs reports whether a and b hold the same images, in any order.
func sameIDs(a, b []models.Image) bool {
	x, y := imageIDsOf(a), imageIDsOf(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
