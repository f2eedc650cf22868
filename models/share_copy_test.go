package models_test

import (
	"slices"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// shPendingOf reads the copy-then-share row of an image.
func shPendingOf(t testing.TB, db *models.DB, imageID string) models.PendingShare {
	t.Helper()
	var p models.PendingShare
	if err := db.Where("image_id = ?", imageID).Take(&p).Error; err != nil {
		t.Fatalf("read pending share of %s: %v", imageID, err)
	}
	return p
}

// shCopyRows counts what a copy leaves behind: copies of src, their jobs and
// their pending shares.
func shCopyRows(t testing.TB, db *models.DB, srcID string) (copies, jobs, pending int64) {
	t.Helper()
	ofCopies := "image_id IN (SELECT id FROM images WHERE source_image_id = ?)"
	copies = countRows(t, db, &models.Image{}, "source_image_id = ?", srcID)
	jobs = countRows(t, db, &models.Job{}, ofCopies, srcID)
	pending = countRows(t, db, &models.PendingShare{}, ofCopies, srcID)
	return copies, jobs, pending
}

func TestShareCopyRefusals(t *testing.T) {
	tests := []struct {
		name       string
		capN       string
		shareWith  []string
		noRisk     bool
		wantCode   string
		wantFields []shField
	}{
		{name: "R12 a malformed account refuses the copy before it starts", shareWith: []string{"alice", "malformed"},
			wantCode: shBadAccount, wantFields: []shField{{"malformed", "share.account_malformed"}}},
		{name: "R12 own account refuses the copy before it starts", shareWith: []string{"self", "alice"},
			wantCode: shYourself, wantFields: []shField{{"self", "share.account_self"}}},
		{name: "R12 an unknown account refuses the copy before it starts", shareWith: []string{"alice", "unknown"},
			wantCode: shBadAccount, wantFields: []shField{{"unknown", "share.account_unknown"}}},
		{name: "R12 a disabled account refuses the copy before it starts", shareWith: []string{"disabled"},
			wantCode: shBadAccount, wantFields: []shField{{"disabled", "share.account_unknown"}}},
		{name: "R12 several bad accounts are each named", shareWith: []string{"unknown", "alice", "self", "disabled"},
			wantCode: shBadAccount, wantFields: []shField{{"unknown", "share.account_unknown"}, {"self", "share.account_self"},
				{"disabled", "share.account_unknown"}}},
		{name: "R12 ShareWith without the risk notice is refused with MissingParameter on risk", shareWith: []string{"alice"}, noRisk: true,
			wantCode: shMissing, wantFields: []shField{{"risk", "share.risk_required"}}},
		{name: "R12 more accounts than the cap refuse the copy, on the accounts as a whole", capN: "2", shareWith: []string{"alice", "bob", "carol"},
			wantCode: shOverQuota, wantFields: []shField{{"accounts", "share.over_cap"}}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				shCap(t, db, tt.capN)
				w := shNewWorld(t, db)
				before := snapshot(t, db)
				out, err := w.images.Copy(t.Context(), w.owner, w.img.ID, models.ImageCopy{
					Regions: []string{shSH, shBJ}, ShareWith: w.idsOf(tt.shareWith...), RiskAccepted: !tt.noRisk})
				if len(out) != 0 {
					t.Errorf("refused Copy returned %d copies", len(out))
				}
				shWantFields(t, w, wantError(t, err, tt.wantCode, models.ErrInvalid), tt.wantFields)
				unchanged(t, db, before)
				if c, j, p := shCopyRows(t, db, w.img.ID); c != 0 || j != 0 || p != 0 {
					t.Errorf("%d copies, %d copy jobs, %d pending shares; want none", c, j, p)
				}
			})
		}
	})
}

