package models_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

const (
	shBulkRegion   = "InvalidParameterValue.InvalidRegion"
	shDisabledCode = "InvalidImageId.Disabled"
	shTooLarge     = "InvalidParameterValue.TooLarge"
)

// shBulkWorld is a share world with two more NORMAL images of its owner in
// Guangzhou ("one" is the world's image, then "two", "three"), one in
// Shanghai ("far"), a public image ("public") and someone else's image
// shared with the owner ("theirs").
type shBulkWorld struct {
	*shWorld
	imgs map[string]string
}

func shNewBulkWorld(t *testing.T, db *models.DB) *shBulkWorld {
	t.Helper()
	w := &shBulkWorld{shWorld: shNewWorld(t, db), imgs: map[string]string{}}
	w.imgs["one"] = w.img.ID
	for _, name := range []string{"two", "three"} {
		w.imgs[name] = addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ, Name: name}).ID
	}
	w.imgs["far"] = addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shSH, Name: "far"}).ID
	w.imgs["public"] = addImage(t, db, models.Image{RegionID: shGZ, Source: models.SourceOfficial, Name: "public"}).ID
	other, _ := shUser(t, db, "Other Co")
	w.imgs["theirs"] = addImage(t, db, models.Image{OwnerAccountID: owned(other.AccountID), RegionID: shGZ, Name: "theirs"}).ID
	addShare(t, db, w.imgs["theirs"], w.owner.AccountID, models.ShareActive)
	return w
}

// imgIDs maps image names to ids (anything else passes unchanged).
func (w *shBulkWorld) imgIDs(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if id, ok := w.imgs[n]; ok {
			out[i] = id
		}
	}
	return out
}

// liveOf counts the live shares of the named images.
func (w *shBulkWorld) liveOf(t *testing.T, names ...string) int64 {
	t.Helper()
	var n int64
	for _, id := range w.imgIDs(names...) {
		n += shLive(t, w.db, id)
	}
	return n
}

