package models_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// sorgWorld is admWorld with an organization: the owner in its root, alice
// in Engineering, bob in Platform (under Engineering), carol in none;
// Finance is empty.
type sorgWorld struct {
	*admWorld
	orgs               *models.OrgStore
	org                models.Organization
	eng, platform, fin models.OrgUnit
	other              models.Organization
	otherUnit          models.OrgUnit
}

func sorgNewWorld(t *testing.T, db *models.DB) *sorgWorld {
	t.Helper()
	admSeed(t, db)
	w := &sorgWorld{admWorld: admNewWorld(t, db), orgs: models.NewOrgStore(db)}
	ctx := admCtx(t)
	w.org = orgMust(w.orgs.CreateOrganization(ctx, w.root, "Acme"))(t)
	w.eng = orgMust(w.orgs.CreateUnit(ctx, w.root, w.org.ID, "", "Engineering"))(t)
	w.platform = orgMust(w.orgs.CreateUnit(ctx, w.root, w.org.ID, w.eng.ID, "Platform"))(t)
	w.fin = orgMust(w.orgs.CreateUnit(ctx, w.root, w.org.ID, "", "Finance"))(t)
	w.other = orgMust(w.orgs.CreateOrganization(ctx, w.root, "Other"))(t)
	w.otherUnit = orgMust(w.orgs.CreateUnit(ctx, w.root, w.other.ID, "", "Ops"))(t)
	w.place(t, w.owner, w.org.ID, "")
	w.place(t, w.alice, w.org.ID, w.eng.ID)
	w.place(t, w.bob, w.org.ID, w.platform.ID)
	return w
}

func (w *sorgWorld) place(t *testing.T, who models.Actor, orgID, unitID string) {
	t.Helper()
	orgOK(t, w.orgs.SetMembership(admCtx(t), w.root, who.AccountID, orgID, unitID))
}

// shareWith shares the world's image with targets as the owner.
func (w *sorgWorld) shareWith(t *testing.T, targets ...string) ([]models.Share, error) {
	t.Helper()
	return w.shares.Share(admCtx(t), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: targets, RiskAccepted: true})
}

// seen lists which of alice, bob and carol see the image.
func (w *sorgWorld) seen(t *testing.T) string {
	t.Helper()
	out := ""
	for _, who := range []struct {
		name  string
		actor models.Actor
	}{{"alice", w.alice}, {"bob", w.bob}, {"carol", w.carol}} {
		if w.sees(t, who.actor, w.img) {
			out += who.name + " "
		}
	}
	return out
}

