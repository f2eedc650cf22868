package models_test

import (
	"context"
	"errors"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestAdminAccountStatus(t *testing.T) {
	// subject is an account whose user can sign in, with an image shared
	// with alice, and an image of the world's owner shared with it.
	type subject struct {
		user   models.User
		actor  models.Actor
		img    models.Image
		token  string
		shared []models.Share
	}
	setup := func(t *testing.T, w *admWorld) subject {
		t.Helper()
		s := subject{user: admSignInUser(t, w, false)}
		s.actor = admActor(s.user)
		s.img = w.addImage(t, s.actor, shGZ, "subject-image")
		out, err := w.shares.Share(t.Context(), s.actor, models.ShareRequest{ImageID: s.img.ID, AccountIDs: []string{w.alice.AccountID}, RiskAccepted: true})
		if err != nil {
			t.Fatal(err)
		}
		s.shared = append(out, w.share(t, w.img, s.actor)...)
		if s.token, err = w.sessions.Create(t.Context(), s.user.ID, ""); err != nil {
			t.Fatal(err)
		}
		return s
	}
	disable := func(t *testing.T, w *admWorld, s subject) {
		t.Helper()
		if err := w.admin.SetAccountStatus(t.Context(), w.root, s.user.AccountID, models.AccountDisabled); err != nil {
			t.Fatalf("disable: %v", err)
		}
	}
	sharesStay := func(t *testing.T, w *admWorld, s subject) {
		t.Helper()
		for _, sh := range s.shared {
			if got := admReadShare(t, w.db, sh.ID); got.Status != models.ShareActive {
				t.Errorf("share %d is %s; want it kept active", sh.ID, got.Status)
			}
		}
	}
	tests := []struct {
		name string
		run  func(t *testing.T, w *admWorld, s subject)
	}{
		{"Accounts a disabled account's users cannot sign in", func(t *testing.T, w *admWorld, s subject) {
			disable(t, w, s)
			_, err := w.auth.Authenticate(t.Context(), s.user.Username, admPassword, "192.0.2.4")
			wantError(t, err, admAcctDisabled, models.ErrInvalid)
		}},
		{"Accounts disabling ends the account's sessions at once and no one else's", func(t *testing.T, w *admWorld, s subject) {
			other := admSignInUser(t, w, false)
			token, err := w.sessions.Create(t.Context(), other.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			disable(t, w, s)
			if n := admSessions(t, w.db, s.user.ID); n != 0 {
				t.Errorf("%d sessions left; want 0", n)
			}
			if _, err := w.sessions.Lookup(t.Context(), s.token); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("Lookup of the old session = %v; want ErrNotFound", err)
			}
			if _, err := w.sessions.Lookup(t.Context(), token); err != nil {
				t.Errorf("another account's session ended: %v", err)
			}
		}},
		{"Accounts images shared from a disabled account disappear from recipients; the shares stay", func(t *testing.T, w *admWorld, s subject) {
			if !w.sees(t, w.alice, s.img) {
				t.Fatal("alice does not see the image before the account is disabled")
			}
			disable(t, w, s)
			if w.sees(t, w.alice, s.img) {
				t.Error("alice still sees an image of a disabled account")
			}
			_, err := w.instances.Launch(t.Context(), w.alice, admLaunch(shGZ, s.img.ID, 1))
			wantError(t, err, admImageNotFound, models.ErrNotFound)
			sharesStay(t, w, s)
			page, err := w.admin.ListShares(t.Context(), w.root, models.ShareFilter{Owner: s.user.AccountID})
			if err != nil || page.Total != 1 {
				t.Errorf("admin list of the disabled owner's shares = %d, %v; want 1", page.Total, err)
			}
		}},
		{"Accounts shares to a disabled account stay in the history, hidden from the owner's recipients", func(t *testing.T, w *admWorld, s subject) {
			disable(t, w, s)
			sharesStay(t, w, s)
			views, err := w.shares.ForImage(t.Context(), w.owner, w.img.ID)
			if err != nil || len(views) != 1 || views[0].RecipientAccountID != s.user.AccountID || !views[0].Live() {
				t.Errorf("owner's share history = %+v, %v; want the live share to the disabled account", views, err)
			}
			live, err := w.shares.Recipients(t.Context(), w.owner, w.img.ID)
			if err != nil || len(live) != 0 {
				t.Errorf("owner's recipients = %+v, %v; want none while the account is disabled", live, err)
			}
			img, err := w.images.Get(t.Context(), w.owner, w.img.ID)
			if err != nil || img.LiveShares != 0 || img.Can.CancelShares.OK() || !img.Can.Delete.OK() {
				t.Errorf("owner's image = %d live shares, cancel %v, delete %v, %v; want 0, refused, allowed",
					img.LiveShares, img.Can.CancelShares, img.Can.Delete, err)
			}
		}},
		{"Accounts enabling again brings sign-in and the shared images back, not the old sessions", func(t *testing.T, w *admWorld, s subject) {
			disable(t, w, s)
			if err := w.admin.SetAccountStatus(t.Context(), w.root, s.user.AccountID, models.AccountActive); err != nil {
				t.Fatalf("enable: %v", err)
			}
			if _, err := w.auth.Authenticate(t.Context(), s.user.Username, admPassword, "192.0.2.5"); err != nil {
				t.Errorf("sign-in after enabling: %v", err)
			}
			if !w.sees(t, w.alice, s.img) {
				t.Error("alice does not see the image again after enabling")
			}
			if !w.sees(t, s.actor, w.img) {
				t.Error("the enabled account does not see the image shared with it")
			}
			sharesStay(t, w, s)
			if _, err := w.sessions.Lookup(t.Context(), s.token); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("Lookup of a session ended by the disable = %v; want ErrNotFound", err)
			}
		}},
		{"Accounts an admin cannot disable its own account", func(t *testing.T, w *admWorld, s subject) {
			before := admState(t, w.db)
			e := wantError(t, w.admin.SetAccountStatus(t.Context(), w.root, w.root.AccountID, models.AccountDisabled), "UnsupportedOperation", models.ErrInvalid)
			if _, ok := e.Field("status"); !ok {
				t.Errorf("fields = %+v; want one on status", e.Fields)
			}
			admUnchanged(t, w.db, before)
		}},
		{"Accounts disabling an unknown account is InvalidAccountId.NotFound", func(t *testing.T, w *admWorld, s subject) {
			before := admState(t, w.db)
			wantError(t, w.admin.SetAccountStatus(t.Context(), w.root, admNewAccountID(), models.AccountDisabled), admAccountNone, models.ErrNotFound)
			admUnchanged(t, w.db, before)
		}},
		{"Accounts an unknown status is refused", func(t *testing.T, w *admWorld, s subject) {
			before := admState(t, w.db)
			wantError(t, w.admin.SetAccountStatus(t.Context(), w.root, s.user.AccountID, "paused"), admInvalid, models.ErrInvalid)
			admUnchanged(t, w.db, before)
		}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				tt.run(t, w, setup(t, w))
			})
		}
	})
}