func TestR26BulkShare(t *testing.T) {
	type verdict struct{ image, code string } // code "" is OK
	tests := []struct {
		name    string
		setup   func(t *testing.T, w *shBulkWorld)
		images  []string
		region  string
		targets []string
		noRisk  bool
		until   *time.Time
		code    string    // "" when the whole request succeeds
		want    []verdict // the per-image verdicts of a refusal, in the order given
		field   string    // the field of a refusal of the request as a whole
	}{
		{name: "R26 every image can be shared: all are, with every account",
			images: []string{"one", "two", "three"}, targets: []string{"alice", "bob"}},
		{name: "R26 an image named twice counts once",
			images: []string{"two", "one", "two"}, targets: []string{"alice"}},
		{name: "R26 R1 one image over the cap: nothing is written and its verdict says so",
			setup: func(t *testing.T, w *shBulkWorld) {
				shCap(t, w.db, "2")
				addShare(t, w.db, w.imgs["two"], w.id("carol"), models.ShareActive)
			},
			images: []string{"one", "two", "three"}, targets: []string{"alice", "bob"}, code: shOverQuota,
			want: []verdict{{"one", ""}, {"two", shOverQuota}, {"three", ""}}},
		{name: "R26 R9 an image shared with me in the list is refused",
			images: []string{"one", "theirs"}, targets: []string{"alice"}, code: shNotYours,
			want: []verdict{{"one", ""}, {"theirs", shNotYours}}},
		{name: "R26 R9 a public image in the list is refused",
			images: []string{"public", "one"}, targets: []string{"alice"}, code: shNotYours,
			want: []verdict{{"public", shNotYours}, {"one", ""}}},
		{name: "R26 an image nobody let me see is not found, as alone",
			images: []string{"one", "img-zz999999"}, targets: []string{"alice"}, code: shNotFound,
			want: []verdict{{"one", ""}, {"img-zz999999", shNotFound}}},
		{name: "R26 R4 images of two regions are refused",
			images: []string{"one", "far"}, targets: []string{"alice"}, code: shBulkRegion,
			want: []verdict{{"one", ""}, {"far", shBulkRegion}}},
		{name: "R26 R4 images of another region than the request's are refused",
			images: []string{"one", "two"}, region: shSH, targets: []string{"alice"}, code: shBulkRegion,
			want: []verdict{{"one", shBulkRegion}, {"two", shBulkRegion}}},
		{name: "R26 R21 a disabled image is refused",
			setup: func(t *testing.T, w *shBulkWorld) {
				if err := w.images.Disable(t.Context(), w.owner, w.imgs["three"]); err != nil {
					t.Fatal(err)
				}
			},
			images: []string{"one", "two", "three"}, targets: []string{"alice"}, code: shDisabledCode,
			want: []verdict{{"one", ""}, {"two", ""}, {"three", shDisabledCode}}},
		{name: "R26 R13 an image not NORMAL is refused",
			setup: func(t *testing.T, w *shBulkWorld) {
				err := w.db.Model(&models.Image{}).Where("id = ?", w.imgs["two"]).
					Updates(map[string]any{"state": models.ImageCreating, "progress": 40}).Error
				if err != nil {
					t.Fatal(err)
				}
			},
			images: []string{"one", "two"}, targets: []string{"alice"}, code: shBadState,
			want: []verdict{{"one", ""}, {"two", shBadState}}},
		{name: "R26 R14 an image already shared with the account is refused, the others not shared either",
			setup: func(t *testing.T, w *shBulkWorld) {
				addShare(t, w.db, w.imgs["two"], w.id("bob"), models.ShareActive)
			},
			images: []string{"one", "two", "three"}, targets: []string{"bob"}, code: shAlready,
			want: []verdict{{"one", ""}, {"two", shAlready}, {"three", ""}}},
		{name: "R26 R14 a bad account refuses every image",
			images: []string{"one", "two"}, targets: []string{"alice", "unknown"}, code: shBadAccount,
			want: []verdict{{"one", shBadAccount}, {"two", shBadAccount}}},
		{name: "R26 R10 the risk notice not accepted is refused once for all",
			images: []string{"one", "two"}, targets: []string{"alice"}, noRisk: true, code: shMissing, field: "risk"},
		{name: "R26 R20 an expiry too close is refused",
			images: []string{"one", "two"}, targets: []string{"alice"}, until: new(time.Now().Add(time.Minute)),
			code: "InvalidParameterValue.ExpiryOutOfRange", field: "until"},
		{name: "R26 no account is refused",
			images: []string{"one"}, code: shMissing, field: "accounts"},
		{name: "R26 no image is refused",
			targets: []string{"alice"}, code: shMissing, field: "images"},
		{name: "R26 more images than a page is refused",
			images: shBulkIDs(models.MaxBulkShare + 1), targets: []string{"alice"}, code: shTooLarge, field: "images"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				shCap(t, db, "")
				w := shNewBulkWorld(t, db)
				if tt.setup != nil {
					tt.setup(t, w)
				}
				everyImage := []string{"one", "two", "three", "far", "public", "theirs"}
				before := w.liveOf(t, everyImage...)
				events := countRows(t, db, &models.AuditEvent{}, "action = ? AND outcome = ?", "share.create", models.OutcomeOK)
				req := models.BulkShareRequest{ImageIDs: w.imgIDs(tt.images...), Region: tt.region,
					Share: models.ShareRequest{AccountIDs: w.idsOf(tt.targets...), RiskAccepted: !tt.noRisk, ExpiresAt: tt.until}}

				check, checkErr := w.shares.CheckMany(t.Context(), w.owner, req)
				res, err := w.shares.ShareMany(t.Context(), w.owner, req)

				if tt.code == "" {
					if err != nil || checkErr != nil || !check.OK() {
						t.Fatalf("ShareMany = %v, CheckMany = %+v, %v; want success", err, check, checkErr)
					}
					unique := slices.Compact(slices.Sorted(slices.Values(req.ImageIDs)))
					if len(res.Images) != len(unique) || res.Targets() != len(tt.targets) || res.Status() != models.ShareActive {
						t.Errorf("result = %+v; want %d images with %d active shares each", res, len(unique), len(tt.targets))
					}
					for _, id := range unique {
						for _, acc := range tt.targets {
							if got := shStatuses(t, db, id, w.id(acc)); !slices.Equal(got, []string{models.ShareActive}) {
								t.Errorf("shares of %s with %s = %v; want one active", id, acc, got)
							}
						}
					}
					after := countRows(t, db, &models.AuditEvent{}, "action = ? AND outcome = ?", "share.create", models.OutcomeOK)
					if after-events != int64(len(unique)) {
						t.Errorf("%d share.create events; want one per image (%d)", after-events, len(unique))
					}
					return
				}
				if got := w.liveOf(t, everyImage...); got != before {
					t.Errorf("live shares %d -> %d after a refusal; want nothing written", before, got)
				}
				if e := domainError(t, err); e.Code != tt.code {
					t.Errorf("code = %s (%v); want %s", e.Code, err, tt.code)
				}
				if tt.field != "" {
					if _, ok := domainError(t, err).Field(tt.field); !ok {
						t.Errorf("error %v has no %s field", err, tt.field)
					}
					if e := domainError(t, checkErr); e.Code != tt.code {
						t.Errorf("CheckMany code = %s; want %s", e.Code, tt.code)
					}
					return
				}
				bulk, ok := models.AsBulkShareError(err)
				if !ok {
					t.Fatalf("error %v (%T) carries no verdicts", err, err)
				}
				for name, c := range map[string]models.BulkShareCheck{"ShareMany": bulk.Check, "CheckMany": check} {
					var got []verdict
					for _, v := range c.Images {
						code := ""
						if v.Refusal != nil {
							code = v.Refusal.Code
						}
						got = append(got, verdict{v.ImageID, code})
					}
					var want []verdict
					for _, v := range tt.want {
						want = append(want, verdict{w.imgIDs(v.image)[0], v.code})
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s verdicts = %v; want %v", name, got, want)
					}
				}
				for _, v := range bulk.Check.Refused() {
					if _, ok := domainError(t, err).Field(v.ImageID); !ok {
						t.Errorf("the refusal names no field for refused image %s", v.ImageID)
					}
				}
			})
		}
	})
}