func TestR25GroupShareVisibilityFollowsMembership(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		if _, err := w.shareWith(t, w.eng.ID); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name string
			do   func()
			want string
		}{
			{"R25 a unit share reaches the unit and the units below it", func() {}, "alice bob "},
			{"R25 joining a unit below sees it at once", func() { w.place(t, w.carol, w.org.ID, w.platform.ID) }, "alice bob carol "},
			{"R25 moving to another unit loses it at once", func() { w.place(t, w.bob, w.org.ID, w.fin.ID) }, "alice carol "},
			{"R25 moving the unit away loses it for its members", func() { orgOK(t, w.orgs.MoveUnit(ctx, w.root, w.platform.ID, w.fin.ID)) }, "alice "},
			{"R25 moving the unit back under it regains it", func() { orgOK(t, w.orgs.MoveUnit(ctx, w.root, w.platform.ID, w.eng.ID)) }, "alice carol "},
			{"R25 leaving the organization loses it at once", func() { w.place(t, w.alice, "", "") }, "carol "},
			{"R25 the organization root does not see a unit share", func() { w.place(t, w.alice, w.org.ID, "") }, "carol "},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				s.do()
				if got := w.seen(t); got != s.want {
					t.Errorf("seen by %q; want %q", got, s.want)
				}
			})
		}
		t.Run("R25 the owner is excepted: its image stays private, not shared", func(t *testing.T) {
			w.place(t, w.owner, w.org.ID, w.eng.ID)
			page, err := w.images.List(ctx, w.owner, models.ImageQuery{Region: w.img.RegionID, Tab: models.TabShared})
			if err != nil || page.Total != 0 {
				t.Errorf("the owner's shared tab holds %d (%v)", page.Total, err)
			}
			img, err := w.images.Get(ctx, w.owner, w.img.ID)
			if err != nil || img.Type != models.PrivateImage {
				t.Errorf("owner's view: %v %v", img.Type, err)
			}
			inv, err := w.shares.Invitations(ctx, w.owner, w.img.RegionID)
			if err != nil || len(inv) != 0 {
				t.Errorf("owner's invitations %v %v", inv, err)
			}
		})
		t.Run("R25 R4 only in the image's region", func(t *testing.T) {
			page, err := w.images.List(ctx, w.carol, models.ImageQuery{Region: "ap-shanghai", Tab: models.TabShared})
			if err != nil || page.Total != 0 {
				t.Errorf("carol's Shanghai shared tab: %d %v", page.Total, err)
			}
		})
		t.Run("R25 an organization share reaches every member, the owner excepted", func(t *testing.T) {
			if _, err := w.shareWith(t, w.org.ID); err != nil {
				t.Fatal(err)
			}
			w.place(t, w.bob, w.org.ID, "")
			if got := w.seen(t); got != "alice bob carol " {
				t.Errorf("seen by %q", got)
			}
		})
	})
}

func TestR25R1GroupTargetCountsAsOne(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		w.policy(t, models.PolicyImmediate, 3)
		check, err := w.shares.Check(ctx, w.owner, w.img.ID, []string{w.org.ID, w.eng.ID, w.carol.AccountID})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range check.Accounts {
			got = append(got, fmt.Sprintf("%s:%s:%d:%s", c.Kind, c.AccountName, c.Reach, c.Code))
		}
		want := []string{"organization:Acme:2:", "unit:Engineering:2:", "account:Carol SA:1:"}
		if !slices.Equal(got, want) || !check.OK() || check.Used != 0 {
			t.Fatalf("check %q (ok %v, used %d); want %q", got, check.OK(), check.Used, want)
		}
		if _, err := w.shareWith(t, w.org.ID, w.eng.ID, w.carol.AccountID); err != nil {
			t.Fatal(err)
		}
		check, err = w.shares.Check(ctx, w.owner, w.img.ID, []string{w.fin.ID})
		if err != nil || check.Used != 3 || !check.OverCap() {
			t.Fatalf("after three targets: used %d over %v (%v)", check.Used, check.OverCap(), err)
		}
		_, err = w.shareWith(t, w.fin.ID)
		wantError(t, err, "OverQuota", models.ErrInvalid)
		// Reach counts members now: Finance has none, the owner is never one.
		views, err := w.shares.Recipients(ctx, w.owner, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		var rows []string
		for _, v := range views {
			rows = append(rows, fmt.Sprintf("%s:%s:%d", v.TargetKind(), v.RecipientName, v.Reach))
		}
		slices.Sort(rows)
		if want := []string{"account:Carol SA:1", "organization:Acme:2", "unit:Engineering:2"}; !slices.Equal(rows, want) {
			t.Errorf("recipients %q; want %q", rows, want)
		}
		img, err := w.images.Get(ctx, w.owner, w.img.ID)
		if err != nil || img.LiveShares != 3 {
			t.Errorf("live shares on the owner's row = %d (%v); want 3", img.LiveShares, err)
		}
	})
}