func TestAdminSetQuota(t *testing.T) {
	tests := []struct {
		name      string
		account   func(w *admWorld) string
		region    string
		quota     int
		wantCode  string
		wantKind  error
		wantField string
	}{
		{name: "R3 a quota of 0 is accepted", region: shGZ, quota: 0},
		{name: "R3 a quota of 1000 is accepted", region: shSH, quota: 1000},
		{name: "R3 a quota of -1 is refused", region: shGZ, quota: -1, wantCode: admInvalid, wantKind: models.ErrInvalid, wantField: "quota_" + shGZ},
		{name: "R3 a quota of 1001 is refused", region: shGZ, quota: 1001, wantCode: admInvalid, wantKind: models.ErrInvalid, wantField: "quota_" + shGZ},
		{name: "R3 an unknown region is refused", region: "mars-north-1", quota: 5, wantCode: "InvalidParameterValue.InvalidRegion", wantKind: models.ErrNotFound},
		{name: "R3 an unknown account is InvalidAccountId.NotFound", account: func(*admWorld) string { return admNewAccountID() },
			region: shGZ, quota: 5, wantCode: admAccountNone, wantKind: models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				account := w.owner.AccountID
				if tt.account != nil {
					account = tt.account(w)
				}
				before := admState(t, db)
				err := w.admin.SetQuota(t.Context(), w.root, account, tt.region, tt.quota)
				if tt.wantCode != "" {
					e := wantError(t, err, tt.wantCode, tt.wantKind)
					if _, ok := e.Field(tt.wantField); tt.wantField != "" && !ok {
						t.Errorf("fields = %+v; want one on %s", e.Fields, tt.wantField)
					}
					admUnchanged(t, db, before)
					return
				}
				if err != nil {
					t.Fatalf("SetQuota: %v", err)
				}
				if q, err := w.quotas.Region(t.Context(), w.owner, tt.region); err != nil || q.Limit != tt.quota {
					t.Errorf("quota = %+v, %v; want limit %d", q, err, tt.quota)
				}
			})
		}
		t.Run("R3 an override is honoured when making an image from an instance", func(t *testing.T) {
			w := admNewWorld(t, db) // the owner has one image in Guangzhou
			ins := addInstance(t, db, models.Instance{AccountID: w.owner.AccountID, RegionID: shGZ, ImageID: w.img.ID})
			create := func() error {
				_, err := w.images.CreateFromInstance(t.Context(), w.owner, models.NewImage{InstanceID: ins.ID, Name: admUsername("snap")})
				return err
			}
			if err := w.admin.SetQuota(t.Context(), w.root, w.owner.AccountID, shGZ, 1); err != nil {
				t.Fatal(err)
			}
			before := admState(t, db)
			wantError(t, create(), admQuotaExceeded, models.ErrInvalid)
			admUnchanged(t, db, before)
			if err := w.admin.SetQuota(t.Context(), w.root, w.owner.AccountID, shGZ, 2); err != nil {
				t.Fatal(err)
			}
			if err := create(); err != nil {
				t.Fatalf("CreateFromInstance under quota 2: %v", err)
			}
			wantError(t, create(), admQuotaExceeded, models.ErrInvalid)
		})
		t.Run("R3 an override holds in its region only, replaces an earlier one, and shows on the account", func(t *testing.T) {
			w := admNewWorld(t, db)
			for _, q := range []int{7, 3} {
				if err := w.admin.SetQuota(t.Context(), w.root, w.owner.AccountID, shSH, q); err != nil {
					t.Fatal(err)
				}
			}
			if n := countRows(t, db, &models.AccountQuota{}, "account_id = ?", w.owner.AccountID); n != 1 {
				t.Errorf("%d overrides; want 1", n)
			}
			d, err := w.admin.GetAccount(t.Context(), w.root, w.owner.AccountID)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range d.Quotas {
				want := models.DefaultImageQuota
				if q.Region == shSH {
					want = 3
				}
				if q.Limit != want {
					t.Errorf("quota in %s = %d; want %d", q.Region, q.Limit, want)
				}
			}
			if other, err := w.quotas.Region(t.Context(), w.alice, shSH); err != nil || other.Limit != models.DefaultImageQuota {
				t.Errorf("another account's quota = %+v, %v; want the default", other, err)
			}
		})
		t.Run("R3 lowering a quota below use deletes no image", func(t *testing.T) {
			w := admNewWorld(t, db)
			w.addImage(t, w.owner, shGZ, "second")
			if err := w.admin.SetQuota(t.Context(), w.root, w.owner.AccountID, shGZ, 0); err != nil {
				t.Fatal(err)
			}
			if q, err := w.quotas.Region(t.Context(), w.owner, shGZ); err != nil || q.Used != 2 || q.Limit != 0 {
				t.Errorf("quota = %+v, %v; want 2 used of 0", q, err)
			}
		})
	})
}

