package models_test

import (
	"context"
	"errors"
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
					if got, err := w.admin.Settings(t.Context(), w.root); err != nil || got != (models.Settings{SharePolicy: models.PolicyReview, ShareCap: 7}) {
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

func TestAuditFailedChangeLeavesNeither(t *testing.T) {
	// Each row fails inside the change, at the database, after every rule
	// passed: the change rolls back, and its event with it.
	// failure is a write the database refuses (admFailOn), or with op
	// "RENAME" a table the change reads that is gone (admRenameAway).
	type failure struct{ table, op, when string }
	tests := []struct {
		name    string
		fail    failure
		prepare func(t *testing.T, w *admWorld) func(ctx context.Context) error
	}{
		{"R14 a share whose recipient notification cannot be written leaves no share and no event",
			failure{"notifications", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID,
						AccountIDs: []string{w.alice.AccountID, w.bob.AccountID}, RiskAccepted: true})
					return err
				}
			}},
		{"R14 a share whose audit event cannot be written leaves no share",
			failure{"audit_events", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.alice.AccountID}, RiskAccepted: true})
					return err
				}
			}},
		{"R16 a rename the database refuses leaves the name and no event",
			failure{"images", "UPDATE", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.images.Update(ctx, w.owner, w.img.ID, models.ImageEdit{Name: "renamed"})
					return err
				}
			}},
		{"R16 a rename whose audit event cannot be written leaves the name",
			failure{"audit_events", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.images.Update(ctx, w.owner, w.img.ID, models.ImageEdit{Name: "renamed"})
					return err
				}
			}},
		{"R4 a launch whose boot job cannot be queued leaves no instance and no event",
			failure{"jobs", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.instances.Launch(ctx, w.owner, admLaunch(shGZ, w.img.ID, 3))
					return err
				}
			}},
		{"R17 settings whose cap cannot be written leave the policy too, and no event",
			failure{"settings", "INSERT", "NEW.key = 'share_cap'"}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					return w.admin.SetSettings(ctx, w.root, models.Settings{SharePolicy: models.PolicyReview, ShareCap: 9})
				}
			}},
		{"R17 settings whose audit event cannot be written leave the settings",
			failure{"audit_events", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					return w.admin.SetSettings(ctx, w.root, models.Settings{SharePolicy: models.PolicyReview, ShareCap: 9})
				}
			}},
		{"R15 a revoke whose notifications cannot be written leaves the share active and no event",
			failure{"notifications", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				s := w.share(t, w.img, w.alice)[0]
				return func(ctx context.Context) error {
					_, err := w.admin.Revoke(ctx, w.root, []int64{s.ID}, "malware found")
					return err
				}
			}},
		{"R17 an approval whose notifications cannot be written leaves the shares pending and no event",
			failure{"notifications", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				w.policy(t, models.PolicyReview, 50)
				out := w.share(t, w.img, w.alice, w.bob)
				return func(ctx context.Context) error {
					_, err := w.admin.Approve(ctx, w.root, admShareIDs(out))
					return err
				}
			}},
		{"Accounts disabling an account whose sessions cannot be deleted leaves it active and no event",
			failure{"sessions", "DELETE", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				u := admSignInUser(t, w, false)
				if _, err := w.sessions.Create(t.Context(), u.ID, ""); err != nil {
					t.Fatalf("create session: %v", err)
				}
				return func(ctx context.Context) error {
					return w.admin.SetAccountStatus(ctx, w.root, u.AccountID, models.AccountDisabled)
				}
			}},
		{"R3 a quota change that cannot read the account fails as a database failure, with no event",
			failure{"accounts", "RENAME", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					return w.admin.SetQuota(ctx, w.root, w.alice.AccountID, shGZ, 3)
				}
			}},
		{"Accounts adding a user when the account cannot be read fails as a database failure, with no event",
			failure{"accounts", "RENAME", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					return w.admin.AddUser(ctx, w.root, w.alice.AccountID, admUsername("blind"), admPassword, false)
				}
			}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				call := tt.prepare(t, w)
				before, mark := admState(t, db), admMark(t, db)
				var undo func()
				if tt.fail.op == "RENAME" {
					undo = admRenameAway(t, db, tt.fail.table)
				} else {
					undo = admFailOn(t, db, tt.fail.table, tt.fail.op, tt.fail.when)
				}
				err := call(admCtx(t))
				undo()
				if err == nil {
					t.Fatal("the call succeeded although the database refused a write")
				}
				if e, ok := models.AsError(err); ok {
					t.Fatalf("error = %v (%s); want a database failure, not a domain refusal", err, e.Code)
				}
				admUnchanged(t, db, before)
				admNoEvent(t, db, mark)
			})
		}
	})
}