func TestR25R14BadTargetsAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		for _, tc := range []struct {
			name, target, code string
		}{
			{"R25 another organization", w.other.ID, models.OrgCode},
			{"R25 a unit of another organization", w.otherUnit.ID, models.OrgCode},
			{"R25 a malformed unit id", "ou-NOPE", models.OrgCode},
			{"R25 an unknown organization", "org-zzzzzzzz", models.OrgCode},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := admState(t, db)
				_, err := w.shareWith(t, w.carol.AccountID, tc.target)
				wantError(t, err, tc.code, models.ErrInvalid)
				e, _ := models.AsError(err)
				if _, ok := e.Field(tc.target); !ok {
					t.Errorf("no message for %s: %+v", tc.target, e.Fields)
				}
				admUnchanged(t, db, before)
			})
		}
		t.Run("R25 an owner in no organization cannot share with one", func(t *testing.T) {
			w.place(t, w.owner, "", "")
			_, err := w.shareWith(t, w.eng.ID)
			wantError(t, err, models.OrgCode, models.ErrInvalid)
			w.place(t, w.owner, w.org.ID, "")
		})
		t.Run("R25 R14 one live share per target", func(t *testing.T) {
			if _, err := w.shareWith(t, w.eng.ID); err != nil {
				t.Fatal(err)
			}
			_, err := w.shareWith(t, w.eng.ID)
			wantError(t, err, "FailedOperation.AccountAlreadyExists", models.ErrInvalid)
		})
		_ = ctx
	})
}

func TestR25R15CancelGroupShare(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		if _, err := w.shareWith(t, w.eng.ID, w.carol.AccountID); err != nil {
			t.Fatal(err)
		}
		if got := w.seen(t); got != "alice bob carol " {
			t.Fatalf("seen by %q", got)
		}
		_, err := w.shares.Cancel(ctx, w.owner, w.img.ID, []string{w.fin.ID})
		wantError(t, err, "InvalidAccountId.NotFound", models.ErrInvalid)
		n, err := w.shares.Cancel(ctx, w.owner, w.img.ID, []string{w.eng.ID})
		if err != nil || n != 1 {
			t.Fatalf("cancel = %d, %v", n, err)
		}
		if got := w.seen(t); got != "carol " {
			t.Errorf("after cancel seen by %q", got)
		}
		// Each member reached was told once, of the start and of the end.
		for _, who := range []models.Actor{w.alice, w.bob} {
			notes := admNotes(t, db, who)
			want := []string{admNote(models.NoteShareReceived, w.img.ID, w.owner.AccountID, ""),
				admNote(models.NoteShareEnded, w.img.ID, w.owner.AccountID, "")}
			if !slices.Equal(notes, want) {
				t.Errorf("notes of %s = %q; want %q", who.AccountID, notes, want)
			}
		}
		if notes := admNotes(t, db, w.owner); len(notes) != 0 {
			t.Errorf("the owner was notified: %q", notes)
		}
		// The owner may share with the unit again.
		if _, err := w.shareWith(t, w.eng.ID); err != nil {
			t.Errorf("share again: %v", err)
		}
	})
}

func TestR25DirectShareKeptAfterLeavingUnit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		if _, err := w.shareWith(t, w.platform.ID, w.bob.AccountID); err != nil {
			t.Fatal(err)
		}
		w.place(t, w.bob, "", "")
		if !w.sees(t, w.bob, w.img) {
			t.Error("R25 bob lost the image shared with him directly when he left the unit")
		}
		if _, err := w.shares.Cancel(admCtx(t), w.owner, w.img.ID, []string{w.bob.AccountID}); err != nil {
			t.Fatal(err)
		}
		if w.sees(t, w.bob, w.img) {
			t.Error("bob still sees it with neither share")
		}
	})
}