func TestAdminUsernameRace(t *testing.T) {
	// Another request takes the username between the store's check and its
	// insert (replicas sharing PostgreSQL): the unique index refuses the
	// insert, and the caller must get a refusal it can show, not a failure.
	tests := []struct {
		name string
		call func(ctx context.Context, w *admWorld, username string) error
	}{
		{name: "Accounts creating an account whose username is taken meanwhile is ResourceInUse",
			call: func(ctx context.Context, w *admWorld, username string) error {
				_, err := w.admin.CreateAccount(ctx, w.root, models.NewAccount{Name: "Late Co", Username: username, Password: admPassword})
				return err
			}},
		{name: "Accounts adding a user whose username is taken meanwhile is a refusal, not a database error",
			call: func(ctx context.Context, w *admWorld, username string) error {
				return w.admin.AddUser(ctx, w.root, w.alice.AccountID, username, admPassword, false)
			}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				username := admUsername("race")
				err := admRace(t, db, "INSERT INTO users (account_id, username, password_hash, role, created_at, updated_at) VALUES (?, ?, 'x', 'member', ?, ?)",
					[]any{w.bob.AccountID, username, base, base}, func() error { return tt.call(t.Context(), w, username) })
				// Either the conflict CreateAccount gives, or the refusal on the
				// username field the check before the insert gives.
				e, ok := models.AsError(err)
				if !ok || !(e.Code == "ResourceInUse" && errors.Is(err, models.ErrConflict) ||
					e.Code == admUserInUse && errors.Is(err, models.ErrInvalid)) {
					t.Fatalf("error = %v; want ResourceInUse or %s", err, admUserInUse)
				}
				if n := countRows(t, db, &models.User{}, "username = ?", username); n != 1 {
					t.Errorf("%d users %s; want only the one that won", n, username)
				}
				if n := countRows(t, db, &models.Account{}, "name = ?", "Late Co"); n != 0 {
					t.Errorf("%d accounts of the loser; want none", n)
				}
			})
		}
	})
}
