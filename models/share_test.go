package models_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

const (
	shNotFound    = "InvalidImageId.NotFound"
	shNotYours    = "UnauthorizedOperation.ImageNotBelongToAccount"
	shBadAccount  = "InvalidAccountId.NotFound"
	shYourself    = "FailedOperation.AccountIsYourSelf"
	shAlready     = "FailedOperation.AccountAlreadyExists"
	shBadState    = "InvalidParameterValue.InvalidImageState"
	shMissing     = "MissingParameter"
	shOverQuota   = "OverQuota"
	shInShared    = "InvalidImageId.InShared"
	shNoModify    = "UnsupportedOperation.SharedImageModifyUnsupported"
	shNoDeleteYet = "InvalidParameterValue.InvalidImageIdIsShared"
)

func TestShareParseAccountIDs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"R14 one id", "100012345678", []string{"100012345678"}},
		{"R14 ids separated by spaces", "1000000001  1000000002 1000000003", []string{"1000000001", "1000000002", "1000000003"}},
		{"R14 ids separated by commas, empty items skipped", "1000000001,1000000002,,1000000003,", []string{"1000000001", "1000000002", "1000000003"}},
		{"R14 ids separated by semicolons", "1000000001;1000000002;1000000003", []string{"1000000001", "1000000002", "1000000003"}},
		{"R14 ids on new lines, LF and CRLF", "1000000001\n1000000002\r\n1000000003\n", []string{"1000000001", "1000000002", "1000000003"}},
		{"R14 mixed separators and tabs", " 1000000001 ;, 1000000002\t\n;1000000003 ; ", []string{"1000000001", "1000000002", "1000000003"}},
		{"R14 duplicates removed, order of first appearance kept", "1000000003 1000000001,1000000003;1000000002\n1000000001",
			[]string{"1000000003", "1000000001", "1000000002"}},
		{"R14 malformed items are kept for the check to refuse", "abc 12 1000000001", []string{"abc", "12", "1000000001"}},
		{"R14 an empty paste gives no ids", "", nil},
		{"R14 separators alone give no ids", " ,;\n\r\t ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := models.ParseAccountIDs(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("ParseAccountIDs(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestShareRefusals(t *testing.T) {
	// image returns the image a row shares (the world's image when nil).
	imageOf := func(state string, owner string) func(t *testing.T, w *shWorld) string {
		return func(t *testing.T, w *shWorld) string {
			img := models.Image{RegionID: shGZ, State: state}
			if owner != "" {
				img.OwnerAccountID = owned(w.id(owner))
			} else {
				img.Source = models.SourceOfficial
			}
			return addImage(t, w.db, img).ID
		}
	}
	shareWith := func(name, status string) func(t *testing.T, w *shWorld) string {
		return func(t *testing.T, w *shWorld) string {
			w.addShare(t, name, status)
			return w.img.ID
		}
	}
	tests := []struct {
		name       string
		setup      func(t *testing.T, w *shWorld) string // the image to share; nil: the world's image
		actor      string                                // "owner" when empty
		accounts   []string
		noRisk     bool
		wantCode   string
		wantKind   error
		wantFields []shField
		wantMsg    string
	}{
		{name: "R9 a recipient with an active share cannot share the image onward", setup: shareWith("alice", models.ShareActive),
			actor: "alice", accounts: []string{"bob"}, wantCode: shNotYours, wantKind: models.ErrInvalid},
		{name: "R9 a public image cannot be shared", setup: imageOf(models.ImageNormal, ""),
			accounts: []string{"alice"}, wantCode: shNotYours, wantKind: models.ErrInvalid},
		{name: "R9 another account's unshared image does not exist", setup: imageOf(models.ImageNormal, "alice"),
			accounts: []string{"bob"}, wantCode: shNotFound, wantKind: models.ErrNotFound},
		{name: "R9 an image shared as pending does not exist for the recipient", setup: shareWith("alice", models.SharePending),
			actor: "alice", accounts: []string{"bob"}, wantCode: shNotFound, wantKind: models.ErrNotFound},
		{name: "R9 an image whose share was cancelled does not exist for the former recipient", setup: shareWith("alice", models.ShareCancelled),
			actor: "alice", accounts: []string{"bob"}, wantCode: shNotFound, wantKind: models.ErrNotFound},
		{name: "R9 a malformed image id does not exist", setup: func(*testing.T, *shWorld) string { return "img-NOPE" },
			accounts: []string{"alice"}, wantCode: shNotFound, wantKind: models.ErrNotFound},
		{name: "R13 an image being created cannot be shared", setup: imageOf(models.ImageCreating, "self"),
			accounts: []string{"alice"}, wantCode: shBadState, wantKind: models.ErrInvalid},
		{name: "R13 an image being copied in cannot be shared", setup: imageOf(models.ImageSyncing, "self"),
			accounts: []string{"alice"}, wantCode: shBadState, wantKind: models.ErrInvalid},
		{name: "R13 an image that failed cannot be shared", setup: imageOf(models.ImageCreateFailed, "self"),
			accounts: []string{"alice"}, wantCode: shBadState, wantKind: models.ErrInvalid},
		{name: "R10 the risk notice not accepted is refused with MissingParameter on risk", accounts: []string{"alice", "bob"}, noRisk: true,
			wantCode: shMissing, wantKind: models.ErrInvalid, wantFields: []shField{{"risk", "share.risk_required"}}},
		{name: "R14 a malformed account id is refused with InvalidAccountId.NotFound", accounts: []string{"malformed"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{{"malformed", "share.account_malformed"}}},
		{name: "R14 own account is refused with FailedOperation.AccountIsYourSelf", accounts: []string{"self"},
			wantCode: shYourself, wantKind: models.ErrInvalid, wantFields: []shField{{"self", "share.account_self"}}},
		{name: "R14 an unknown account is refused with InvalidAccountId.NotFound", accounts: []string{"unknown"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{{"unknown", "share.account_unknown"}}},
		{name: "R14 a disabled account is refused with InvalidAccountId.NotFound", accounts: []string{"disabled"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{{"disabled", "share.account_unknown"}}},
		{name: "R14 an account with a pending share is refused with FailedOperation.AccountAlreadyExists",
			setup: shareWith("alice", models.SharePending), accounts: []string{"alice"},
			wantCode: shAlready, wantKind: models.ErrInvalid, wantFields: []shField{{"alice", "share.account_already"}}},
		{name: "R14 an account with an active share is refused with FailedOperation.AccountAlreadyExists",
			setup: shareWith("alice", models.ShareActive), accounts: []string{"alice"},
			wantCode: shAlready, wantKind: models.ErrInvalid, wantFields: []shField{{"alice", "share.account_already"}}},
		{name: "R14 a request mixing good and bad accounts saves nothing and names each bad account",
			setup: shareWith("carol", models.ShareActive), accounts: []string{"alice", "malformed", "self", "bob", "unknown", "disabled", "carol"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantMsg: "share.bad_accounts", wantFields: []shField{
				{"malformed", "share.account_malformed"}, {"self", "share.account_self"}, {"unknown", "share.account_unknown"},
				{"disabled", "share.account_unknown"}, {"carol", "share.account_already"}}},
		{name: "R14 the first bad account gives the request's code", accounts: []string{"alice", "self", "unknown"},
			wantCode: shYourself, wantKind: models.ErrInvalid, wantMsg: "share.bad_accounts",
			wantFields: []shField{{"self", "share.account_self"}, {"unknown", "share.account_unknown"}}},
		{name: "R14 a request with no account is refused with MissingParameter", accounts: []string{},
			wantCode: shMissing, wantKind: models.ErrInvalid, wantFields: []shField{{"accounts", "share.no_accounts"}}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				imageID := w.img.ID
				if tt.setup != nil {
					imageID = tt.setup(t, w)
				}
				before := shState(t, db)
				out, err := w.shares.Share(t.Context(), w.as(tt.actor), models.ShareRequest{
					ImageID: imageID, AccountIDs: w.idsOf(tt.accounts...), RiskAccepted: !tt.noRisk})
				if out != nil {
					t.Errorf("refused Share returned %+v; want nil", out)
				}
				e := shWant(t, err, tt.wantCode, tt.wantKind)
				shWantFields(t, w, e, tt.wantFields)
				if tt.wantMsg != "" && (e.Msg.Key != tt.wantMsg || len(e.Msg.Args) == 0 || e.Msg.Args[0] != len(tt.wantFields)) {
					t.Errorf("message = %+v; want %s with %d bad accounts", e.Msg, tt.wantMsg, len(tt.wantFields))
				}
				shUnchanged(t, db, before)
			})
		}
	})
}

func TestShareActiveAtOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		out := w.share(t, "alice", "bob")
		if len(out) != 2 {
			t.Fatalf("Share returned %d shares; want 2", len(out))
		}
		for i, name := range []string{"alice", "bob"} {
			s := out[i]
			if s.ID == 0 || s.ImageID != w.img.ID || s.RecipientAccountID != w.id(name) || s.Status != models.ShareActive ||
				s.CreatedByUserID == nil || *s.CreatedByUserID != w.owner.UserID || s.DecidedAt != nil {
				t.Errorf("share %d = %+v; want an active share of %s with %s created by user %d", i, s, w.img.ID, w.id(name), w.owner.UserID)
			}
			if got := shStatuses(t, db, w.img.ID, w.id(name)); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("stored shares with %s = %v; want one active", name, got)
			}
			if v, err := w.images.Get(t.Context(), w.as(name), w.img.ID); err != nil || v.Type != models.SharedImage {
				t.Errorf("Get as %s = %s, %v; want a SHARED_IMAGE", name, v.Type, err)
			}
		}
		if _, err := w.images.Get(t.Context(), w.as("carol"), w.img.ID); err == nil {
			t.Error("carol, not shared with, can Get the image")
		}
	})
}