func TestR25ShareVersusMoveConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		wg.Add(3)
		go func() {
			defer wg.Done()
			_, err := w.shareWith(t, w.eng.ID)
			errs <- err
		}()
		go func() {
			defer wg.Done()
			for _, u := range []string{w.fin.ID, w.platform.ID, w.fin.ID} {
				errs <- w.orgs.SetMembership(ctx, w.root, w.bob.AccountID, w.org.ID, u)
			}
		}()
		go func() {
			defer wg.Done()
			errs <- w.orgs.MoveUnit(ctx, w.root, w.platform.ID, w.fin.ID)
			errs <- w.orgs.MoveUnit(ctx, w.root, w.fin.ID, w.eng.ID)
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		// Final tree: Engineering > Finance > Platform; bob in Finance:
		// under Engineering, so he sees the unit share, as does alice.
		if got := w.seen(t); got != "alice bob " {
			t.Errorf("seen by %q; want alice and bob", got)
		}
		m, err := w.orgs.MembershipOf(ctx, w.bob.AccountID)
		if err != nil || m == nil || fmt.Sprint(m.UnitPath) != "[Engineering Finance]" {
			t.Errorf("bob at %+v (%v)", m, err)
		}
	})
}

func TestR25R17R20ReviewRevokeExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		w.policy(t, models.PolicyReview, 50)
		out, err := w.shareWith(t, w.eng.ID)
		if err != nil || len(out) != 1 || out[0].Status != models.SharePending {
			t.Fatalf("share under review: %+v %v", out, err)
		}
		if got := w.seen(t); got != "" {
			t.Fatalf("R17 a pending group share is seen by %q", got)
		}
		if _, err := w.admin.Approve(ctx, w.root, []int64{out[0].ID}); err != nil {
			t.Fatal(err)
		}
		if got := w.seen(t); got != "alice bob " {
			t.Fatalf("R17 after approval seen by %q", got)
		}
		if notes := admNotes(t, db, w.owner); !slices.Contains(notes, admNote(models.NoteShareApproved, w.img.ID, w.eng.ID, "")) {
			t.Errorf("owner's notes %q", notes)
		}
		if _, err := w.admin.Revoke(ctx, w.root, []int64{out[0].ID}, "policy"); err != nil {
			t.Fatal(err)
		}
		if got := w.seen(t); got != "" {
			t.Fatalf("R15 after revoke seen by %q", got)
		}
		w.policy(t, models.PolicyImmediate, 50)
		out, err = w.shareWith(t, w.eng.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&models.Share{}).Where("id = ?", out[0].ID).Update("expires_at", time.Now().UTC().Add(-time.Minute)).Error; err != nil {
			t.Fatal(err)
		}
		if n, err := models.NewJobQueue(db, 0).ExpireShares(ctx); err != nil || n != 1 {
			t.Fatalf("ExpireShares = %d, %v", n, err)
		}
		if got := w.seen(t); got != "" {
			t.Errorf("R20 after expiry seen by %q", got)
		}
		if notes := admNotes(t, db, w.bob); !slices.Contains(notes, admNote(models.NoteShareExpired, w.img.ID, w.owner.AccountID, "")) {
			t.Errorf("bob's notes %q", notes)
		}
	})
}

func TestR25R18R19ConsentAndLeavePerMember(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		shSetting(t, db, "share_acceptance", models.AcceptanceRequired)
		out, err := w.shareWith(t, w.eng.ID)
		if err != nil || out[0].Status != models.ShareOffered {
			t.Fatalf("share: %+v %v", out, err)
		}
		invited := func(who models.Actor) bool {
			inv, err := w.shares.Invitations(ctx, who, w.img.RegionID)
			if err != nil {
				t.Fatal(err)
			}
			return len(inv) == 1 && inv[0].ImageID == w.img.ID
		}
		if !invited(w.alice) || !invited(w.bob) || invited(w.carol) || w.seen(t) != "" {
			t.Fatalf("R19 offered to each member: alice %v bob %v carol %v seen %q",
				invited(w.alice), invited(w.bob), invited(w.carol), w.seen(t))
		}
		orgOK(t, w.shares.Accept(ctx, w.bob, w.img.ID))
		if got := w.seen(t); got != "bob " || invited(w.bob) || !invited(w.alice) {
			t.Fatalf("R19 bob's accept is bob's: seen %q", got)
		}
		orgOK(t, w.shares.Decline(ctx, w.alice, w.img.ID, "not needed"))
		if invited(w.alice) || w.seen(t) != "bob " {
			t.Fatalf("R19 alice declined: invited %v seen %q", invited(w.alice), w.seen(t))
		}
		// Declined, the image does not exist for alice any more.
		wantError(t, w.shares.Accept(ctx, w.alice, w.img.ID), "InvalidImageId.NotFound", models.ErrNotFound)
		// A member joining later is offered it too.
		w.place(t, w.carol, w.org.ID, w.platform.ID)
		if !invited(w.carol) {
			t.Error("R19 R25 carol, joining, is not offered the share")
		}
		shSetting(t, db, "share_acceptance", models.AcceptanceAutomatic)
		// R18: bob leaves: hidden for bob alone; the share still counts.
		orgOK(t, w.shares.Leave(ctx, w.bob, w.img.ID))
		if w.sees(t, w.bob, w.img) {
			t.Error("R18 bob still sees the image he left")
		}
		views, err := w.shares.Recipients(ctx, w.owner, w.img.ID)
		if err != nil || len(views) != 1 || views[0].Status != models.ShareOffered {
			t.Errorf("R18 the group share itself is untouched: %+v %v", views, err)
		}
		err = w.shares.Leave(ctx, w.bob, w.img.ID)
		if !errors.Is(err, models.ErrNotFound) {
			t.Errorf("leaving twice: %v", err)
		}
	})
}