func TestAuditSignIn(t *testing.T) {
	same := func(u models.User) string { return u.Username }
	tests := []struct {
		name     string
		disable  bool
		username func(u models.User) string
		password string
		wantCode string // "" for a successful sign-in, which writes no event of its own
		// ownAccount: the event belongs to the user's account, whose members
		// see it; otherwise (no such user, or refused before any lookup) to none.
		ownAccount bool
	}{
		{name: "Audit a wrong password writes auth.sign_in AuthFailure naming the username, for the user's account",
			username: same, password: "wrong-password", wantCode: admAuthFailure, ownAccount: true},
		{name: "Audit the username is recorded trimmed and in lower case",
			username: func(u models.User) string { return "  " + strings.ToUpper(u.Username) + " " }, password: "wrong-password",
			wantCode: admAuthFailure, ownAccount: true},
		{name: "Audit an unknown username writes auth.sign_in AuthFailure with that username",
			username: func(models.User) string { return "nobody-at-all" }, password: admPassword, wantCode: admAuthFailure},
		{name: "Audit an empty password writes auth.sign_in AuthFailure",
			username: same, password: "", wantCode: admAuthFailure},
		{name: "Audit a disabled account's user writes auth.sign_in AuthFailure.AccountDisabled for the account",
			disable: true, username: same, password: admPassword, wantCode: admAcctDisabled, ownAccount: true},
		{name: "Audit right credentials write nothing until the session is created",
			username: same, password: admPassword},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				u := admSignInUser(t, w, false)
				if tt.disable {
					setAccountStatus(t, db, u.AccountID, models.AccountDisabled)
				}
				mark, from := admMark(t, db), time.Now()
				got, err := w.auth.Authenticate(admAnonCtx(t), tt.username(u), tt.password, admMeta.IP)
				if tt.wantCode == "" {
					if err != nil || got.ID != u.ID {
						t.Fatalf("Authenticate = %d, %v; want user %d", got.ID, err, u.ID)
					}
					admNoEvent(t, db, mark)
					return
				}
				if e := domainError(t, err); e.Code != tt.wantCode {
					t.Fatalf("Authenticate error = %v; want %s", err, tt.wantCode)
				}
				name := strings.ToLower(strings.TrimSpace(tt.username(u)))
				account := ""
				if tt.ownAccount {
					account = u.AccountID
				}
				admOneEvent(t, db, mark, from, admEvent{"auth.sign_in", account, 0, "user:" + name, tt.wantCode, name})
			})
		}
	})
}

func TestAuditSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		w := admNewWorld(t, db)
		u := admSignInUser(t, w, false)
		resource := fmt.Sprintf("user:%d", u.ID)
		var token string

		t.Run("Audit creating a session writes auth.sign_in ok as its user", func(t *testing.T) {
			mark, from := admMark(t, db), time.Now()
			var err error
			if token, err = w.sessions.Create(admCtx(t), u.ID, ""); err != nil {
				t.Fatalf("Create: %v", err)
			}
			// The username is the user's, whatever the request carried before sign-in.
			admOneEvent(t, db, mark, from, admEvent{"auth.sign_in", u.AccountID, u.ID, resource, models.OutcomeOK, u.Username})
		})
		t.Run("Audit deleting the session writes auth.sign_out ok as its user", func(t *testing.T) {
			mark, from := admMark(t, db), time.Now()
			if err := w.sessions.Delete(admCtx(t), token); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			admOneEvent(t, db, mark, from, admEvent{"auth.sign_out", u.AccountID, u.ID, resource, models.OutcomeOK, ""})
			if n := admSessions(t, db, u.ID); n != 0 {
				t.Errorf("%d sessions left; want 0", n)
			}
		})
		t.Run("Audit deleting a session that does not exist writes nothing", func(t *testing.T) {
			mark := admMark(t, db)
			if err := w.sessions.Delete(admCtx(t), token); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			admNoEvent(t, db, mark)
		})
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

