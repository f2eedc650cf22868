package models_test

import (
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

const lcNotOffered = "FailedOperation.ShareNotOffered"

// lcInvited returns the image ids offered to an account in the world's region.
func (w *shWorld) invited(t testing.TB, name string) []string {
	t.Helper()
	list, err := w.shares.Invitations(t.Context(), w.as(name), shGZ)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, inv := range list {
		if !inv.Can.Accept.OK() || !inv.Can.Decline.OK() {
			t.Errorf("invitation %s: accept/decline not offered", inv.ImageID)
		}
		out = append(out, inv.ImageID)
	}
	return out
}

func TestShareConsentRequired(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shSetting(t, db, "share_acceptance", models.AcceptanceRequired)
		shCap(t, db, "2")
		w := shNewWorld(t, db)
		w.share(t, "alice", "bob")
		t.Run("R19 a new share is offered, not active", func(t *testing.T) {
			if got := shStatuses(t, db, w.img.ID, w.id("alice")); len(got) != 1 || got[0] != models.ShareOffered {
				t.Errorf("alice's shares = %v; want [offered]", got)
			}
		})
		t.Run("R19 R1 offered shares count toward N", func(t *testing.T) {
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("carol"), RiskAccepted: true})
			wantError(t, err, "OverQuota", models.ErrInvalid)
		})
		t.Run("R19 the recipient does not see an offered image, only its invitation", func(t *testing.T) {
			if got := w.sharedTab(t, w.as("alice"), shGZ); len(got) != 0 {
				t.Errorf("shared tab = %v; want empty", shViewIDs(got))
			}
			if got := w.invited(t, "alice"); len(got) != 1 || got[0] != w.img.ID {
				t.Errorf("invitations = %v; want the image", got)
			}
			if n := lcNotes(t, db, w.id("alice"), models.NoteShareOffered, w.img.ID); n != 1 {
				t.Errorf("alice's offer notifications = %d; want 1", n)
			}
			list, _ := w.shares.Invitations(t.Context(), w.as("alice"), shGZ)
			if list[0].OwnerAccountID != w.owner.AccountID || list[0].OwnerName != "Owner Co" {
				t.Errorf("invitation owner = %s %q; want the owner's account and name (R8)", list[0].OwnerAccountID, list[0].OwnerName)
			}
		})
		t.Run("R19 invitations are per region", func(t *testing.T) {
			list, err := w.shares.Invitations(t.Context(), w.as("alice"), shSH)
			if err != nil || len(list) != 0 {
				t.Errorf("invitations in Shanghai = %v, %v; want none", list, err)
			}
		})
		t.Run("R19 the recipient accepts: active, visible, owner told", func(t *testing.T) {
			if err := w.shares.Accept(t.Context(), w.as("alice"), w.img.ID); err != nil {
				t.Fatal(err)
			}
			if got := w.sharedTab(t, w.as("alice"), shGZ); len(got) != 1 {
				t.Errorf("shared tab = %v; want the image", shViewIDs(got))
			}
			if n := lcNotes(t, db, w.owner.AccountID, models.NoteShareAccepted, w.img.ID); n != 1 {
				t.Errorf("owner's accepted notifications = %d; want 1", n)
			}
			if n := lcAudits(t, db, "share.accept", w.img.ID, models.OutcomeOK); n != 1 {
				t.Errorf("share.accept events = %d; want 1", n)
			}
		})
		t.Run("R19 accepting twice is refused", func(t *testing.T) {
			err := w.shares.Accept(t.Context(), w.as("alice"), w.img.ID)
			wantError(t, err, lcNotOffered, models.ErrInvalid)
		})
		t.Run("R19 a too long reason changes nothing", func(t *testing.T) {
			err := w.shares.Decline(t.Context(), w.as("bob"), w.img.ID, strings.Repeat("x", 501))
			wantError(t, err, "InvalidParameterValue.TooLarge", models.ErrInvalid)
			if got := shStatuses(t, db, w.img.ID, w.id("bob")); got[0] != models.ShareOffered {
				t.Errorf("bob's share = %v; want still offered", got)
			}
		})
		t.Run("R19 the recipient declines with a reason the owner sees", func(t *testing.T) {
			if err := w.shares.Decline(t.Context(), w.as("bob"), w.img.ID, "  not needed  "); err != nil {
				t.Fatal(err)
			}
			sh := lcShare(t, db, w.img.ID, w.id("bob"))
			if sh.Status != models.ShareDeclined || sh.Reason != "not needed" {
				t.Errorf("bob's share = %s %q; want declined, \"not needed\"", sh.Status, sh.Reason)
			}
			var note models.Notification
			db.Where("account_id = ? AND kind = ?", w.owner.AccountID, models.NoteShareDeclined).Take(&note)
			if note.Reason != "not needed" || note.OtherAccountID != w.id("bob") {
				t.Errorf("owner's notification = %+v; want bob's reason", note)
			}
			views, err := w.shares.ForImage(t.Context(), w.owner, w.img.ID)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, v := range views {
				found = found || (v.Status == models.ShareDeclined && v.Reason == "not needed")
			}
			if !found {
				t.Error("the owner's history lacks the decline and its reason")
			}
		})
		t.Run("R19 R1 a declined share frees its slot", func(t *testing.T) {
			w.share(t, "carol")
		})
		t.Run("R19 an account that was offered nothing cannot answer", func(t *testing.T) {
			wantError(t, w.shares.Decline(t.Context(), w.owner, w.img.ID, ""), lcNotOffered, models.ErrInvalid)
			wantError(t, w.shares.Accept(t.Context(), w.as("alice"), w.img.ID), lcNotOffered, models.ErrInvalid)
		})
		t.Run("R19 an image the account may not see is not found, not refused", func(t *testing.T) {
			wantError(t, w.shares.Accept(t.Context(), w.as("bob"), "img-nothing1"), shNotFound, models.ErrNotFound)
			wantError(t, w.shares.Decline(t.Context(), w.as("bob"), w.img.ID, ""), shNotFound, models.ErrNotFound)
		})
		t.Run("R19 R15 cancelling an offer withdraws the invitation", func(t *testing.T) {
			if _, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, w.idsOf("carol")); err != nil {
				t.Fatal(err)
			}
			if got := w.invited(t, "carol"); len(got) != 0 {
				t.Errorf("carol's invitations = %v; want none", got)
			}
			if n := lcNotes(t, db, w.id("carol"), models.NoteShareEnded, w.img.ID); n != 1 {
				t.Errorf("carol's ended notifications = %d; want 1", n)
			}
		})
	})
}

