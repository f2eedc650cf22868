package models_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// admCase is one audited call prepared on a world: the call itself, the event
// it must write, and a check that its change is (or is not) there.
type admCase struct {
	call  func(ctx context.Context) error
	want  admEvent
	check func(t *testing.T)
}

// admLaunch is a valid launch of one x86_64 instance from an image in zone 1
// of a region.
func admLaunch(region, imageID string, n int) models.Launch {
	return models.Launch{Region: region, Zone: region + "-1", ImageID: imageID, InstanceType: "S5.MEDIUM2", Name: "web", Count: n}
}

func TestAuditSuccessWritesOneEvent(t *testing.T) {
	ok := models.OutcomeOK
	tests := []struct {
		name    string
		prepare func(t *testing.T, w *admWorld) admCase
	}{
		{"R14 ShareStore.Share writes share.create for the owner", func(t *testing.T, w *admWorld) admCase {
			var out []models.Share
			return admCase{
				call: func(ctx context.Context) (err error) {
					out, err = w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID,
						AccountIDs: []string{w.alice.AccountID, w.bob.AccountID}, RiskAccepted: true})
					return err
				},
				want: admEvent{"share.create", w.owner.AccountID, w.ownerUser.ID, w.img.ID, ok, ""},
				check: func(t *testing.T) {
					if len(out) != 2 || shLive(t, w.db, w.img.ID) != 2 {
						t.Errorf("shares = %d returned, %d live; want 2", len(out), shLive(t, w.db, w.img.ID))
					}
				},
			}
		}},
		{"R17 ShareStore.Share under review writes share.create for the pending shares", func(t *testing.T, w *admWorld) admCase {
			w.policy(t, models.PolicyReview, 50)
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.alice.AccountID}, RiskAccepted: true})
					return err
				},
				want: admEvent{"share.create", w.owner.AccountID, w.ownerUser.ID, w.img.ID, ok, ""},
				check: func(t *testing.T) {
					if got := shStatuses(t, w.db, w.img.ID, w.alice.AccountID); !slices.Equal(got, []string{models.SharePending}) {
						t.Errorf("share statuses = %q; want one pending", got)
					}
				},
			}
		}},
		{"R15 ShareStore.Cancel writes share.cancel for the owner", func(t *testing.T, w *admWorld) admCase {
			w.share(t, w.img, w.alice)
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.shares.Cancel(ctx, w.owner, w.img.ID, []string{w.alice.AccountID})
					return err
				},
				want: admEvent{"share.cancel", w.owner.AccountID, w.ownerUser.ID, w.img.ID, ok, ""},
				check: func(t *testing.T) {
					if got := shStatuses(t, w.db, w.img.ID, w.alice.AccountID); !slices.Equal(got, []string{models.ShareCancelled}) {
						t.Errorf("share statuses = %q; want cancelled", got)
					}
				},
			}
		}},
		{"R16 ImageStore.Update writes image.update for the owner", func(t *testing.T, w *admWorld) admCase {
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.images.Update(ctx, w.owner, w.img.ID, models.ImageEdit{Name: "renamed", Description: "new"})
					return err
				},
				want: admEvent{"image.update", w.owner.AccountID, w.ownerUser.ID, w.img.ID, ok, ""},
				check: func(t *testing.T) {
					if img := readImage(t, w.db, w.img.ID); img.Name != "renamed" || img.Description != "new" {
						t.Errorf("image = %q %q; want renamed", img.Name, img.Description)
					}
				},
			}
		}},
		{"R4 InstanceStore.Launch writes instance.launch naming the image", func(t *testing.T, w *admWorld) admCase {
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.instances.Launch(ctx, w.owner, admLaunch(shGZ, w.img.ID, 2))
					return err
				},
				want: admEvent{"instance.launch", w.owner.AccountID, w.ownerUser.ID, w.img.ID, ok, ""},
				check: func(t *testing.T) {
					if n := countRows(t, w.db, &models.Instance{}, "account_id = ? AND image_id = ?", w.owner.AccountID, w.img.ID); n != 2 {
						t.Errorf("%d instances; want 2", n)
					}
				},
			}
		}},
		{"R17 AdminStore.SetSettings writes admin.settings for the admin", func(t *testing.T, w *admWorld) admCase {
			return admCase{
				call: func(ctx context.Context) error {
					return w.admin.SetSettings(ctx, w.root, models.Settings{SharePolicy: models.PolicyReview, ShareCap: 7})
				},
				want: admEvent{"admin.settings", w.root.AccountID, w.rootUser.ID, "settings", ok, ""},
				check: func(t *testing.T) {
					if got, err := w.admin.Settings(t.Context(), w.root); err != nil || got.SharePolicy != models.PolicyReview || got.ShareCap != 7 {
						t.Errorf("Settings = %+v, %v; want review, 7", got, err)
					}
				},
			}
		}},
		{"R15 AdminStore.Revoke writes admin.share.revoke naming the shares", func(t *testing.T, w *admWorld) admCase {
			s := w.share(t, w.img, w.alice)[0]
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.admin.Revoke(ctx, w.root, []int64{s.ID}, "malware found")
					return err
				},
				want: admEvent{"admin.share.revoke", w.root.AccountID, w.rootUser.ID, fmt.Sprint([]int64{s.ID}), ok, ""},
				check: func(t *testing.T) {
					if got := admReadShare(t, w.db, s.ID); got.Status != models.ShareRevoked {
						t.Errorf("share status = %s; want revoked", got.Status)
					}
				},
			}
		}},
		{"R17 AdminStore.Approve writes admin.share.approve naming the shares", func(t *testing.T, w *admWorld) admCase {
			w.policy(t, models.PolicyReview, 50)
			out := w.share(t, w.img, w.alice, w.bob)
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.admin.Approve(ctx, w.root, admShareIDs(out))
					return err
				},
				want: admEvent{"admin.share.approve", w.root.AccountID, w.rootUser.ID, fmt.Sprint(admShareIDs(out)), ok, ""},
				check: func(t *testing.T) {
					if n := countRows(t, w.db, &models.Share{}, "image_id = ? AND status = ?", w.img.ID, models.ShareActive); n != 2 {
						t.Errorf("%d active shares; want 2", n)
					}
				},
			}
		}},
		{"R17 AdminStore.Reject writes admin.share.reject naming the shares", func(t *testing.T, w *admWorld) admCase {
			w.policy(t, models.PolicyReview, 50)
			s := w.share(t, w.img, w.alice)[0]
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.admin.Reject(ctx, w.root, []int64{s.ID}, "not allowed")
					return err
				},
				want: admEvent{"admin.share.reject", w.root.AccountID, w.rootUser.ID, fmt.Sprint([]int64{s.ID}), ok, ""},
				check: func(t *testing.T) {
					if got := admReadShare(t, w.db, s.ID); got.Status != models.ShareRejected {
						t.Errorf("share status = %s; want rejected", got.Status)
					}
				},
			}
		}},
		{"Accounts AdminStore.CreateAccount writes account.create naming the new account", func(t *testing.T, w *admWorld) admCase {
			id := admNewAccountID()
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.admin.CreateAccount(ctx, w.root, models.NewAccount{ID: id, Name: "New Co", Username: admUsername("new"), Password: admPassword})
					return err
				},
				want: admEvent{"account.create", w.root.AccountID, w.rootUser.ID, id, ok, ""},
				check: func(t *testing.T) {
					if n := countRows(t, w.db, &models.Account{}, "id = ?", id); n != 1 {
						t.Errorf("%d accounts %s; want 1", n, id)
					}
				},
			}
		}},
		{"Accounts AdminStore.AddUser writes admin.user.create naming the account", func(t *testing.T, w *admWorld) admCase {
			name := admUsername("added")
			return admCase{
				call: func(ctx context.Context) error {
					return w.admin.AddUser(ctx, w.root, w.alice.AccountID, name, admPassword, false)
				},
				want: admEvent{"admin.user.create", w.root.AccountID, w.rootUser.ID, w.alice.AccountID, ok, ""},
				check: func(t *testing.T) {
					if n := countRows(t, w.db, &models.User{}, "username = ? AND account_id = ?", name, w.alice.AccountID); n != 1 {
						t.Errorf("%d users %s; want 1", n, name)
					}
				},
			}
		}},
		{"Accounts AdminStore.SetAccountStatus writes admin.account.disable naming the account", func(t *testing.T, w *admWorld) admCase {
			return admCase{
				call: func(ctx context.Context) error {
					return w.admin.SetAccountStatus(ctx, w.root, w.bob.AccountID, models.AccountDisabled)
				},
				want: admEvent{"admin.account.disable", w.root.AccountID, w.rootUser.ID, w.bob.AccountID, ok, ""},
				check: func(t *testing.T) {
					if n := countRows(t, w.db, &models.Account{}, "id = ? AND status = ?", w.bob.AccountID, models.AccountDisabled); n != 1 {
						t.Errorf("account %s not disabled", w.bob.AccountID)
					}
				},
			}
		}},
		{"R3 AdminStore.SetQuota writes admin.account.quota naming the account", func(t *testing.T, w *admWorld) admCase {
			return admCase{
				call: func(ctx context.Context) error {
					return w.admin.SetQuota(ctx, w.root, w.bob.AccountID, shSH, 3)
				},
				want: admEvent{"admin.account.quota", w.root.AccountID, w.rootUser.ID, w.bob.AccountID, ok, ""},
				check: func(t *testing.T) {
					if q, err := w.quotas.Region(t.Context(), w.bob, shSH); err != nil || q.Limit != 3 {
						t.Errorf("quota = %+v, %v; want limit 3", q, err)
					}
				},
			}
		}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				c := tt.prepare(t, w)
				mark, from := admMark(t, db), time.Now()
				if err := c.call(admCtx(t)); err != nil {
					t.Fatalf("call: %v", err)
				}
				admOneEvent(t, db, mark, from, c.want)
				c.check(t)
			})
		}
	})
}