func TestR25LeaveActiveGroupShare(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		if _, err := w.shareWith(t, w.eng.ID); err != nil {
			t.Fatal(err)
		}
		orgOK(t, w.shares.Leave(ctx, w.alice, w.img.ID))
		if got := w.seen(t); got != "bob " {
			t.Errorf("R18 after alice left seen by %q", got)
		}
		if notes := admNotes(t, db, w.owner); !slices.Contains(notes, admNote(models.NoteShareLeft, w.img.ID, w.alice.AccountID, "")) {
			t.Errorf("owner's notes %q", notes)
		}
		check, err := w.shares.Check(ctx, w.owner, w.img.ID, []string{w.carol.AccountID})
		if err != nil || check.Used != 1 {
			t.Errorf("R18 R25 the group share still counts once: used %d (%v)", check.Used, err)
		}
	})
}

func TestR25DeleteRefusedWhileShared(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		if _, err := w.shareWith(t, w.fin.ID); err != nil {
			t.Fatal(err)
		}
		orgRefused(t, w.orgs.DeleteUnit(ctx, w.root, w.fin.ID), models.OrgCode, "unit")
		if _, err := w.shares.Cancel(ctx, w.owner, w.img.ID, []string{w.fin.ID}); err != nil {
			t.Fatal(err)
		}
		orgOK(t, w.orgs.DeleteUnit(ctx, w.root, w.fin.ID))
	})
}

func TestR25R1ConcurrentDuplicateGroupShare(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = w.shareWith(t, w.eng.ID)
			}()
		}
		wg.Wait()
		okCount := 0
		for _, err := range errs {
			if err == nil {
				okCount++
				continue
			}
			if e, isDomain := models.AsError(err); !isDomain || e.Code != "FailedOperation.AccountAlreadyExists" {
				t.Errorf("a concurrent duplicate failed with %v", err)
			}
		}
		if okCount != 1 {
			t.Errorf("%d concurrent shares with one unit succeeded; want 1", okCount)
		}
	})
}

