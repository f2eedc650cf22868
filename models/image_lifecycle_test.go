package models_test

import (
	"context"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

const (
	lcDisabled   = "InvalidImageId.Disabled"
	lcProtected  = "OperationDenied.DeletionProtection"
	lcSuccessor  = "InvalidParameterValue.InvalidSuccessor"
	lcNotYours   = "UnsupportedOperation.SharedImageModifyUnsupported"
	lcNotShowing = "InvalidImageId.NotFound"
)

// lcView reads an image as an actor sees it, failing the test otherwise.
func lcView(t testing.TB, w *shWorld, actor models.Actor, id string) models.ImageView {
	t.Helper()
	v, err := w.images.Get(t.Context(), actor, id)
	if err != nil {
		t.Fatalf("get %s as %s: %v", id, actor.AccountID, err)
	}
	return v
}

// lcSetDeprecateAt moves a stored deprecation, as the passing of time would.
func lcSetDeprecateAt(t testing.TB, db *models.DB, id string, at time.Time) {
	t.Helper()
	if err := db.Model(&models.Image{}).Where("id = ?", id).Update("deprecate_at", at).Error; err != nil {
		t.Fatal(err)
	}
}

func TestR21Deprecation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		own := func(name, region string) models.Image {
			return addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: region, Name: name})
		}
		next := own("golden-v2", shGZ)
		elsewhere := own("golden-sh", shSH)
		busy := addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ, Name: "busy",
			State: models.ImageCreating})
		offDuty := own("off-duty", shGZ)
		if err := w.images.Disable(t.Context(), w.owner, offDuty.ID); err != nil {
			t.Fatal(err)
		}
		theirs := addImage(t, db, models.Image{OwnerAccountID: owned(w.id("bob")), RegionID: shGZ, Name: "bobs"})
		public := addImage(t, db, models.Image{RegionID: shGZ, Name: "public-ubuntu", Source: models.SourceOfficial})

		refusals := []struct {
			name, actor, successor, code string
			at                           *time.Time
		}{
			{"R21 a recipient cannot deprecate", "alice", "", lcNotYours, nil},
			{"R21 the successor must exist", "owner", "img-nothere1", lcSuccessor, nil},
			{"R21 the successor must be the owner's own, not another account's", "owner", theirs.ID, lcSuccessor, nil},
			{"R21 the successor must be the owner's own, not a public image", "owner", public.ID, lcSuccessor, nil},
			{"R21 the successor must be in the same region", "owner", elsewhere.ID, lcSuccessor, nil},
			{"R21 the successor must be NORMAL", "owner", busy.ID, lcSuccessor, nil},
			{"R21 the successor must not be disabled", "owner", offDuty.ID, lcSuccessor, nil},
			{"R21 the image is not its own successor", "owner", w.img.ID, lcSuccessor, nil},
			{"R21 a time in the past is refused", "owner", "", "InvalidParameterValue", new(time.Now().Add(-time.Hour))},
			{"R21 a time beyond ten years is refused", "owner", "", "InvalidParameterValue", new(time.Now().AddDate(11, 0, 0))},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				before := snapshot(t, db)
				err := w.images.Deprecate(t.Context(), w.as(tt.actor), w.img.ID, models.Deprecation{At: tt.at, SuccessorID: tt.successor})
				wantError(t, err, tt.code, models.ErrInvalid)
				unchanged(t, db, before)
				if n := lcAudits(t, db, "image.deprecate", w.img.ID, tt.code); n == 0 {
					t.Errorf("the refusal was not audited")
				}
			})
		}

		t.Run("R21 only the owner is offered deprecation", func(t *testing.T) {
			if v := lcView(t, w, w.owner, w.img.ID); !v.Can.Deprecate.OK() || v.Can.CancelDeprecation.OK() {
				t.Errorf("owner: Deprecate %v, CancelDeprecation %v; want allowed, refused (nothing to cancel)", v.Can.Deprecate, v.Can.CancelDeprecation)
			}
			if v := lcView(t, w, w.as("alice"), w.img.ID); v.Can.Deprecate.OK() || v.Can.Deprecate.Refusal.Code != lcNotYours {
				t.Errorf("recipient: Deprecate = %+v; want refused with %s", v.Can.Deprecate, lcNotYours)
			}
		})

		later := time.Now().Add(2 * time.Hour).Truncate(time.Second)
		if err := w.images.Deprecate(t.Context(), w.owner, w.img.ID, models.Deprecation{At: &later, SuccessorID: next.ID}); err != nil {
			t.Fatalf("Deprecate later: %v", err)
		}
		t.Run("R21 a deprecation at a future time is not shown before it, but the owner sees it scheduled", func(t *testing.T) {
			if v := lcView(t, w, w.as("alice"), w.img.ID); v.Notice.Deprecated || v.Notice.Successor != nil {
				t.Errorf("recipient sees Deprecated %v, successor %+v before the time", v.Notice.Deprecated, v.Notice.Successor)
			}
			v := lcView(t, w, w.owner, w.img.ID)
			if v.Notice.Deprecated || v.Notice.DeprecationScheduled == nil || !v.Notice.DeprecationScheduled.Equal(later) {
				t.Errorf("owner: Deprecated %v, scheduled %v; want scheduled for %v", v.Notice.Deprecated, v.Notice.DeprecationScheduled, later)
			}
			if !v.Can.CancelDeprecation.OK() {
				t.Errorf("owner cannot cancel a scheduled deprecation: %+v", v.Can.CancelDeprecation)
			}
		})
		lcSetDeprecateAt(t, db, w.img.ID, time.Now().Add(-time.Second))
		t.Run("R21 once the time has come every viewer sees it, with the successor", func(t *testing.T) {
			for _, who := range []string{"owner", "alice"} {
				v := lcView(t, w, w.as(who), w.img.ID)
				if !v.Notice.Deprecated || v.Notice.Successor == nil || v.Notice.Successor.ID != next.ID || v.Notice.Successor.Name != "golden-v2" {
					t.Errorf("%s: Deprecated %v, successor %+v; want deprecated, use golden-v2", who, v.Notice.Deprecated, v.Notice.Successor)
				}
			}
			if s := lcView(t, w, w.owner, w.img.ID).Notice.Successor; !s.Visible {
				t.Error("the owner cannot open its own successor")
			}
			if s := lcView(t, w, w.as("alice"), w.img.ID).Notice.Successor; s.Visible {
				t.Error("alice is offered a link to a successor not shared with her")
			}
			list := w.sharedTab(t, w.as("alice"), shGZ)
			if len(list) != 1 || !list[0].Notice.Deprecated {
				t.Errorf("alice's shared tab = %+v; want the image, deprecated", list)
			}
			usable, err := w.images.Usable(t.Context(), w.as("alice"), shGZ)
			found := false
			for _, u := range usable {
				found = found || (u.ID == w.img.ID && u.Notice.Deprecated)
			}
			if err != nil || !found {
				t.Errorf("alice's picker lacks the deprecated image (err %v)", err)
			}
		})
		t.Run("R21 a successor shared with the viewer is a link", func(t *testing.T) {
			addShare(t, db, next.ID, w.id("alice"), models.ShareActive)
			if s := lcView(t, w, w.as("alice"), w.img.ID).Notice.Successor; s == nil || !s.Visible {
				t.Errorf("successor = %+v; want one alice may open", s)
			}
		})
		t.Run("R21 launching from a deprecated image still works", func(t *testing.T) {
			if _, err := w.launch(t, w.as("alice"), shGZ, w.img.ID); err != nil {
				t.Errorf("launch: %v", err)
			}
		})
		t.Run("R21 the recipients are notified and the change audited", func(t *testing.T) {
			if n := lcNotes(t, db, w.id("alice"), models.NoteImageDeprecated, w.img.ID); n != 1 {
				t.Errorf("alice's notifications = %d; want 1", n)
			}
			if n := lcNotes(t, db, w.id("bob"), models.NoteImageDeprecated, w.img.ID); n != 0 {
				t.Errorf("bob, not a recipient, got %d notifications", n)
			}
			if n := lcAudits(t, db, "image.deprecate", w.img.ID, models.OutcomeOK); n != 1 {
				t.Errorf("image.deprecate events = %d; want 1", n)
			}
		})
		t.Run("R21 cancelling makes it current for everyone", func(t *testing.T) {
			if err := w.images.CancelDeprecation(t.Context(), w.owner, w.img.ID); err != nil {
				t.Fatal(err)
			}
			for _, who := range []string{"owner", "alice"} {
				if v := lcView(t, w, w.as(who), w.img.ID); v.Notice.Deprecated || v.Notice.DeprecationScheduled != nil || v.Notice.Successor != nil {
					t.Errorf("%s still sees a deprecation: %+v", who, v.Notice.LifecycleNotice)
				}
			}
			err := w.images.CancelDeprecation(t.Context(), w.owner, w.img.ID)
			wantError(t, err, "FailedOperation.ImageNotDeprecated", models.ErrConflict)
			if n := lcAudits(t, db, "image.deprecate_cancel", w.img.ID, models.OutcomeOK); n != 1 {
				t.Errorf("image.deprecate_cancel events = %d; want 1", n)
			}
		})
		t.Run("R21 deprecating now, with no successor", func(t *testing.T) {
			if err := w.images.Deprecate(t.Context(), w.owner, w.img.ID, models.Deprecation{}); err != nil {
				t.Fatal(err)
			}
			if v := lcView(t, w, w.as("alice"), w.img.ID); !v.Notice.Deprecated || v.Notice.Successor != nil {
				t.Errorf("alice: %+v; want deprecated with no successor", v.Notice.LifecycleNotice)
			}
		})
	})
}