func TestShareAgainAfterShareEnded(t *testing.T) {
	tests := []struct {
		name  string
		ended string
	}{
		{"R14 an account whose share was cancelled can be shared with again, history kept", models.ShareCancelled},
		{"R14 an account whose share was revoked can be shared with again, history kept", models.ShareRevoked},
		{"R14 an account whose share was rejected can be shared with again, history kept", models.ShareRejected},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				if tt.ended == models.ShareCancelled {
					// Through the stores, as the console does it.
					w.share(t, "alice")
					if n, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, w.idsOf("alice")); err != nil || n != 1 {
						t.Fatalf("Cancel = %d, %v; want 1", n, err)
					}
				} else {
					w.addShare(t, "alice", tt.ended)
				}
				w.share(t, "alice")
				if got := shStatuses(t, db, w.img.ID, w.id("alice")); !slices.Equal(got, []string{tt.ended, models.ShareActive}) {
					t.Errorf("shares with alice = %v; want [%s active]", got, tt.ended)
				}
				if got := w.sharedTab(t, w.as("alice"), shGZ); !slices.Equal(shViewIDs(got), []string{w.img.ID}) {
					t.Errorf("alice's shared tab = %v; want the image again", shViewIDs(got))
				}
			})
		}
	})
}

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
				if err := db.Where("key = ?", "share_cap").Delete(&models.Setting{}).Error; err != nil {
					t.Fatal(err)
				}
				if tt.capN != "" {
					shSetting(t, db, "share_cap", tt.capN)
				}
				w := shNewWorld(t, db)
				if tt.setup != nil {
					tt.setup(t, w)
				}
				var ids []string
				for i := range tt.add {
					ids = append(ids, shAccount(t, db, fmt.Sprintf("Fresh %d", i), models.AccountActive))
				}
				used := shLive(t, db, w.img.ID)
				before := shState(t, db)
				out, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: ids, RiskAccepted: true})
				if tt.wantCode == "" {
					if err != nil || len(out) != tt.add {
						t.Fatalf("Share = %d shares, %v; want %d", len(out), err, tt.add)
					}
				} else {
					e := shWant(t, err, tt.wantCode, models.ErrInvalid)
					if len(e.Fields) != 0 || e.Msg.Key != "share.over_cap" || len(e.Msg.Args) != 3 ||
						fmt.Sprint(e.Msg.Args[0]) != tt.capN || fmt.Sprint(e.Msg.Args[1]) != fmt.Sprint(used) {
						t.Errorf("refusal = %+v; want share.over_cap naming cap %s and %d used, no field", e, tt.capN, used)
					}
					shUnchanged(t, db, before)
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
			if err != nil || check.Used != 50 || check.Cap != models.DefaultShareCap || check.Adding() != 1 || check.OK() {
				t.Errorf("Check = %+v, %v; want 50 of 50 used, the account good, and not OK", check, err)
			}
			before := shState(t, db)
			_, err = w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: last, RiskAccepted: true})
			shWant(t, err, shOverQuota, models.ErrInvalid)
			shUnchanged(t, db, before)
			if n := shLive(t, db, w.img.ID); n != 50 {
				t.Errorf("%d live shares; want 50", n)
			}
		})
		t.Run("R1 the default cap of 50: one request of 51 accounts is refused whole", func(t *testing.T) {
			w := shNewWorld(t, db)
			before := shState(t, db)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: fresh(51), RiskAccepted: true})
			shWant(t, err, shOverQuota, models.ErrInvalid)
			shUnchanged(t, db, before)
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
				before := shState(t, db)
				_, err = w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("alice"), RiskAccepted: true})
				if st.wantCode == "" {
					if err != nil {
						t.Fatalf("Share: %v", err)
					}
					return
				}
				shWant(t, err, st.wantCode, models.ErrInvalid)
				shUnchanged(t, db, before)
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
			shWant(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R17 a pending share cannot be launched from", func(t *testing.T) {
			_, err := w.launch(t, alice, shGZ, w.img.ID)
			shWant(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R17 a pending share counts toward the cap", func(t *testing.T) {
			check, err := w.shares.Check(t.Context(), w.owner, w.img.ID, w.idsOf("bob"))
			if err != nil || check.Used != 1 || check.Cap != 2 {
				t.Fatalf("Check = used %d cap %d, %v; want 1 of 2", check.Used, check.Cap, err)
			}
			w.share(t, "bob")
			before := shState(t, db)
			_, err = w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("carol"), RiskAccepted: true})
			shWant(t, err, shOverQuota, models.ErrInvalid)
			shUnchanged(t, db, before)
		})
		t.Run("R17 an account with a pending share cannot be added again", func(t *testing.T) {
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("alice"), RiskAccepted: true})
			shWantFields(t, w, shWant(t, err, shAlready, models.ErrInvalid), []shField{{"alice", "share.account_already"}})
		})
	})
}