func TestAuditRefusalWritesOnlyItsEvent(t *testing.T) {
	const (
		notYours  = "UnauthorizedOperation.ImageNotBelongToAccount"
		noModify  = "UnsupportedOperation.SharedImageModifyUnsupported"
		duplicate = "InvalidImageName.Duplicate"
		badState  = "InvalidParameterValue.InvalidImageState"
		zoneElse  = "InvalidZone.MismatchRegion"
	)
	tests := []struct {
		name    string
		prepare func(t *testing.T, w *admWorld) admCase
	}{
		{name: "R1 sharing past the cap writes share.create OverQuota", prepare: func(t *testing.T, w *admWorld) admCase {
			w.policy(t, models.PolicyImmediate, 1)
			w.share(t, w.img, w.alice)
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.bob.AccountID}, RiskAccepted: true})
					return err
				},
				want: admEvent{"share.create", w.owner.AccountID, w.ownerUser.ID, w.img.ID, admOverQuota, ""},
			}
		}},
		{name: "R9 a recipient sharing onward writes share.create refused for its own account", prepare: func(t *testing.T, w *admWorld) admCase {
			w.share(t, w.img, w.alice)
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.shares.Share(ctx, w.alice, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.bob.AccountID}, RiskAccepted: true})
					return err
				},
				want: admEvent{"share.create", w.alice.AccountID, w.alice.UserID, w.img.ID, notYours, ""},
			}
		}},
		{name: "R14 sharing with an unknown account writes share.create InvalidAccountId.NotFound", prepare: func(t *testing.T, w *admWorld) admCase {
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID,
						AccountIDs: []string{w.alice.AccountID, admNewAccountID()}, RiskAccepted: true})
					return err
				},
				want: admEvent{"share.create", w.owner.AccountID, w.ownerUser.ID, w.img.ID, admAccountNone, ""},
			}
		}},
		{name: "R2 a recipient renaming writes image.update refused", prepare: func(t *testing.T, w *admWorld) admCase {
			w.share(t, w.img, w.alice)
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.images.Update(ctx, w.alice, w.img.ID, models.ImageEdit{Name: "mine now"})
					return err
				},
				want: admEvent{"image.update", w.alice.AccountID, w.alice.UserID, w.img.ID, noModify, ""},
			}
		}},
		{name: "R16 renaming to a taken name writes image.update InvalidImageName.Duplicate", prepare: func(t *testing.T, w *admWorld) admCase {
			w.addImage(t, w.owner, shGZ, "taken")
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.images.Update(ctx, w.owner, w.img.ID, models.ImageEdit{Name: "taken"})
					return err
				},
				want: admEvent{"image.update", w.owner.AccountID, w.ownerUser.ID, w.img.ID, duplicate, ""},
			}
		}},
		{name: "R13 launching from an image being created writes instance.launch refused", prepare: func(t *testing.T, w *admWorld) admCase {
			img := addImage(t, w.db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ, State: models.ImageCreating})
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.instances.Launch(ctx, w.owner, admLaunch(shGZ, img.ID, 1))
					return err
				},
				want: admEvent{"instance.launch", w.owner.AccountID, w.ownerUser.ID, img.ID, badState, ""},
			}
		}},
		{name: "R4 launching in another region than the image's writes instance.launch InvalidImageId.NotFound", prepare: func(t *testing.T, w *admWorld) admCase {
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.instances.Launch(ctx, w.owner, admLaunch(shSH, w.img.ID, 1))
					return err
				},
				want: admEvent{"instance.launch", w.owner.AccountID, w.ownerUser.ID, w.img.ID, admImageNotFound, ""},
			}
		}},
		{name: "R4 launching in a zone of another region writes instance.launch InvalidZone.MismatchRegion",
			prepare: func(t *testing.T, w *admWorld) admCase {
				return admCase{
					call: func(ctx context.Context) error {
						l := admLaunch(shGZ, w.img.ID, 1)
						l.Zone = shSH + "-1"
						_, err := w.instances.Launch(ctx, w.owner, l)
						return err
					},
					want: admEvent{"instance.launch", w.owner.AccountID, w.ownerUser.ID, w.img.ID, zoneElse, ""},
				}
			}},
		{name: "R15 revoking a pending share writes admin.share.revoke FailedOperation.ShareStatusChanged", prepare: func(t *testing.T, w *admWorld) admCase {
			w.policy(t, models.PolicyReview, 50)
			s := w.share(t, w.img, w.alice)[0]
			return admCase{
				call: func(ctx context.Context) error {
					_, err := w.admin.Revoke(ctx, w.root, []int64{s.ID}, "too late")
					return err
				},
				want: admEvent{"admin.share.revoke", w.root.AccountID, w.rootUser.ID, fmt.Sprint([]int64{s.ID}), admChanged, ""},
			}
		}},
		{name: "R17 revoking without a reason writes admin.share.revoke MissingParameter",
			prepare: func(t *testing.T, w *admWorld) admCase {
				s := w.share(t, w.img, w.alice)[0]
				return admCase{
					call: func(ctx context.Context) error {
						_, err := w.admin.Revoke(ctx, w.root, []int64{s.ID}, "  ")
						return err
					},
					want: admEvent{"admin.share.revoke", w.root.AccountID, w.rootUser.ID, fmt.Sprint([]int64{s.ID}), admMissing, ""},
				}
			}},
		{name: "R1 a share cap of 501 writes admin.settings InvalidParameterValue",
			prepare: func(t *testing.T, w *admWorld) admCase {
				return admCase{
					call: func(ctx context.Context) error {
						return w.admin.SetSettings(ctx, w.root, models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 501})
					},
					want: admEvent{"admin.settings", w.root.AccountID, w.rootUser.ID, "settings", admInvalid, ""},
				}
			}},
		{name: "Accounts adding a user to an unknown account writes admin.user.create InvalidAccountId.NotFound",
			prepare: func(t *testing.T, w *admWorld) admCase {
				id := admNewAccountID()
				return admCase{
					call: func(ctx context.Context) error {
						return w.admin.AddUser(ctx, w.root, id, admUsername("orphan"), admPassword, false)
					},
					want: admEvent{"admin.user.create", w.root.AccountID, w.rootUser.ID, id, admAccountNone, ""},
				}
			}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				c := tt.prepare(t, w)
				before, mark, from := admState(t, db), admMark(t, db), time.Now()
				err := c.call(admCtx(t))
				if e := domainError(t, err); e.Code != c.want.outcome {
					t.Fatalf("error = %v; want %s", err, c.want.outcome)
				}
				admUnchanged(t, db, before)
				admOneEvent(t, db, mark, from, c.want)
			})
		}
	})
}