func TestR21DisabledRefusedEverywhere(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		running, err := w.launch(t, w.as("alice"), shGZ, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		shStep(t, db)
		ownInstance, err := w.launch(t, w.owner, shGZ, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		shStep(t, db)
		if err := w.images.Disable(t.Context(), w.as("alice"), w.img.ID); err == nil {
			t.Fatal("a recipient disabled the image")
		}
		if err := w.images.Disable(t.Context(), w.owner, w.img.ID); err != nil {
			t.Fatalf("Disable: %v", err)
		}
		paths := []struct {
			name  string
			try   func() error
			check func(v models.ImageView) models.Verdict
			// viewers whose verdict the check reads: for owner-only
			// actions, a recipient is refused as a recipient first.
			viewers []string
		}{
			{"R21 the recipient cannot launch", func() error { _, err := w.launch(t, w.as("alice"), shGZ, w.img.ID); return err },
				func(v models.ImageView) models.Verdict { return v.Can.Launch }, []string{"owner", "alice"}},
			{"R21 the owner cannot launch", func() error { _, err := w.launch(t, w.owner, shGZ, w.img.ID); return err }, nil, nil},
			{"R21 the recipient cannot reinstall from it", func() error {
				return w.instances.Reinstall(t.Context(), w.as("alice"), running[0].ID, w.img.ID)
			}, func(v models.ImageView) models.Verdict { return v.Can.Reinstall }, []string{"owner", "alice"}},
			{"R21 the owner cannot share it", func() error {
				_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("bob"), RiskAccepted: true})
				return err
			}, func(v models.ImageView) models.Verdict { return v.Can.Share }, []string{"owner"}},
			{"R21 the owner cannot copy it", func() error {
				_, err := w.images.Copy(t.Context(), w.owner, w.img.ID, models.ImageCopy{Regions: []string{shSH}})
				return err
			}, func(v models.ImageView) models.Verdict { return v.Can.Copy }, []string{"owner"}},
		}
		for _, p := range paths {
			t.Run(p.name, func(t *testing.T) {
				before := snapshot(t, db)
				wantError(t, p.try(), lcDisabled, models.ErrInvalid)
				unchanged(t, db, before)
				for _, who := range p.viewers {
					if v := p.check(lcView(t, w, w.as(who), w.img.ID)); v.OK() || v.Refusal.Code != lcDisabled {
						t.Errorf("%s's verdict = %+v; want refused with %s", who, v, lcDisabled)
					}
				}
			})
		}
		t.Run("R21 nobody may download it", func(t *testing.T) {
			if v := lcView(t, w, w.owner, w.img.ID).Can.Download; v.OK() || v.Refusal.Code != lcDisabled {
				t.Errorf("owner's Download = %+v; want refused with %s", v, lcDisabled)
			}
		})
		t.Run("R21 existing instances are untouched", func(t *testing.T) {
			for _, ins := range []models.Instance{running[0], ownInstance[0]} {
				if got := readInstance(t, db, ins.ID); got.State != models.InstanceRunning {
					t.Errorf("instance %s is %s; want RUNNING", ins.ID, got.State)
				}
			}
		})
		t.Run("R21 recipients see it disabled, are notified, and it stays listed", func(t *testing.T) {
			if v := lcView(t, w, w.as("alice"), w.img.ID); !v.Notice.Disabled {
				t.Error("alice is not told the image is disabled")
			}
			if n := lcNotes(t, db, w.id("alice"), models.NoteImageDisabled, w.img.ID); n != 1 {
				t.Errorf("alice's notifications = %d; want 1", n)
			}
			if got := w.sharedTab(t, w.as("alice"), shGZ); len(got) != 1 {
				t.Errorf("alice's shared tab = %v; want the image", shViewIDs(got))
			}
		})
		t.Run("R21 disabling twice is refused; the owner may enable it", func(t *testing.T) {
			wantError(t, w.images.Disable(t.Context(), w.owner, w.img.ID), "FailedOperation.ImageAlreadyDisabled", models.ErrConflict)
			if v := lcView(t, w, w.owner, w.img.ID); v.Can.Disable.OK() || !v.Can.Enable.OK() {
				t.Errorf("owner: Disable %+v, Enable %+v; want refused, allowed", v.Can.Disable, v.Can.Enable)
			}
			if err := w.images.Enable(t.Context(), w.as("alice"), w.img.ID); err == nil {
				t.Error("a recipient enabled the image")
			}
			if err := w.images.Enable(t.Context(), w.owner, w.img.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := w.launch(t, w.as("alice"), shGZ, w.img.ID); err != nil {
				t.Errorf("launch after enable: %v", err)
			}
			for _, action := range []string{"image.disable", "image.enable"} {
				if n := lcAudits(t, db, action, w.img.ID, models.OutcomeOK); n != 1 {
					t.Errorf("%s events = %d; want 1", action, n)
				}
			}
		})
	})
}