func TestShareCheck(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shSetting(t, db, "share_cap", "4")
		w := shNewWorld(t, db)
		w.ids["dave"] = shAccount(t, db, "Dave GmbH", models.AccountActive)
		w.addShare(t, "alice", models.ShareCancelled)
		w.addShare(t, "bob", models.SharePending)
		w.addShare(t, "carol", models.ShareActive)
		before := shState(t, db)
		check, err := w.shares.Check(t.Context(), w.owner, w.img.ID,
			w.idsOf("alice", "malformed", "self", "unknown", "disabled", "bob", "carol", "dave"))
		if err != nil {
			t.Fatal(err)
		}
		if check.Used != 2 || check.Cap != 4 {
			t.Errorf("Check used %d cap %d; want 2 of 4 (pending and active count, cancelled does not)", check.Used, check.Cap)
		}
		want := []struct {
			name, account, code, accountName string
		}{
			{"R14 an account whose share was cancelled can be added", "alice", "", "Alice Ltd"},
			{"R14 a malformed id is refused", "malformed", shBadAccount, ""},
			{"R14 own account is refused", "self", shYourself, "Owner Co"},
			{"R14 an unknown account is refused", "unknown", shBadAccount, ""},
			{"R14 a disabled account is refused without its name", "disabled", shBadAccount, ""},
			{"R14 an account with a pending share is refused", "bob", shAlready, "Bob Inc"},
			{"R14 an account with an active share is refused", "carol", shAlready, "Carol SA"},
			{"R14 an active account not shared with can be added", "dave", "", "Dave GmbH"},
		}
		if len(check.Accounts) != len(want) {
			t.Fatalf("Check has %d verdicts; want %d, one per account in order", len(check.Accounts), len(want))
		}
		for i, v := range want {
			t.Run(v.name, func(t *testing.T) {
				got := check.Accounts[i]
				if got.AccountID != w.id(v.account) || got.Code != v.code || got.AccountName != v.accountName {
					t.Errorf("verdict = %+v; want %s code %q name %q", got, w.id(v.account), v.code, v.accountName)
				}
			})
		}
		t.Run("R1 the request would fit the cap only without its refused accounts", func(t *testing.T) {
			if check.Adding() != 2 || check.OverCap() || check.OK() {
				t.Errorf("Adding %d OverCap %v OK %v; want 2, false, false", check.Adding(), check.OverCap(), check.OK())
			}
			if e := domainError(t, check.Error()); e.Code != shBadAccount || len(e.Fields) != 6 {
				t.Errorf("Error() = %v with %d fields; want %s with 6", e, len(e.Fields), shBadAccount)
			}
		})
		t.Run("R1 three good accounts over a cap of 4 with 2 used are OverQuota", func(t *testing.T) {
			w.ids["erin"] = shAccount(t, db, "Erin BV", models.AccountActive)
			c, err := w.shares.Check(t.Context(), w.owner, w.img.ID, w.idsOf("alice", "dave", "erin"))
			if err != nil {
				t.Fatal(err)
			}
			if c.Adding() != 3 || !c.OverCap() || c.OK() {
				t.Errorf("Adding %d OverCap %v OK %v; want 3, true, false", c.Adding(), c.OverCap(), c.OK())
			}
			shWant(t, c.Error(), shOverQuota, models.ErrInvalid)
		})
		t.Run("R1 two good accounts fill the cap exactly and are OK", func(t *testing.T) {
			c, err := w.shares.Check(t.Context(), w.owner, w.img.ID, w.idsOf("alice", "dave"))
			if err != nil || !c.OK() || c.Error() != nil {
				t.Errorf("Check = %+v, %v; want OK", c, err)
			}
		})
		t.Run("R9 the recipient cannot check a share of the image", func(t *testing.T) {
			_, err := w.shares.Check(t.Context(), w.as("carol"), w.img.ID, w.idsOf("dave"))
			shWant(t, err, shNotYours, models.ErrInvalid)
		})
		t.Run("R9 a stranger's check finds no image", func(t *testing.T) {
			_, err := w.shares.Check(t.Context(), w.as("dave"), w.img.ID, w.idsOf("alice"))
			shWant(t, err, shNotFound, models.ErrNotFound)
		})
		shUnchanged(t, db, before)
	})
}

