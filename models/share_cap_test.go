package models_test

import (
	"fmt"
	"slices"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestShareCap(t *testing.T) {
	tests := []struct {
		name     string
		capN     string // the share_cap setting; none when empty
		setup    func(t *testing.T, w *shWorld)
		add      int // fresh accounts in the request
		wantCode string
		wantLive int64
	}{
		{name: "R1 with cap 3, a pending and an active share leave room for one more", capN: "3",
			setup: func(t *testing.T, w *shWorld) {
				w.addShare(t, "alice", models.SharePending)
				w.addShare(t, "bob", models.ShareActive)
			},
			add: 1, wantLive: 3},
		{name: "R1 with cap 3, a pending and an active share refuse two more, saving neither", capN: "3",
			setup: func(t *testing.T, w *shWorld) {
				w.addShare(t, "alice", models.SharePending)
				w.addShare(t, "bob", models.ShareActive)
			},
			add: 2, wantCode: shOverQuota, wantLive: 2},
		{name: "R1 with cap 3, three pending shares fill the image", capN: "3",
			setup: func(t *testing.T, w *shWorld) {
				for _, n := range []string{"alice", "bob", "carol"} {
					w.addShare(t, n, models.SharePending)
				}
			}, add: 1, wantCode: shOverQuota, wantLive: 3},
		{name: "R1 with cap 3, cancelled, revoked and rejected shares do not count", capN: "3",
			setup: func(t *testing.T, w *shWorld) {
				w.addShare(t, "alice", models.ShareCancelled)
				w.addShare(t, "alice", models.ShareRevoked)
				w.addShare(t, "bob", models.ShareRejected)
				w.addShare(t, "carol", models.ShareCancelled)
			}, add: 3, wantLive: 3},
		{name: "R1 with cap 3, one request of four accounts is refused whole", capN: "3", add: 4, wantCode: shOverQuota, wantLive: 0},
		{name: "R1 with cap 1, the minimum, one account fits", capN: "1", add: 1, wantLive: 1},
		{name: "R1 with cap 1, the minimum, two accounts do not", capN: "1", add: 2, wantCode: shOverQuota, wantLive: 0},
		{name: "R1 shares of another image do not count", capN: "2",
			setup: func(t *testing.T, w *shWorld) {
				other := addImage(t, w.db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ})
				for _, n := range []string{"alice", "bob", "carol"} {
					addShare(t, w.db, other.ID, w.id(n), models.ShareActive)
				}
			}, add: 2, wantLive: 2},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				shCap(t, db, tt.capN)
				w := shNewWorld(t, db)
				if tt.setup != nil {
					tt.setup(t, w)
				}
				var ids []string
				for i := range tt.add {
					ids = append(ids, shAccount(t, db, fmt.Sprintf("Fresh %d", i), models.AccountActive))
				}
				used := shLive(t, db, w.img.ID)
				before := snapshot(t, db)
				out, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: ids, RiskAccepted: true})
				if tt.wantCode == "" {
					if err != nil || len(out) != tt.add {
						t.Fatalf("Share = %d shares, %v; want %d", len(out), err, tt.add)
					}
				} else {
					e := wantError(t, err, tt.wantCode, models.ErrInvalid)
					field, onAccounts := e.Field("accounts")
					if len(e.Fields) != 1 || !onAccounts || field.Key != "share.over_cap" || e.Msg.Key != "share.over_cap" ||
						len(e.Msg.Args) != 3 || fmt.Sprint(e.Msg.Args[0]) != tt.capN || fmt.Sprint(e.Msg.Args[1]) != fmt.Sprint(used) {
						t.Errorf("refusal = %+v; want share.over_cap naming cap %s and %d used, on the accounts field only", e, tt.capN, used)
					}
					unchanged(t, db, before)
				}
				if got := shLive(t, db, w.img.ID); got != tt.wantLive {
					t.Errorf("%d live shares; want %d", got, tt.wantLive)
				}
			})
		}
	})
}