// lcCopyShared copies an image of the world's owner to Shanghai, to be
// shared with alice once ready (R12).
func lcCopyShared(t testing.TB, w *shWorld, images *models.ImageStore, id string) []models.Image {
	t.Helper()
	copies, err := images.Copy(t.Context(), w.owner, id, models.ImageCopy{
		Regions: []string{shSH}, ShareWith: w.idsOf("alice"), RiskAccepted: true})
	if err != nil || len(copies) != 1 {
		t.Fatalf("Copy = %v, %v", copies, err)
	}
	return copies
}

// lcWantCopyStopped checks a copy stopped because its source was disabled:
// failed with the reason, its share step failed with R21's code, unshared.
func lcWantCopyStopped(t testing.TB, db *models.DB, id string) {
	t.Helper()
	c := readImage(t, db, id)
	if c.State != models.ImageCreateFailed || c.FailureReason != "image.failed_source_disabled" {
		t.Errorf("copy = %s %q; want CREATEFAILED image.failed_source_disabled", c.State, c.FailureReason)
	}
	if p := shPendingOf(t, db, c.ID); p.State != models.PendingFailed || p.Error != lcDisabled {
		t.Errorf("pending share = %s %q; want failed %s", p.State, p.Error, lcDisabled)
	}
	if n := countRows(t, db, &models.Share{}, "image_id = ?", c.ID); n != 0 {
		t.Errorf("the copy has %d shares; want none", n)
	}
}