func TestShareRecipientView(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		alice := w.as("alice")
		quotaBefore, err := w.quotas.Region(t.Context(), alice, shGZ)
		if err != nil {
			t.Fatal(err)
		}
		w.share(t, "alice")
		for _, region := range models.RegionIDs {
			want := []string{}
			name := "R4 the recipient does not see the image in the shared tab of " + region
			if region == shGZ {
				want = []string{w.img.ID}
				name = "R4 the recipient sees the image in the shared tab of its region " + region + ", with the owner's name"
			}
			t.Run(name, func(t *testing.T) {
				got := w.sharedTab(t, alice, region)
				if !slices.Equal(shViewIDs(got), want) {
					t.Fatalf("shared tab = %v; want %v", shViewIDs(got), want)
				}
				for _, v := range got {
					if v.Type != models.SharedImage || v.OwnerName != "Owner Co" || v.OwnerAccountID == nil || *v.OwnerAccountID != w.owner.AccountID {
						t.Errorf("row = type %s owner %q; want SHARED_IMAGE of Owner Co", v.Type, v.OwnerName)
					}
				}
			})
		}
		t.Run("R4 another account sees nothing in the shared tab", func(t *testing.T) {
			if got := w.sharedTab(t, w.as("bob"), shGZ); len(got) != 0 {
				t.Errorf("bob's shared tab = %v; want empty", shViewIDs(got))
			}
		})
		t.Run("R8 the recipient's Get names the owner", func(t *testing.T) {
			v, err := w.images.Get(t.Context(), alice, w.img.ID)
			if err != nil || v.Type != models.SharedImage || v.OwnerName != "Owner Co" {
				t.Errorf("Get = %s %q, %v; want SHARED_IMAGE of Owner Co", v.Type, v.OwnerName, err)
			}
		})
		t.Run("R4 the recipient launches from the image in its region", func(t *testing.T) {
			out, err := w.launch(t, alice, shGZ, w.img.ID)
			if err != nil || len(out) != 1 || out[0].ImageID != w.img.ID || out[0].AccountID != alice.AccountID {
				t.Fatalf("Launch = %+v, %v; want one instance of alice from the image", out, err)
			}
		})
		for _, region := range []string{shSH, shBJ, "eu-frankfurt"} {
			t.Run("R4 launching from the image in "+region+" is InvalidImageId.NotFound", func(t *testing.T) {
				before := shState(t, db)
				_, err := w.launch(t, alice, region, w.img.ID)
				shWant(t, err, shNotFound, models.ErrNotFound)
				shUnchanged(t, db, before)
			})
		}
		t.Run("R3 the shared image does not count toward the recipient's quota", func(t *testing.T) {
			q, err := w.quotas.Region(t.Context(), alice, shGZ)
			if err != nil || q.Used != quotaBefore.Used || q.Used != 0 || q.Limit != models.DefaultImageQuota {
				t.Errorf("alice's quota in %s = %+v, %v; want 0 of %d as before sharing", shGZ, q, err, models.DefaultImageQuota)
			}
			if q, _ := w.quotas.Region(t.Context(), w.owner, shGZ); q.Used != 1 {
				t.Errorf("owner's quota use = %d; want 1 (its own image)", q.Used)
			}
		})
		t.Run("R3 the shared image is not in the recipient's custom tab", func(t *testing.T) {
			page, err := w.images.List(t.Context(), alice, models.ImageQuery{Region: shGZ, Tab: models.TabCustom})
			if err != nil || page.Total != 0 {
				t.Errorf("custom tab = %v, %v; want empty", shViewIDs(page.Images), err)
			}
		})
	})
}

