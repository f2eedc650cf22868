package models_test

import (
	"slices"
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
				before := snapshot(t, db)
				out, err := w.shares.Share(t.Context(), w.as(tt.actor), models.ShareRequest{
					ImageID: imageID, AccountIDs: w.idsOf(tt.accounts...), RiskAccepted: !tt.noRisk})
				if out != nil {
					t.Errorf("refused Share returned %+v; want nil", out)
				}
				e := wantError(t, err, tt.wantCode, tt.wantKind)
				shWantFields(t, w, e, tt.wantFields)
				if tt.wantMsg != "" && (e.Msg.Key != tt.wantMsg || len(e.Msg.Args) == 0 || e.Msg.Args[0] != len(tt.wantFields)) {
					t.Errorf("message = %+v; want %s with %d bad accounts", e.Msg, tt.wantMsg, len(tt.wantFields))
				}
				unchanged(t, db, before)
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

func TestShareCheck(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shSetting(t, db, "share_cap", "4")
		w := shNewWorld(t, db)
		w.ids["dave"] = shAccount(t, db, "Dave GmbH", models.AccountActive)
		w.addShare(t, "alice", models.ShareCancelled)
		w.addShare(t, "bob", models.SharePending)
		w.addShare(t, "carol", models.ShareActive)
		before := snapshot(t, db)
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
			if c.Adding() != 2 || !c.OverCap() || c.OK() {
				t.Errorf("Adding %d OverCap %v OK %v; want 2 (the room left), true, false", c.Adding(), c.OverCap(), c.OK())
			}
			wantError(t, c.Error(), shOverQuota, models.ErrInvalid)
		})
		t.Run("R1 two good accounts fill the cap exactly and are OK", func(t *testing.T) {
			c, err := w.shares.Check(t.Context(), w.owner, w.img.ID, w.idsOf("alice", "dave"))
			if err != nil || !c.OK() || c.Error() != nil {
				t.Errorf("Check = %+v, %v; want OK", c, err)
			}
		})
		t.Run("R9 the recipient cannot check a share of the image", func(t *testing.T) {
			_, err := w.shares.Check(t.Context(), w.as("carol"), w.img.ID, w.idsOf("dave"))
			wantError(t, err, shNotYours, models.ErrInvalid)
		})
		t.Run("R9 a stranger's check finds no image", func(t *testing.T) {
			_, err := w.shares.Check(t.Context(), w.as("dave"), w.img.ID, w.idsOf("alice"))
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		unchanged(t, db, before)
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
			before := snapshot(t, db)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("alice", "bob", "alice"), RiskAccepted: true})
			if err != nil {
				domainError(t, err) // a refusal people can read, not an internal error
				unchanged(t, db, before)
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