func TestR21DisabledStopsQueuedWork(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		t.Run("R21 a queued copy of a now-disabled image fails with the reason, and its share step too", func(t *testing.T) {
			w := shNewWorld(t, db)
			copies := lcCopyShared(t, w, w.images, w.img.ID)
			if err := w.images.Disable(t.Context(), w.owner, w.img.ID); err != nil {
				t.Fatal(err)
			}
			shStep(t, db)
			lcWantCopyStopped(t, db, copies[0].ID)
		})
		t.Run("R21 R12 a copy disabled before it is ready is not shared: its share step fails with the reason", func(t *testing.T) {
			w := shNewWorld(t, db)
			copies := lcCopyShared(t, w, w.images, w.img.ID)
			if err := w.images.Disable(t.Context(), w.owner, copies[0].ID); err != nil {
				t.Fatal(err)
			}
			shStep(t, db)
			if c := readImage(t, db, copies[0].ID); c.State != models.ImageNormal {
				t.Errorf("copy is %s; want NORMAL (disabled, not failed)", c.State)
			}
			if p := shPendingOf(t, db, copies[0].ID); p.State != models.PendingFailed || p.Error != lcDisabled {
				t.Errorf("pending share = %s %q; want failed %s", p.State, p.Error, lcDisabled)
			}
			if got := w.sharedTab(t, w.as("alice"), shSH); len(got) != 0 {
				t.Errorf("alice's shared tab = %v; want empty", shViewIDs(got))
			}
		})
	})
}