func TestShareRecipientCannotChange(t *testing.T) {
	tests := []struct {
		name     string
		call     func(t *testing.T, w *shWorld, a models.Actor) error
		wantCode string
		wantKind error
	}{
		{"R2 the recipient's Update is refused with UnsupportedOperation.SharedImageModifyUnsupported",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.images.Update(t.Context(), a, w.img.ID, models.ImageEdit{Name: "mine now", Description: "mine"})
				return err
			}, shNoModify, models.ErrInvalid},
		{"R7 the recipient's Delete is refused with InvalidParameterValue.InvalidImageIdIsShared",
			func(t *testing.T, w *shWorld, a models.Actor) error { return w.images.Delete(t.Context(), a, w.img.ID) },
			shNoDeleteYet, models.ErrInvalid},
		{"R5 the recipient's Copy is refused with UnauthorizedOperation.ImageNotBelongToAccount",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.images.Copy(t.Context(), a, w.img.ID, models.ImageCopy{Regions: []string{shSH}})
				return err
			}, shNotYours, models.ErrInvalid},
		{"R9 the recipient's Share is refused with UnauthorizedOperation.ImageNotBelongToAccount",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.shares.Share(t.Context(), a, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("bob"), RiskAccepted: true})
				return err
			}, shNotYours, models.ErrInvalid},
		{"R15 the recipient's Cancel is refused with UnauthorizedOperation.ImageNotBelongToAccount",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.shares.Cancel(t.Context(), a, w.img.ID, []string{a.AccountID})
				return err
			}, shNotYours, models.ErrInvalid},
		{"R15 the recipient's CancelAll is refused with UnauthorizedOperation.ImageNotBelongToAccount",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.shares.CancelAll(t.Context(), a, w.img.ID)
				return err
			}, shNotYours, models.ErrInvalid},
		{"R15 the recipient cannot read the share list: InvalidImageId.NotFound",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.shares.ForImage(t.Context(), a, w.img.ID)
				return err
			}, shNotFound, models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				w.share(t, "alice")
				before := shState(t, db)
				shWant(t, tt.call(t, w, w.as("alice")), tt.wantCode, tt.wantKind)
				shUnchanged(t, db, before)
			})
		}
	})
}

func TestShareOwnerEditReachesRecipient(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		if _, err := w.images.Update(t.Context(), w.owner, w.img.ID, models.ImageEdit{Name: "golden v2", Description: "now with tools"}); err != nil {
			t.Fatalf("owner's Update: %v", err)
		}
		t.Run("R2 the recipient's Get shows the owner's new name and description", func(t *testing.T) {
			v, err := w.images.Get(t.Context(), w.as("alice"), w.img.ID)
			if err != nil || v.Name != "golden v2" || v.Description != "now with tools" {
				t.Errorf("Get = %q %q, %v; want the new values", v.Name, v.Description, err)
			}
		})
		t.Run("R2 the recipient's shared tab shows the owner's new name", func(t *testing.T) {
			got := w.sharedTab(t, w.as("alice"), shGZ)
			if len(got) != 1 || got[0].Name != "golden v2" {
				t.Errorf("shared tab = %+v; want the image named golden v2", got)
			}
		})
	})
}