func TestShareDefaultCap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		fresh := func(n int) []string {
			ids := make([]string, n)
			for i := range ids {
				ids[i] = shAccount(t, db, fmt.Sprintf("Recipient %d", i), models.AccountActive)
			}
			return ids
		}
		t.Run("R1 the default cap of 50: 50 accounts in one request are shared, the 51st is OverQuota", func(t *testing.T) {
			w := shNewWorld(t, db)
			out, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: fresh(50), RiskAccepted: true})
			if err != nil || len(out) != 50 {
				t.Fatalf("Share with 50 = %d shares, %v; want 50", len(out), err)
			}
			last := fresh(1)
			check, err := w.shares.Check(t.Context(), w.owner, w.img.ID, last)
			if err != nil || check.Used != 50 || check.Cap != models.DefaultShareCap || check.Adding() != 0 || check.OK() ||
				check.Accounts[0].Code != shOverQuota {
				t.Errorf("Check = %+v, %v; want 50 of 50 used, the account past the cap, and not OK", check, err)
			}
			before := snapshot(t, db)
			_, err = w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: last, RiskAccepted: true})
			wantError(t, err, shOverQuota, models.ErrInvalid)
			unchanged(t, db, before)
			if n := shLive(t, db, w.img.ID); n != 50 {
				t.Errorf("%d live shares; want 50", n)
			}
		})
		t.Run("R1 the default cap of 50: one request of 51 accounts is refused whole", func(t *testing.T) {
			w := shNewWorld(t, db)
			before := snapshot(t, db)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: fresh(51), RiskAccepted: true})
			wantError(t, err, shOverQuota, models.ErrInvalid)
			unchanged(t, db, before)
		})
		t.Run("R1 the check of 51 accounts: the first 50 are ready, the 51st is past the cap", func(t *testing.T) {
			w := shNewWorld(t, db)
			ids := append([]string{"42"}, fresh(51)...) // a malformed ID takes no room
			check, err := w.shares.Check(t.Context(), w.owner, w.img.ID, ids)
			if err != nil {
				t.Fatal(err)
			}
			for i, a := range check.Accounts {
				want := ""
				switch {
				case i == 0:
					want = "InvalidAccountId.NotFound"
				case i == 51:
					want = shOverQuota
				}
				if a.Code != want {
					t.Errorf("account %d (%s): code %q, want %q", i, a.AccountID, a.Code, want)
				}
			}
			if last := check.Accounts[51]; last.Msg.Key != "share.account_over_cap" {
				t.Errorf("the 51st account's message is %q, want share.account_over_cap", last.Msg.Key)
			}
			if check.Adding() != 50 || check.OK() {
				t.Errorf("Adding = %d, OK = %v; want 50 and not OK", check.Adding(), check.OK())
			}
		})
	})
}

func TestShareCapLowered(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		var five []string
		for i := range 5 {
			five = append(five, shAccount(t, db, fmt.Sprintf("Early %d", i), models.AccountActive))
		}
		if _, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: five, RiskAccepted: true}); err != nil {
			t.Fatal(err)
		}
		shSetting(t, db, "share_cap", "3")
		steps := []struct {
			name     string
			cancel   int // shares the owner cancels first
			wantCode string
			wantUsed int
		}{
			{"R1 a cap lowered below the current count blocks new shares and removes none", 0, shOverQuota, 5},
			{"R1 still over the lowered cap after one cancel, new shares stay blocked", 1, shOverQuota, 4},
			{"R1 back under the lowered cap, a share is accepted again", 2, "", 2},
		}
		cancelled := 0
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if st.cancel > 0 {
					if n, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, five[cancelled:cancelled+st.cancel]); err != nil || n != st.cancel {
						t.Fatalf("Cancel = %d, %v; want %d", n, err, st.cancel)
					}
					cancelled += st.cancel
				}
				check, err := w.shares.Check(t.Context(), w.owner, w.img.ID, w.idsOf("alice"))
				if err != nil || check.Used != st.wantUsed || check.Cap != 3 {
					t.Fatalf("Check = used %d cap %d, %v; want used %d cap 3", check.Used, check.Cap, err, st.wantUsed)
				}
				for _, id := range five[cancelled:] {
					if got := shStatuses(t, db, w.img.ID, id); !slices.Equal(got, []string{models.ShareActive}) {
						t.Errorf("share with %s = %v; want it still active", id, got)
					}
				}
				before := snapshot(t, db)
				_, err = w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("alice"), RiskAccepted: true})
				if st.wantCode == "" {
					if err != nil {
						t.Fatalf("Share: %v", err)
					}
					return
				}
				wantError(t, err, st.wantCode, models.ErrInvalid)
				unchanged(t, db, before)
			})
		}
	})
}

func TestShareReviewPolicy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shSetting(t, db, "share_policy", "review")
		shSetting(t, db, "share_cap", "2")
		w := shNewWorld(t, db)
		out := w.share(t, "alice")
		if len(out) != 1 || out[0].Status != models.SharePending {
			t.Fatalf("Share under review = %+v; want one pending share", out)
		}
		if got := shStatuses(t, db, w.img.ID, w.id("alice")); !slices.Equal(got, []string{models.SharePending}) {
			t.Errorf("stored shares = %v; want [pending]", got)
		}
		alice := w.as("alice")
		t.Run("R17 a pending share is not in the recipient's shared tab", func(t *testing.T) {
			if got := w.sharedTab(t, alice, shGZ); len(got) != 0 {
				t.Errorf("shared tab = %v; want empty", shViewIDs(got))
			}
		})
		t.Run("R17 a pending share does not exist for the recipient's Get", func(t *testing.T) {
			_, err := w.images.Get(t.Context(), alice, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R17 a pending share cannot be launched from", func(t *testing.T) {
			_, err := w.launch(t, alice, shGZ, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R17 a pending share counts toward the cap", func(t *testing.T) {
			check, err := w.shares.Check(t.Context(), w.owner, w.img.ID, w.idsOf("bob"))
			if err != nil || check.Used != 1 || check.Cap != 2 {
				t.Fatalf("Check = used %d cap %d, %v; want 1 of 2", check.Used, check.Cap, err)
			}
			w.share(t, "bob")
			before := snapshot(t, db)
			_, err = w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("carol"), RiskAccepted: true})
			wantError(t, err, shOverQuota, models.ErrInvalid)
			unchanged(t, db, before)
		})
		t.Run("R17 an account with a pending share cannot be added again", func(t *testing.T) {
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("alice"), RiskAccepted: true})
			shWantFields(t, w, wantError(t, err, shAlready, models.ErrInvalid), []shField{{"alice", "share.account_already"}})
		})
	})
}