func TestR22DeletionProtection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		t.Run("R22 a recipient cannot protect the image", func(t *testing.T) {
			wantError(t, w.images.SetDeletionProtection(t.Context(), w.as("alice"), w.img.ID, true), lcNotYours, models.ErrInvalid)
			if v := lcView(t, w, w.as("alice"), w.img.ID); v.Can.Protect.OK() || v.Notice.Protected {
				t.Errorf("recipient: Protect %+v, Protected %v; want refused, not told", v.Can.Protect, v.Notice.Protected)
			}
		})
		if err := w.images.SetDeletionProtection(t.Context(), w.owner, w.img.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.shares.CancelAll(t.Context(), w.owner, w.img.ID); err != nil {
			t.Fatal(err)
		}
		t.Run("R22 a protected image cannot be deleted, and its verdict says so with the remedy", func(t *testing.T) {
			before := snapshot(t, db)
			wantError(t, w.images.Delete(t.Context(), w.owner, w.img.ID), lcProtected, models.ErrConflict)
			unchanged(t, db, before)
			v := lcView(t, w, w.owner, w.img.ID)
			if v.Can.Delete.OK() || v.Can.Delete.Refusal.Code != lcProtected || v.Can.Delete.Remedy != models.RemedyProtectionOff {
				t.Errorf("Delete verdict = %+v; want refused with %s and the remedy", v.Can.Delete, lcProtected)
			}
			if !v.Notice.Protected {
				t.Error("the owner is not told the image is protected")
			}
		})
		t.Run("R22 turned off, the image can be deleted", func(t *testing.T) {
			if err := w.images.SetDeletionProtection(t.Context(), w.owner, w.img.ID, false); err != nil {
				t.Fatal(err)
			}
			if v := lcView(t, w, w.owner, w.img.ID); !v.Can.Delete.OK() {
				t.Errorf("Delete verdict = %+v; want allowed", v.Can.Delete)
			}
			if err := w.images.Delete(t.Context(), w.owner, w.img.ID); err != nil {
				t.Errorf("Delete: %v", err)
			}
			for _, action := range []string{"image.protect", "image.unprotect"} {
				if n := lcAudits(t, db, action, w.img.ID, models.OutcomeOK); n != 1 {
					t.Errorf("%s events = %d; want 1", action, n)
				}
			}
		})
	})
}