func TestShareOwnerDisabled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		alice := w.as("alice")
		setAccountStatus(t, db, w.owner.AccountID, models.AccountDisabled)
		t.Run("SPEC 2 an image of a disabled owner leaves the recipient's shared tab", func(t *testing.T) {
			if got := w.sharedTab(t, alice, shGZ); len(got) != 0 {
				t.Errorf("shared tab = %v; want empty", shViewIDs(got))
			}
		})
		t.Run("SPEC 2 an image of a disabled owner does not exist for the recipient's Get", func(t *testing.T) {
			_, err := w.images.Get(t.Context(), alice, w.img.ID)
			shWant(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("SPEC 2 an image of a disabled owner cannot be launched from", func(t *testing.T) {
			_, err := w.launch(t, alice, shGZ, w.img.ID)
			shWant(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("SPEC 2 the share itself is kept and the image returns with its owner", func(t *testing.T) {
			if got := shStatuses(t, db, w.img.ID, alice.AccountID); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("shares = %v; want still active", got)
			}
			setAccountStatus(t, db, w.owner.AccountID, models.AccountActive)
			if got := w.sharedTab(t, alice, shGZ); !slices.Equal(shViewIDs(got), []string{w.img.ID}) {
				t.Errorf("shared tab after re-enabling = %v; want the image", shViewIDs(got))
			}
		})
	})
}

func TestShareCancel(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice", "bob")
		alice := w.as("alice")
		launched, err := w.launch(t, alice, shGZ, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		shStep(t, db)
		ins := launched[0]
		if got := readInstance(t, db, ins.ID); got.State != models.InstanceRunning {
			t.Fatalf("alice's instance is %s; want RUNNING before the cancel", got.State)
		}
		n, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, w.idsOf("alice"))
		if err != nil || n != 1 {
			t.Fatalf("Cancel = %d, %v; want 1", n, err)
		}
		t.Run("R15 the image leaves the recipient's shared tab at once", func(t *testing.T) {
			if got := w.sharedTab(t, alice, shGZ); len(got) != 0 {
				t.Errorf("shared tab = %v; want empty", shViewIDs(got))
			}
		})
		t.Run("R15 the image no longer exists for the recipient's Get", func(t *testing.T) {
			_, err := w.images.Get(t.Context(), alice, w.img.ID)
			shWant(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R15 the recipient can no longer launch from the image", func(t *testing.T) {
			_, err := w.launch(t, alice, shGZ, w.img.ID)
			shWant(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R15 the recipient can no longer reinstall from the image", func(t *testing.T) {
			err := w.instances.Reinstall(t.Context(), alice, ins.ID, w.img.ID)
			shWant(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R15 the recipient's existing instance keeps running", func(t *testing.T) {
			got := readInstance(t, db, ins.ID)
			if got.State != models.InstanceRunning || got.ImageID != w.img.ID {
				t.Errorf("instance = %s from %s; want RUNNING from %s", got.State, got.ImageID, w.img.ID)
			}
			listed, err := w.instances.List(t.Context(), alice, shGZ)
			if err != nil || len(listed) != 1 || listed[0].ID != ins.ID {
				t.Errorf("alice's instances = %+v, %v; want hers still listed", listed, err)
			}
		})
		t.Run("R15 the cancel is recorded with who and when, the row kept", func(t *testing.T) {
			var s models.Share
			if err := db.Where("image_id = ? AND recipient_account_id = ?", w.img.ID, alice.AccountID).Take(&s).Error; err != nil {
				t.Fatal(err)
			}
			if s.Status != models.ShareCancelled || s.DecidedByUserID == nil || *s.DecidedByUserID != w.owner.UserID || s.DecidedAt == nil {
				t.Errorf("share = %+v; want cancelled by user %d with a time", s, w.owner.UserID)
			}
		})
		t.Run("R15 other recipients keep the image", func(t *testing.T) {
			if got := w.sharedTab(t, w.as("bob"), shGZ); !slices.Equal(shViewIDs(got), []string{w.img.ID}) {
				t.Errorf("bob's shared tab = %v; want the image", shViewIDs(got))
			}
		})
	})
}

func TestShareCancelPending(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shSetting(t, db, "share_policy", "review")
		w := shNewWorld(t, db)
		w.share(t, "alice")
		if n, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, w.idsOf("alice")); err != nil || n != 1 {
			t.Fatalf("Cancel of a pending share = %d, %v; want 1", n, err)
		}
		if got := shStatuses(t, db, w.img.ID, w.id("alice")); !slices.Equal(got, []string{models.ShareCancelled}) {
			t.Errorf("shares = %v; want [cancelled]", got)
		}
	})
}

func TestShareCancelRefusals(t *testing.T) {
	tests := []struct {
		name       string
		actor      string
		accounts   []string
		wantCode   string
		wantKind   error
		wantFields []shField
	}{
		{name: "R15 an account not shared with is refused with a field", accounts: []string{"carol"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{{"carol", "share.not_shared_with"}}},
		{name: "R15 an account whose share already ended is refused with a field", accounts: []string{"dave"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{{"dave", "share.not_shared_with"}}},
		{name: "R15 a mix of shared and unshared accounts cancels nothing", accounts: []string{"alice", "carol", "bob", "unknown", "malformed"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{
				{"carol", "share.not_shared_with"}, {"unknown", "share.not_shared_with"}, {"malformed", "share.not_shared_with"}}},
		{name: "R15 a cancel with no account is refused with MissingParameter", accounts: []string{},
			wantCode: shMissing, wantKind: models.ErrInvalid, wantFields: []shField{{"accounts", "share.cancel_none"}}},
		{name: "R15 a recipient cannot cancel its own share", actor: "alice", accounts: []string{"alice"},
			wantCode: shNotYours, wantKind: models.ErrInvalid},
		{name: "R15 a stranger's cancel finds no image", actor: "carol", accounts: []string{"alice"},
			wantCode: shNotFound, wantKind: models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				w.ids["dave"] = shAccount(t, db, "Dave GmbH", models.AccountActive)
				w.share(t, "alice", "bob")
				w.addShare(t, "dave", models.ShareCancelled)
				before := shState(t, db)
				n, err := w.shares.Cancel(t.Context(), w.as(tt.actor), w.img.ID, w.idsOf(tt.accounts...))
				if n != 0 {
					t.Errorf("refused Cancel reported %d cancelled", n)
				}
				shWantFields(t, w, shWant(t, err, tt.wantCode, tt.wantKind), tt.wantFields)
				shUnchanged(t, db, before)
				if live := shLive(t, db, w.img.ID); live != 2 {
					t.Errorf("%d live shares; want alice's and bob's, 2", live)
				}
			})
		}
	})
}