func TestShareCopyThenShare(t *testing.T) {
	tests := []struct {
		name       string
		policy     string
		wantStatus string
	}{
		{"R12 each copy is shared with the accounts once it is NORMAL", models.PolicyImmediate, models.ShareActive},
		{"R12 R17 under the review policy each copy's shares wait for an admin", models.PolicyReview, models.SharePending},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				shSetting(t, db, "share_policy", tt.policy)
				w := shNewWorld(t, db)
				// alice already shares the source: the copies are new images,
				// so that is no obstacle.
				w.addShare(t, "alice", models.ShareActive)
				targets := w.idsOf("alice", "bob")
				copies, err := w.images.Copy(t.Context(), w.owner, w.img.ID, models.ImageCopy{
					Regions: []string{shSH, shBJ}, ShareWith: targets, RiskAccepted: true})
				if err != nil || len(copies) != 2 {
					t.Fatalf("Copy = %d copies, %v; want 2", len(copies), err)
				}
				for _, c := range copies {
					p := shPendingOf(t, db, c.ID)
					if p.State != models.PendingWaiting || !slices.Equal(p.Accounts(), targets) || p.UserID != w.owner.UserID || p.Error != "" {
						t.Errorf("pending share of %s = %+v; want waiting for %v by user %d", c.ID, p, targets, w.owner.UserID)
					}
					if n := countRows(t, db, &models.Share{}, "image_id = ?", c.ID); n != 0 {
						t.Errorf("copy %s has %d shares while SYNCING; want none", c.ID, n)
					}
				}
				if got := w.sharedTab(t, w.as("bob"), shSH); len(got) != 0 {
					t.Errorf("bob's shared tab in %s = %v before the copy is done; want empty", shSH, shViewIDs(got))
				}

				shStep(t, db)

				for _, c := range copies {
					t.Run("the copy in "+c.RegionID, func(t *testing.T) {
						if img := readImage(t, db, c.ID); img.State != models.ImageNormal || img.Progress != 100 {
							t.Errorf("copy = %s %d%%; want NORMAL 100%%", img.State, img.Progress)
						}
						for _, name := range []string{"alice", "bob"} {
							if got := shStatuses(t, db, c.ID, w.id(name)); !slices.Equal(got, []string{tt.wantStatus}) {
								t.Errorf("shares with %s = %v; want [%s]", name, got, tt.wantStatus)
							}
						}
						var s models.Share
						if err := db.Where("image_id = ?", c.ID).First(&s).Error; err != nil || s.CreatedByUserID == nil || *s.CreatedByUserID != w.owner.UserID {
							t.Errorf("share = %+v, %v; want created by the copying user %d", s, err, w.owner.UserID)
						}
						if p := shPendingOf(t, db, c.ID); p.State != models.PendingDone || p.Error != "" {
							t.Errorf("pending share = %s %q; want done", p.State, p.Error)
						}
						visible := tt.wantStatus == models.ShareActive
						got := w.sharedTab(t, w.as("bob"), c.RegionID)
						if slices.Contains(shViewIDs(got), c.ID) != visible {
							t.Errorf("bob's shared tab in %s = %v; want the copy there: %v", c.RegionID, shViewIDs(got), visible)
						}
					})
				}
				if got := shStatuses(t, db, w.img.ID, w.id("bob")); len(got) != 0 {
					t.Errorf("the source got shares with bob: %v; want none", got)
				}
				t.Run("R12 the owner sees how each copy's share went; a recipient does not", func(t *testing.T) {
					ids := []string{copies[0].ID, copies[1].ID}
					d, err := w.images.Detail(t.Context(), w.owner, w.img.ID)
					mine := d.Pending
					if err != nil || len(mine) != 2 || mine[ids[0]].State != models.PendingDone || mine[ids[1]].State != models.PendingDone {
						t.Errorf("owner's pending steps = %+v, %v; want both done", mine, err)
					}
					for _, id := range ids {
						theirs, _ := w.images.Detail(t.Context(), w.as("bob"), id)
						if len(theirs.Pending) != 0 {
							t.Errorf("bob's pending steps on %s = %+v; want none", id, theirs.Pending)
						}
					}
				})
			})
		}
	})
}

func TestShareCopyThenShareRefusedLater(t *testing.T) {
	tests := []struct {
		name     string
		meantime func(t *testing.T, w *shWorld)
		wantErr  string
	}{
		{"R12 a target account disabled before the copy completes: the copy is NORMAL, unshared, and the share failed",
			func(t *testing.T, w *shWorld) { setAccountStatus(t, w.db, w.id("bob"), models.AccountDisabled) }, shBadAccount},
		{"R12 the cap lowered below the accounts before the copy completes: the copy is NORMAL, unshared, and the share failed",
			func(t *testing.T, w *shWorld) { shSetting(t, w.db, "share_cap", "1") }, shOverQuota},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				shCap(t, db, "")
				w := shNewWorld(t, db)
				copies, err := w.images.Copy(t.Context(), w.owner, w.img.ID, models.ImageCopy{
					Regions: []string{shSH}, ShareWith: w.idsOf("alice", "bob"), RiskAccepted: true})
				if err != nil || len(copies) != 1 {
					t.Fatalf("Copy = %d copies, %v; want 1", len(copies), err)
				}
				tt.meantime(t, w)
				shStep(t, db)
				c := copies[0]
				if img := readImage(t, db, c.ID); img.State != models.ImageNormal {
					t.Errorf("copy is %s; want NORMAL", img.State)
				}
				if n := countRows(t, db, &models.Share{}, "image_id = ?", c.ID); n != 0 {
					t.Errorf("copy has %d shares; want none (all or nothing)", n)
				}
				if p := shPendingOf(t, db, c.ID); p.State != models.PendingFailed || p.Error != tt.wantErr {
					t.Errorf("pending share = %s %q; want failed %q", p.State, p.Error, tt.wantErr)
				}
				if got := w.sharedTab(t, w.as("alice"), shSH); len(got) != 0 {
					t.Errorf("alice's shared tab = %v; want empty", shViewIDs(got))
				}
			})
		}
	})
}

func TestShareCopyWithAnAccountTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		t.Run("R12 an account named twice in ShareWith neither breaks the copy nor shares twice", func(t *testing.T) {
			w := shNewWorld(t, db)
			copies, err := w.images.Copy(t.Context(), w.owner, w.img.ID, models.ImageCopy{
				Regions: []string{shSH}, ShareWith: w.idsOf("alice", "bob", "alice"), RiskAccepted: true})
			if err != nil {
				// Refusing the request whole, before the copy starts, would be fine too.
				wantError(t, err, shAlready, models.ErrInvalid)
				if c, j, p := shCopyRows(t, db, w.img.ID); c != 0 || j != 0 || p != 0 {
					t.Errorf("%d copies, %d copy jobs, %d pending shares; want none", c, j, p)
				}
				return
			}
			q := models.NewJobQueue(db, 0)
			var stepErrs []string
			for n := 0; n < 1000; n++ {
				did, err := q.Step(t.Context())
				if err != nil {
					stepErrs = append(stepErrs, err.Error())
				}
				if !did {
					break
				}
			}
			if len(stepErrs) > 0 {
				t.Errorf("job steps failed:\n%s", strings.Join(stepErrs, "\n"))
			}
			if img := readImage(t, db, copies[0].ID); img.State != models.ImageNormal {
				t.Errorf("copy is %s; want NORMAL", img.State)
			}
			if got := shStatuses(t, db, copies[0].ID, w.id("alice")); len(got) > 1 {
				t.Errorf("shares with alice = %v; want at most one", got)
			}
		})
	})
}