func TestR25ShareTargetsReach(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		w.place(t, w.carol, w.org.ID, w.platform.ID)
		orgOK(t, w.admin.SetAccountStatus(ctx, w.root, w.carol.AccountID, models.AccountDisabled))
		targets, err := w.orgs.ShareTargets(ctx, w.owner)
		orgOK(t, err)
		var got []string
		for _, tg := range targets {
			got = append(got, fmt.Sprintf("%d:%s:%s:%d", tg.Depth, tg.Kind, tg.Name, tg.Reach))
		}
		// The owner and disabled carol are reached by nothing: alice and bob.
		want := []string{"0:organization:Acme:2", "1:unit:Engineering:2", "2:unit:Platform:1", "1:unit:Finance:0"}
		if !slices.Equal(got, want) {
			t.Errorf("targets %q; want %q", got, want)
		}
		check, err := w.shares.Check(ctx, w.owner, w.img.ID, []string{w.org.ID, w.platform.ID})
		if err != nil || check.Accounts[0].Reach != 2 || check.Accounts[1].Reach != 1 {
			t.Errorf("the check's reach disagrees: %+v %v", check.Accounts, err)
		}
		if none, err := w.orgs.ShareTargets(ctx, w.carol); err != nil || len(none) == 0 {
			t.Errorf("carol (disabled, still placed) has targets %v %v", none, err)
		}
		if none, err := w.orgs.ShareTargets(ctx, w.root); err != nil || none != nil {
			t.Errorf("the admin, in no organization, has targets %v %v", none, err)
		}
	})
}

// The admin's share list says what each share names and whom it reaches now
// (issue 16: the Shares page shows target type and reach).
func TestR25AdminShareListTargetAndReach(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		if _, err := w.shareWith(t, w.eng.ID, w.carol.AccountID); err != nil {
			t.Fatal(err)
		}
		list := func() map[string]string {
			page, err := w.admin.ListShares(ctx, w.root, models.ShareFilter{Image: w.img.ID})
			orgOK(t, err)
			got := map[string]string{}
			for _, s := range page.Shares {
				got[s.RecipientAccountID] = fmt.Sprintf("%s:%s:%d", s.TargetKind(), s.RecipientName, s.Reach)
			}
			return got
		}
		got := list()
		// Engineering reaches alice and bob (Platform is under it).
		if got[w.eng.ID] != "unit:Engineering:2" || !strings.HasPrefix(got[w.carol.AccountID], models.TargetAccount+":") ||
			!strings.HasSuffix(got[w.carol.AccountID], ":1") {
			t.Fatalf("admin list %v", got)
		}
		w.place(t, w.bob, w.org.ID, w.fin.ID)
		if got := list(); got[w.eng.ID] != "unit:Engineering:1" {
			t.Errorf("after bob moved to Finance, Engineering reaches %q; want 1", got[w.eng.ID])
		}
	})
}

// Bulk sharing (R26) takes units as a single share does (R25): the typed
// ou- id reaches the unit's members for every image, each image counting the
// unit once; and a unit one image already has refuses the whole request.
func TestR26BulkShareWithUnit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		second := w.addImage(t, w.owner, w.img.RegionID, "second")
		third := w.addImage(t, w.owner, w.img.RegionID, "third")
		if _, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: third.ID, AccountIDs: []string{w.platform.ID}, RiskAccepted: true}); err != nil {
			t.Fatal(err)
		}
		all := models.BulkShareRequest{ImageIDs: []string{w.img.ID, second.ID, third.ID},
			Share: models.ShareRequest{AccountIDs: []string{w.platform.ID}, RiskAccepted: true}}
		_, err := w.shares.ShareMany(ctx, w.owner, all)
		be, ok := models.AsBulkShareError(err)
		if !ok || len(be.Check.Refused()) != 1 || be.Check.Refused()[0].ImageID != third.ID {
			t.Fatalf("bulk share with a unit third already has: %v; want only the third refused", err)
		}
		if w.sees(t, w.bob, w.img) || w.sees(t, w.bob, second) {
			t.Fatal("a refused bulk share wrote shares")
		}
		all.ImageIDs = all.ImageIDs[:2]
		res, err := w.shares.ShareMany(ctx, w.owner, all)
		if err != nil || res.Targets() != 1 {
			t.Fatalf("bulk share with Platform: %+v %v", res, err)
		}
		for _, img := range []models.Image{w.img, second} {
			if !w.sees(t, w.bob, img) || w.sees(t, w.alice, img) {
				t.Errorf("%s: bob (in Platform) must see it and alice (above it) must not", img.Name)
			}
		}
	})
}