func TestShareCancelAll(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.ids["dave"] = shAccount(t, db, "Dave GmbH", models.AccountActive)
		w.share(t, "alice", "bob")
		w.addShare(t, "carol", models.SharePending)
		w.addShare(t, "dave", models.ShareRejected)
		other := addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ})
		addShare(t, db, other.ID, w.id("alice"), models.ShareActive)

		n, err := w.shares.CancelAll(t.Context(), w.owner, w.img.ID)
		if err != nil || n != 3 {
			t.Fatalf("CancelAll = %d, %v; want 3 (two active, one pending)", n, err)
		}
		var rows []models.Share
		if err := db.Where("image_id = ?", w.img.ID).Order("id").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, s := range rows {
			name := map[string]string{w.id("alice"): "alice", w.id("bob"): "bob", w.id("carol"): "carol", w.id("dave"): "dave"}[s.RecipientAccountID]
			t.Run("R15 CancelAll leaves "+name+"'s share right", func(t *testing.T) {
				if name == "dave" {
					if s.Status != models.ShareRejected || s.DecidedByUserID != nil || s.DecidedAt != nil {
						t.Errorf("ended share = %+v; want it untouched", s)
					}
					return
				}
				if s.Status != models.ShareCancelled || s.DecidedByUserID == nil || *s.DecidedByUserID != w.owner.UserID || s.DecidedAt == nil {
					t.Errorf("share = %+v; want cancelled, decided by user %d at a time", s, w.owner.UserID)
				}
			})
		}
		t.Run("R15 CancelAll leaves the owner's other images shared", func(t *testing.T) {
			if got := shStatuses(t, db, other.ID, w.id("alice")); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("other image's share = %v; want active", got)
			}
		})
		t.Run("R15 CancelAll with no live share ends nothing", func(t *testing.T) {
			before := shState(t, db)
			if n, err := w.shares.CancelAll(t.Context(), w.owner, w.img.ID); err != nil || n != 0 {
				t.Errorf("second CancelAll = %d, %v; want 0", n, err)
			}
			shUnchanged(t, db, before)
		})
		t.Run("R15 a stranger's CancelAll finds no image", func(t *testing.T) {
			_, err := w.shares.CancelAll(t.Context(), w.as("dave"), other.ID)
			shWant(t, err, shNotFound, models.ErrNotFound)
			if got := shStatuses(t, db, other.ID, w.id("alice")); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("other image's share = %v; want still active", got)
			}
		})
	})
}

func TestShareDeleteNeedsNoLiveShare(t *testing.T) {
	tests := []struct {
		name     string
		statuses map[string]string // account name → share status
		wantList []string          // the accounts the refusal lists; none: Delete succeeds
	}{
		{"R6 active shares block Delete, listing the accounts",
			map[string]string{"alice": models.ShareActive, "bob": models.ShareActive}, []string{"alice", "bob"}},
		{"R6 a pending share blocks Delete",
			map[string]string{"alice": models.SharePending, "bob": models.ShareRejected}, []string{"alice"}},
		{"R6 cancelled, revoked and rejected shares do not block Delete",
			map[string]string{"alice": models.ShareCancelled, "bob": models.ShareRevoked, "carol": models.ShareRejected}, nil},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				for name, status := range tt.statuses {
					w.addShare(t, name, status)
				}
				before := shState(t, db)
				err := w.images.Delete(t.Context(), w.owner, w.img.ID)
				if tt.wantList == nil {
					if err != nil {
						t.Fatalf("Delete: %v", err)
					}
					if n := countRows(t, db, &models.Image{}, "id = ?", w.img.ID); n != 0 {
						t.Errorf("the image is still stored")
					}
					return
				}
				e := shWant(t, err, shInShared, models.ErrConflict)
				ids := w.idsOf(tt.wantList...)
				slices.Sort(ids)
				if len(e.Msg.Args) != 2 || e.Msg.Args[0] != len(ids) || e.Msg.Args[1] != strings.Join(ids, ", ") {
					t.Errorf("refusal message = %+v; want %d accounts: %s", e.Msg, len(ids), strings.Join(ids, ", "))
				}
				shUnchanged(t, db, before)
			})
		}
	})
}

func TestShareDeleteAfterCancelAll(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice", "bob")
		launched, err := w.launch(t, w.as("alice"), shGZ, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		before := shState(t, db)
		shWant(t, w.images.Delete(t.Context(), w.owner, w.img.ID), shInShared, models.ErrConflict)
		shUnchanged(t, db, before)
		if _, err := w.shares.CancelAll(t.Context(), w.owner, w.img.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.images.Delete(t.Context(), w.owner, w.img.ID); err != nil {
			t.Fatalf("R6 Delete after CancelAll: %v", err)
		}
		if n := countRows(t, db, &models.Image{}, "id = ?", w.img.ID); n != 0 {
			t.Error("R6 the image is still stored after Delete")
		}
		if got := readInstance(t, db, launched[0].ID); got.ImageID != w.img.ID || got.State == models.InstanceTerminated {
			t.Errorf("R6 the recipient's instance = %s from %s; want it untouched", got.State, got.ImageID)
		}
	})
}