func TestShareConsentSwitch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		shSetting(t, db, "share_acceptance", models.AcceptanceRequired)
		w.share(t, "bob")
		t.Run("R19 switching to required never changes active shares", func(t *testing.T) {
			if got := shStatuses(t, db, w.img.ID, w.id("alice")); got[0] != models.ShareActive {
				t.Errorf("alice's share = %v; want active", got)
			}
		})
		shSetting(t, db, "share_acceptance", models.AcceptanceAutomatic)
		t.Run("R19 switching back leaves offers waiting for their answer", func(t *testing.T) {
			if got := shStatuses(t, db, w.img.ID, w.id("bob")); got[0] != models.ShareOffered {
				t.Errorf("bob's share = %v; want offered", got)
			}
			w.share(t, "carol")
			if got := shStatuses(t, db, w.img.ID, w.id("carol")); got[0] != models.ShareActive {
				t.Errorf("carol's share = %v; want active (automatic again)", got)
			}
		})
	})
}

func TestShareConsentAfterReview(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shSetting(t, db, "share_policy", models.PolicyReview)
		shSetting(t, db, "share_acceptance", models.AcceptanceRequired)
		w := shNewWorld(t, db)
		shares := w.share(t, "alice")
		if shares[0].Status != models.SharePending {
			t.Fatalf("status = %s; want pending first", shares[0].Status)
		}
		t.Run("R19 R17 nothing is offered before an admin approves", func(t *testing.T) {
			if got := w.invited(t, "alice"); len(got) != 0 {
				t.Errorf("invitations = %v; want none yet", got)
			}
		})
		adminActor, _ := shUser(t, db, "Platform")
		adminActor.Admin = true
		if _, err := models.NewAdminStore(db).Approve(t.Context(), adminActor, []int64{shares[0].ID}); err != nil {
			t.Fatal(err)
		}
		t.Run("R19 R17 once approved the share is offered, not active", func(t *testing.T) {
			if got := shStatuses(t, db, w.img.ID, w.id("alice")); got[0] != models.ShareOffered {
				t.Errorf("alice's share = %v; want offered", got)
			}
			if got := w.invited(t, "alice"); len(got) != 1 {
				t.Errorf("invitations = %v; want the image", got)
			}
			if n := lcNotes(t, db, w.id("alice"), models.NoteShareOffered, w.img.ID); n != 1 {
				t.Errorf("offer notifications = %d; want 1", n)
			}
			if n := lcNotes(t, db, w.id("alice"), models.NoteShareReceived, w.img.ID); n != 0 {
				t.Errorf("received notifications = %d; want 0 until accepted", n)
			}
		})
	})
}