// shBulkIDs are n well-formed image ids that name no image.
func shBulkIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("img-b%07d", i)
	}
	return out
}

func TestR26BulkShareVerdictMatchesSingleShare(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shCap(t, db, "1")
		w := shNewBulkWorld(t, db)
		addShare(t, db, w.imgs["two"], w.id("carol"), models.ShareActive)
		req := models.BulkShareRequest{ImageIDs: w.imgIDs("one", "two", "theirs"),
			Share: models.ShareRequest{AccountIDs: w.idsOf("alice", "self"), RiskAccepted: true}}
		_, err := w.shares.ShareMany(t.Context(), w.owner, req)
		bulk, ok := models.AsBulkShareError(err)
		if !ok {
			t.Fatalf("ShareMany = %v; want verdicts", err)
		}
		for _, v := range bulk.Check.Images {
			single := req.Share
			single.ImageID = v.ImageID
			_, alone := w.shares.Share(t.Context(), w.owner, single)
			e := domainError(t, alone)
			if v.Refusal == nil || v.Refusal.Code != e.Code || v.Refusal.Msg.Key != e.Msg.Key || len(v.Refusal.Fields) != len(e.Fields) {
				t.Errorf("R26 verdict on %s = %+v; sharing it alone says %+v", v.ImageID, v.Refusal, e)
			}
		}
	})
}