func TestShareForImage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		// A second user of the owner's account cancels, so the list must
		// tell the creator from the decider.
		colleague := models.User{AccountID: w.owner.AccountID, Username: "sh-colleague-" + w.owner.AccountID, PasswordHash: "x",
			Role: models.RoleMember, Locale: models.LocaleEnglish, CreatedAt: base, UpdatedAt: base}
		if err := db.Create(&colleague).Error; err != nil {
			t.Fatal(err)
		}
		w.share(t, "alice")
		w.share(t, "bob")
		if _, err := w.shares.Cancel(t.Context(), models.Actor{UserID: colleague.ID, AccountID: w.owner.AccountID}, w.img.ID, w.idsOf("alice")); err != nil {
			t.Fatal(err)
		}
		w.share(t, "alice")

		got, err := w.shares.ForImage(t.Context(), w.owner, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct{ account, status, name, createdBy, decidedBy string }
		want := []row{
			{w.id("alice"), models.ShareActive, "Alice Ltd", w.ownerUser.Username, ""},
			{w.id("bob"), models.ShareActive, "Bob Inc", w.ownerUser.Username, ""},
			{w.id("alice"), models.ShareCancelled, "Alice Ltd", w.ownerUser.Username, colleague.Username},
		}
		var rows []row
		for _, v := range got {
			rows = append(rows, row{v.RecipientAccountID, v.Status, v.RecipientName, v.CreatedBy, v.DecidedBy})
		}
		t.Run("R15 ForImage lists every share, newest first, with names and usernames", func(t *testing.T) {
			if !slices.Equal(rows, want) {
				t.Errorf("ForImage = %+v; want %+v", rows, want)
			}
		})
		t.Run("R15 ForImage tells live shares from ended ones", func(t *testing.T) {
			var live []bool
			for _, v := range got {
				live = append(live, v.Live())
			}
			if !slices.Equal(live, []bool{true, true, false}) {
				t.Errorf("Live() = %v; want [true true false]", live)
			}
		})
		for _, who := range []string{"alice", "carol"} {
			t.Run("SPEC 2 ForImage as "+who+", not the owner, is InvalidImageId.NotFound", func(t *testing.T) {
				out, err := w.shares.ForImage(t.Context(), w.as(who), w.img.ID)
				shWant(t, err, shNotFound, models.ErrNotFound)
				if out != nil {
					t.Errorf("ForImage as %s returned %d rows", who, len(out))
				}
			})
		}
		t.Run("R15 ForImage of an image never shared is empty", func(t *testing.T) {
			img := addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ})
			out, err := w.shares.ForImage(t.Context(), w.owner, img.ID)
			if err != nil || len(out) != 0 {
				t.Errorf("ForImage = %d rows, %v; want none", len(out), err)
			}
		})
	})
}

// The caller's account list is input: a store must not write into it, not
// even into its spare capacity, where a caller may keep more ids (a list cut
// into batches, say).
func TestShareLeavesCallerListAlone(t *testing.T) {
	tests := []struct {
		name string
		call func(t *testing.T, w *shWorld, ids []string) error
	}{
		{"R14 Share does not write past the end of the caller's account list",
			func(t *testing.T, w *shWorld, ids []string) error {
				_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: ids, RiskAccepted: true})
				return err
			}},
		{"R14 Check does not write past the end of the caller's account list",
			func(t *testing.T, w *shWorld, ids []string) error {
				_, err := w.shares.Check(t.Context(), w.owner, w.img.ID, ids)
				return err
			}},
		{"R12 Copy does not write past the end of ShareWith",
			func(t *testing.T, w *shWorld, ids []string) error {
				_, err := w.images.Copy(t.Context(), w.owner, w.img.ID, models.ImageCopy{Regions: []string{shSH}, ShareWith: ids, RiskAccepted: true})
				return err
			}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				batch := w.idsOf("alice", "bob", "carol")
				if err := tt.call(t, w, batch[:2]); err != nil {
					t.Fatal(err)
				}
				if batch[2] != w.id("carol") {
					t.Errorf("the element after the list became %q; want %s untouched", batch[2], w.id("carol"))
				}
			})
		}
	})
}

func TestShareAccountTwiceInOneRequest(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		t.Run("R14 an account named twice in one request is shared with once, or the request is refused whole", func(t *testing.T) {
			w := shNewWorld(t, db)
			before := shState(t, db)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("alice", "bob", "alice"), RiskAccepted: true})
			if err != nil {
				domainError(t, err) // a refusal people can read, not an internal error
				shUnchanged(t, db, before)
				return
			}
			for _, name := range []string{"alice", "bob"} {
				if got := shStatuses(t, db, w.img.ID, w.id(name)); !slices.Equal(got, []string{models.ShareActive}) {
					t.Errorf("shares with %s = %v; want one active", name, got)
				}
			}
		})
	})
}