// The capability table of the lifecycle (R21, R22): for every viewer and
// lifecycle (in use, deprecated, disabled, protected), each verdict agrees
// with what the store then does, refusal codes included.
func TestR21R22Capabilities(t *testing.T) {
	ops := append(capOperations(),
		capOperation{"R21 deprecate", func(c models.ImageCan) models.Verdict { return c.Deprecate },
			func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
				return w.s.Images.Deprecate(ctx, v, img.ID, models.Deprecation{})
			}},
		capOperation{"R21 cancel deprecation", func(c models.ImageCan) models.Verdict { return c.CancelDeprecation },
			func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
				return w.s.Images.CancelDeprecation(ctx, v, img.ID)
			}},
		capOperation{"R21 disable", func(c models.ImageCan) models.Verdict { return c.Disable },
			func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
				return w.s.Images.Disable(ctx, v, img.ID)
			}},
		capOperation{"R21 enable", func(c models.ImageCan) models.Verdict { return c.Enable },
			func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
				return w.s.Images.Enable(ctx, v, img.ID)
			}},
		capOperation{"R22 protect", func(c models.ImageCan) models.Verdict { return c.Protect },
			func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
				return w.s.Images.SetDeletionProtection(ctx, v, img.ID, true)
			}},
	)
	past := time.Now().Add(-time.Hour)
	lifecycles := map[string]models.ImageLifecycle{
		"in use":     {},
		"deprecated": {DeprecateAt: &past},
		"disabled":   {Disabled: true},
		"protected":  {DeletionProtection: true},
	}
	types := []string{models.PrivateImage, models.SharedImage, models.PublicImage}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := newCapWorld(t, db)
		for name, life := range lifecycles {
			for _, typ := range types {
				for _, op := range ops {
					t.Run(op.name+"/"+typ+"/"+name, func(t *testing.T) {
						w.t = t
						img, viewer := w.image(typ, models.ImageNormal, typ == models.SharedImage, false)
						err := db.Model(&models.Image{}).Where("id = ?", img.ID).Updates(map[string]any{
							"deprecate_at": life.DeprecateAt, "disabled": life.Disabled, "deletion_protection": life.DeletionProtection}).Error
						if err != nil {
							t.Fatal(err)
						}
						w.check(op, img, viewer, typ)
					})
				}
			}
		}
	})
}

// A copy that moves bytes (a transfer, not a simulated job) of an image
// disabled meanwhile fails for good with the reason, releases its hold on
// the source's bytes, and fails its copy-then-share step (R21, R12).
func TestR21DisabledStopsQueuedByteCopy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		st, _ := byteStores(t, db)
		allowLoopback(t, st)
		w := shNewWorld(t, db)
		disk := qcow2Bytes(t, 1<<30, "golden")
		golden := importFrom(t, st, w.owner, "golden-bytes", serveBytes(t, disk).URL+"/a")
		drainTransfers(t, st.Transfers)
		copies := lcCopyShared(t, w, st.Images, golden.ID)
		held := blobRow(t, db, golden.RegionID, sha(disk)).Refs
		if err := st.Images.Disable(t.Context(), w.owner, golden.ID); err != nil {
			t.Fatal(err)
		}
		drainTransfers(t, st.Transfers)
		lcWantCopyStopped(t, db, copies[0].ID)
		if got := blobRow(t, db, golden.RegionID, sha(disk)).Refs; got != held-1 {
			t.Errorf("source refs = %d; want %d (the copy's hold released)", got, held-1)
		}
	})
}