func TestR26BulkShareNotifiesAsSingleShares(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewBulkWorld(t, db)
		req := models.BulkShareRequest{ImageIDs: w.imgIDs("one", "two"),
			Share: models.ShareRequest{AccountIDs: w.idsOf("alice"), RiskAccepted: true}}
		if _, err := w.shares.ShareMany(t.Context(), w.owner, req); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, &models.Notification{}, "account_id = ?", w.id("alice")); n != 2 {
			t.Errorf("R26 alice has %d notifications; want one per image (2)", n)
		}
		if got := len(w.sharedTab(t, w.as("alice"), shGZ)); got != 2 {
			t.Errorf("R26 alice's shared tab has %d images; want 2", got)
		}
	})
}

func TestR26BulkShareConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for round := range 3 {
			t.Run(fmt.Sprintf("R26 R14 overlapping bulk shares with one account at once leave one live share per image, no deadlock (round %d)", round+1), func(t *testing.T) {
				shCap(t, db, "")
				w := shNewBulkWorld(t, db)
				orders := [][]string{{"one", "two"}, {"two", "three"}, {"three", "one"}, {"three", "two", "one"},
					{"one", "three"}, {"two", "one"}}
				alice := w.id("alice")
				errs := shAtOnce(len(orders), func(i int) error {
					_, err := w.shares.ShareMany(t.Context(), w.owner, models.BulkShareRequest{ImageIDs: w.imgIDs(orders[i]...),
						Share: models.ShareRequest{AccountIDs: []string{alice}, RiskAccepted: true}})
					return err
				})
				shared := map[string]bool{} // the images of the requests that succeeded
				for i, err := range errs {
					if err == nil {
						for _, name := range orders[i] {
							shared[name] = true
						}
						continue
					}
					if e, ok := models.AsError(err); !ok || e.Code != shAlready || !errors.Is(err, models.ErrInvalid) {
						t.Errorf("request %d: %v; want success or %s", i, err, shAlready)
					}
				}
				if len(shared) == 0 {
					t.Error("no bulk share succeeded; want the first one to")
				}
				for _, name := range []string{"one", "two", "three"} {
					want := []string(nil)
					if shared[name] {
						want = []string{models.ShareActive}
					}
					if got := shStatuses(t, db, w.imgs[name], alice); !slices.Equal(got, want) {
						t.Errorf("shares of %s with alice = %v; want %v (all or nothing per request)", name, got, want)
					}
				}
			})
			t.Run(fmt.Sprintf("R26 R1 bulk shares with distinct accounts at once never exceed the cap (round %d)", round+1), func(t *testing.T) {
				const clients, capN = 8, 3
				shCap(t, db, fmt.Sprint(capN))
				w := shNewBulkWorld(t, db)
				ids := make([]string, clients)
				for i := range ids {
					ids[i] = shAccount(t, db, fmt.Sprintf("Bulk racer %d", i), models.AccountActive)
				}
				orders := [][]string{{"one", "two", "three"}, {"three", "two", "one"}, {"two", "one", "three"}}
				errs := shAtOnce(clients, func(i int) error {
					_, err := w.shares.ShareMany(t.Context(), w.owner, models.BulkShareRequest{ImageIDs: w.imgIDs(orders[i%3]...),
						Share: models.ShareRequest{AccountIDs: ids[i : i+1], RiskAccepted: true}})
					return err
				})
				ok := 0
				for i, err := range errs {
					if err == nil {
						ok++
						continue
					}
					if e, isDomain := models.AsError(err); !isDomain || e.Code != shOverQuota {
						t.Errorf("request %d: %v; want success or %s", i, err, shOverQuota)
					}
				}
				if ok != capN {
					t.Errorf("%d bulk shares succeeded; want %d", ok, capN)
				}
				for _, name := range []string{"one", "two", "three"} {
					if live := shLive(t, db, w.imgs[name]); live != capN {
						t.Errorf("%s has %d live shares; want %d", name, live, capN)
					}
				}
			})
		}
	})
}