func TestAdminAudit(t *testing.T) {
	acctA, acctB, acctR := admNewAccountID(), admNewAccountID(), admNewAccountID()
	at := func(m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }
	all := []string{"e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1"}
	tests := []struct {
		name      string
		filter    models.AuditFilter
		want      []string // keys, newest first
		wantTotal int64
		wantSize  int
	}{
		{"Audit no filter lists every event newest first, 50 a page", models.AuditFilter{}, all, 9, 50},
		{"Audit account filter", models.AuditFilter{Account: acctA}, []string{"e9", "e7", "e2", "e1"}, 4, 50},
		{"Audit user filter ignores case", models.AuditFilter{User: "BOB"}, []string{"e4", "e3"}, 2, 50},
		{"Audit action filter is a prefix", models.AuditFilter{Action: "share."}, []string{"e2", "e1"}, 2, 50},
		{"Audit action prefix admin. finds every admin action", models.AuditFilter{Action: "admin."}, []string{"e8", "e5"}, 2, 50},
		{"Audit action filter takes an underscore literally", models.AuditFilter{Action: "auth_"}, nil, 0, 50},
		{"Audit action filter takes a percent sign literally", models.AuditFilter{Action: "%"}, nil, 0, 50},
		{"Audit resource filter is exact", models.AuditFilter{Resource: "img-aaaaaaaa"}, []string{"e4", "e2", "e1"}, 3, 50},
		{"Audit resource filter does not match a prefix", models.AuditFilter{Resource: "img-a"}, nil, 0, 50},
		{"Audit outcome ok lists committed changes", models.AuditFilter{Outcome: "ok"}, []string{"e9", "e8", "e7", "e5", "e4", "e2", "e1"}, 7, 50},
		{"Audit outcome error lists every refusal", models.AuditFilter{Outcome: "error"}, []string{"e6", "e3"}, 2, 50},
		{"Audit outcome by code", models.AuditFilter{Outcome: "AuthFailure"}, []string{"e6"}, 1, 50},
		{"Audit from is inclusive", models.AuditFilter{From: at(7)}, []string{"e9", "e8", "e7"}, 3, 50},
		{"Audit to is exclusive", models.AuditFilter{To: at(3)}, []string{"e2", "e1"}, 2, 50},
		{"Audit from and to", models.AuditFilter{From: at(3), To: at(6)}, []string{"e5", "e4", "e3"}, 3, 50},
		{"Audit filters combine", models.AuditFilter{Account: acctA, Action: "auth.", Outcome: "ok"}, []string{"e7"}, 1, 50},
		{"Audit paging gives the second page", models.AuditFilter{Page: 2, PageSize: 4}, []string{"e5", "e4", "e3", "e2"}, 9, 4},
		{"Audit paging gives the last, short page", models.AuditFilter{Page: 3, PageSize: 4}, []string{"e1"}, 9, 4},
		{"Audit a page size over 100 is 100", models.AuditFilter{PageSize: 1000}, all, 9, 100},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		admAuditFixture(t, db, acctA, acctB, acctR)
		admin := models.NewAdminStore(db)
		root := models.Actor{UserID: 1, AccountID: acctR, Admin: true}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := admin.Audit(t.Context(), root, tt.filter)
				if err != nil {
					t.Fatalf("Audit: %v", err)
				}
				if got := admEventKeys(page.Events); !slices.Equal(got, tt.want) || page.Total != tt.wantTotal || page.Filter.PageSize != tt.wantSize {
					t.Errorf("Audit = %q, total %d, page size %d; want %q, %d, %d", got, page.Total, page.Filter.PageSize, tt.want, tt.wantTotal, tt.wantSize)
				}
			})
		}
		t.Run("Audit the page count covers every event", func(t *testing.T) {
			page, err := admin.Audit(t.Context(), root, models.AuditFilter{PageSize: 4})
			if err != nil || page.Pages() != 3 {
				t.Errorf("Audit = %d pages, %v; want 3", page.Pages(), err)
			}
		})
		t.Run("Audit export lists every matching event newest first, whatever the page", func(t *testing.T) {
			out, err := admin.ExportAudit(t.Context(), root, models.AuditFilter{Account: acctA, Page: 2, PageSize: 1})
			if got := admEventKeys(out); err != nil || !slices.Equal(got, []string{"e9", "e7", "e2", "e1"}) {
				t.Errorf("ExportAudit = %q, %v; want e9 e7 e2 e1", got, err)
			}
			out, err = admin.ExportAudit(t.Context(), root, models.AuditFilter{Outcome: "error", From: at(4)})
			if got := admEventKeys(out); err != nil || !slices.Equal(got, []string{"e6"}) {
				t.Errorf("ExportAudit = %q, %v; want e6", got, err)
			}
		})
	})
}

func TestAuditAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		acctA, acctB, acctR := admNewAccountID(), admNewAccountID(), admNewAccountID()
		admAuditFixture(t, db, acctA, acctB, acctR)
		store := models.NewAuditStore(db)
		tests := []struct {
			name  string
			actor models.Actor
			want  []string
		}{
			{"Audit a member sees its own account's events only", models.Actor{UserID: 5, AccountID: acctA}, []string{"e9", "e7", "e2", "e1"}},
			{"Audit another member sees its own account's events only", models.Actor{UserID: 6, AccountID: acctB}, []string{"e4", "e3"}},
			{"Audit an admin's own page shows its own account's events, not the platform's", models.Actor{UserID: 1, AccountID: acctR, Admin: true}, []string{"e8", "e5"}},
			{"Audit an account with no events sees none", models.Actor{UserID: 7, AccountID: admNewAccountID()}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := store.Account(t.Context(), tt.actor, 1)
				if got := admEventKeys(page.Events); err != nil || !slices.Equal(got, tt.want) || page.Total != int64(len(tt.want)) {
					t.Errorf("Account = %q (total %d), %v; want %q", got, page.Total, err, tt.want)
				}
			})
		}
		t.Run("Audit a member's own log pages by 20", func(t *testing.T) {
			acct := admNewAccountID()
			for i := range 25 {
				ev := models.AuditEvent{At: base.Add(time.Duration(i) * time.Second), AccountID: acct, Action: "image.update",
					Outcome: models.OutcomeOK, RequestID: fmt.Sprintf("req-p%02d", i)}
				if err := db.Create(&ev).Error; err != nil {
					t.Fatal(err)
				}
			}
			actor := models.Actor{UserID: 9, AccountID: acct}
			first, err1 := store.Account(t.Context(), actor, 1)
			second, err2 := store.Account(t.Context(), actor, 2)
			if err := errors.Join(err1, err2); err != nil {
				t.Fatal(err)
			}
			if len(first.Events) != 20 || first.Events[0].RequestID != "req-p24" || len(second.Events) != 5 ||
				second.Events[4].RequestID != "req-p00" || first.Total != 25 || first.Pages() != 2 {
				t.Errorf("pages = %d then %d events (total %d, %d pages); want 20 newest first, then 5", len(first.Events),
					len(second.Events), first.Total, first.Pages())
			}
		})
		t.Run("Audit a member sees the events of its own changes and no one else's", func(t *testing.T) {
			w := admNewWorld(t, db)
			w.share(t, w.img, w.alice)
			own, err := w.audit.Account(t.Context(), w.owner, 1)
			if err != nil || len(own.Events) != 1 || own.Events[0].Action != "share.create" || own.Events[0].Resource != w.img.ID {
				t.Errorf("owner's log = %s, %v; want its share.create", admDescribe(own.Events), err)
			}
			theirs, err := w.audit.Account(t.Context(), w.alice, 1)
			if err != nil || len(theirs.Events) != 0 {
				t.Errorf("recipient's log = %s, %v; want nothing", admDescribe(theirs.Events), err)
			}
		})
	})
}