// admAuditFixture inserts events with chosen fields and times, keyed e1..e9
// in time order, and returns their ids by key.
func admAuditFixture(t *testing.T, db *models.DB, acctA, acctB, acctR string) map[string]int64 {
	t.Helper()
	rows := []struct {
		key, account, user, action, resource, outcome string
	}{
		{"e1", acctA, "alice", "share.create", "img-aaaaaaaa", models.OutcomeOK},
		{"e2", acctA, "alice", "share.cancel", "img-aaaaaaaa", models.OutcomeOK},
		{"e3", acctB, "bob", "image.update", "img-bbbbbbbb", "UnsupportedOperation.SharedImageModifyUnsupported"},
		{"e4", acctB, "bob", "instance.launch", "img-aaaaaaaa", models.OutcomeOK},
		{"e5", acctR, "root", "admin.share.revoke", "[1]", models.OutcomeOK},
		{"e6", "", "mallory", "auth.sign_in", "user:mallory", "AuthFailure"},
		{"e7", acctA, "alice", "auth.sign_in", "user:1", models.OutcomeOK},
		{"e8", acctR, "root", "admin.settings", "settings", models.OutcomeOK},
		{"e9", acctA, "alice", "shares.export", "settings", models.OutcomeOK},
	}
	ids := map[string]int64{}
	for i, r := range rows {
		ev := models.AuditEvent{At: base.Add(time.Duration(i+1) * time.Minute), AccountID: r.account, Username: r.user,
			Action: r.action, Resource: r.resource, Outcome: r.outcome, IP: "198.51.100.1", RequestID: "req-" + r.key}
		if err := db.Create(&ev).Error; err != nil {
			t.Fatalf("insert event %s: %v", r.key, err)
		}
		ids[r.key] = ev.ID
	}
	return ids
}

func admEventKeys(evs []models.AuditEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = strings.TrimPrefix(e.RequestID, "req-")
	}
	return out
}
