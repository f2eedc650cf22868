package models_test

import (
	"reflect"
	"slices"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestAdminSetSettings(t *testing.T) {
	tests := []struct {
		name       string
		in         models.Settings
		wantFields []string // nil: accepted
	}{
		{"R17 policy review with cap 1 is accepted", models.Settings{SharePolicy: models.PolicyReview, ShareCap: 1}, nil},
		{"R1 a cap of 500 is accepted", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 500}, nil},
		{"R1 a cap of 0 is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 0}, []string{"cap"}},
		{"R1 a cap of 501 is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 501}, []string{"cap"}},
		{"R1 a negative cap is refused", models.Settings{SharePolicy: models.PolicyReview, ShareCap: -5}, []string{"cap"}},
		{"R17 an empty policy is refused", models.Settings{SharePolicy: "", ShareCap: 50}, []string{"policy"}},
		{"R17 an unknown policy is refused", models.Settings{SharePolicy: "Review", ShareCap: 50}, []string{"policy"}},
		{"R17 a bad policy and a bad cap are both named", models.Settings{SharePolicy: "auto", ShareCap: 1000}, []string{"policy", "cap"}},
		{"R19 consent required is accepted", models.Settings{SharePolicy: models.PolicyReview, ShareCap: 50, Acceptance: models.AcceptanceRequired, ExpiryNoticeDays: 3}, nil},
		{"R19 an unknown consent setting is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: "maybe", ExpiryNoticeDays: 3}, []string{"acceptance"}},
		{"R20 no early expiry warning (0 days) is accepted", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: models.AcceptanceAutomatic, ExpiryNoticeDays: 0}, nil},
		{"R20 a warning 30 days ahead is accepted", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: models.AcceptanceAutomatic, ExpiryNoticeDays: 30}, nil},
		{"R20 a warning 31 days ahead is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: models.AcceptanceAutomatic, ExpiryNoticeDays: 31}, []string{"expiry_notice_days"}},
		{"R20 a negative warning is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: models.AcceptanceRequired, ExpiryNoticeDays: -1}, []string{"expiry_notice_days"}},
		{"R23 a bin retention of 0 days (delete at once) is accepted", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: models.AcceptanceAutomatic, ExpiryNoticeDays: 3, BinRetentionDays: 0}, nil},
		{"R23 a bin retention of 365 days is accepted", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: models.AcceptanceAutomatic, ExpiryNoticeDays: 3, BinRetentionDays: 365}, nil},
		{"R23 a bin retention of 366 days is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: models.AcceptanceAutomatic, ExpiryNoticeDays: 3, BinRetentionDays: 366}, []string{"bin_retention_days"}},
		{"R23 a negative bin retention is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 50, Acceptance: models.AcceptanceAutomatic, ExpiryNoticeDays: 3, BinRetentionDays: -1}, []string{"bin_retention_days"}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				w.policy(t, models.PolicyImmediate, 42)
				before := admState(t, db)
				prev, perr := w.admin.Settings(t.Context(), w.root)
				if perr != nil || prev.SharePolicy != models.PolicyImmediate || prev.ShareCap != 42 {
					t.Fatalf("Settings before = %+v, %v; want immediate, 42", prev, perr)
				}
				err := w.admin.SetSettings(t.Context(), w.root, tt.in)
				got, gerr := w.admin.Settings(t.Context(), w.root)
				if gerr != nil {
					t.Fatal(gerr)
				}
				if tt.wantFields == nil {
					want := tt.in
					if want.Acceptance == "" { // a policy and cap change keeps the lifecycle's settings
						want.Acceptance, want.ExpiryNoticeDays = prev.Acceptance, prev.ExpiryNoticeDays
						want.BinRetentionDays = prev.BinRetentionDays
					}
					if err != nil || got != want {
						t.Errorf("SetSettings = %v, then Settings = %+v; want %+v", err, got, want)
					}
					return
				}
				e := wantError(t, err, admInvalid, models.ErrInvalid)
				var fields []string
				for _, f := range e.Fields {
					fields = append(fields, f.Field)
				}
				if !slices.Equal(fields, tt.wantFields) {
					t.Errorf("fields = %q; want %q", fields, tt.wantFields)
				}
				if m, ok := e.Field("cap"); ok && (m.Key != "admin.cap_range" || !reflect.DeepEqual(m.Args, []any{1, 500})) {
					t.Errorf("cap message = %+v; want admin.cap_range 1..500", m)
				}
				admUnchanged(t, db, before)
				if got != prev {
					t.Errorf("Settings = %+v; want %+v", got, prev)
				}
			})
		}
	})
}

func TestAdminPolicy(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, w *admWorld)
	}{
		{"R17 under review a new share is pending, invisible to the recipient, shown to the owner as pending", func(t *testing.T, w *admWorld) {
			w.policy(t, models.PolicyReview, 50)
			out := w.share(t, w.img, w.alice)
			if len(out) != 1 || out[0].Status != models.SharePending {
				t.Fatalf("Share = %+v; want one pending share", out)
			}
			if w.sees(t, w.alice, w.img) {
				t.Error("the recipient sees an image whose share is pending")
			}
			_, err := w.instances.Launch(t.Context(), w.alice, admLaunch(shGZ, w.img.ID, 1))
			wantError(t, err, admImageNotFound, models.ErrNotFound)
			views, err := w.shares.ForImage(t.Context(), w.owner, w.img.ID)
			if err != nil || len(views) != 1 || views[0].Status != models.SharePending || !views[0].Live() {
				t.Errorf("owner's share list = %+v, %v; want one pending share", views, err)
			}
			admNotesAre(t, w, w.alice)
			admNotesAre(t, w, w.owner)
		}},
		{"R17 under review pending shares count toward the cap", func(t *testing.T, w *admWorld) {
			w.policy(t, models.PolicyReview, 2)
			w.share(t, w.img, w.alice, w.bob)
			before := admState(t, w.db)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.carol.AccountID}, RiskAccepted: true})
			wantError(t, err, admOverQuota, models.ErrInvalid)
			admUnchanged(t, w.db, before)
		}},
		{"R17 switching to review leaves active shares active and visible", func(t *testing.T, w *admWorld) {
			w.share(t, w.img, w.alice)
			w.policy(t, models.PolicyReview, 50)
			if got := shStatuses(t, w.db, w.img.ID, w.alice.AccountID); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("statuses = %q; want active", got)
			}
			if !w.sees(t, w.alice, w.img) {
				t.Error("the recipient lost the image when the policy changed")
			}
		}},
		{"R17 switching to immediate leaves pending shares pending; new shares are active", func(t *testing.T, w *admWorld) {
			w.policy(t, models.PolicyReview, 50)
			w.share(t, w.img, w.alice)
			w.policy(t, models.PolicyImmediate, 50)
			if got := shStatuses(t, w.db, w.img.ID, w.alice.AccountID); !slices.Equal(got, []string{models.SharePending}) {
				t.Errorf("statuses = %q; want pending", got)
			}
			if w.sees(t, w.alice, w.img) {
				t.Error("a pending share became visible when the policy changed")
			}
			if out := w.share(t, w.img, w.bob); out[0].Status != models.ShareActive {
				t.Errorf("new share = %s; want active", out[0].Status)
			}
		}},
		{"R1 lowering the cap below an image's count removes no share but blocks new ones", func(t *testing.T, w *admWorld) {
			w.share(t, w.img, w.alice, w.bob, w.carol)
			w.policy(t, models.PolicyImmediate, 2)
			if n := shLive(t, w.db, w.img.ID); n != 3 {
				t.Errorf("%d live shares after lowering the cap; want 3", n)
			}
			for _, who := range []models.Actor{w.alice, w.bob, w.carol} {
				if !w.sees(t, who, w.img) {
					t.Errorf("%s lost the image when the cap was lowered", who.AccountID)
				}
			}
			dave, _ := admMember(t, w.db, "Dave Co", models.RoleMember)
			before := admState(t, w.db)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{dave.AccountID}, RiskAccepted: true})
			wantError(t, err, admOverQuota, models.ErrInvalid)
			admUnchanged(t, w.db, before)
		}},
		{"R1 under a lowered cap an image below it may still share up to the cap", func(t *testing.T, w *admWorld) {
			silver := w.addImage(t, w.owner, shGZ, "silver")
			w.share(t, silver, w.alice)
			w.policy(t, models.PolicyImmediate, 2)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: silver.ID,
				AccountIDs: []string{w.bob.AccountID, w.carol.AccountID}, RiskAccepted: true})
			wantError(t, err, admOverQuota, models.ErrInvalid)
			w.share(t, silver, w.bob)
			if n := shLive(t, w.db, silver.ID); n != 2 {
				t.Errorf("%d live shares; want 2", n)
			}
		}},
		{"R1 raising the cap again lets the image share again", func(t *testing.T, w *admWorld) {
			w.share(t, w.img, w.alice, w.bob)
			w.policy(t, models.PolicyImmediate, 1)
			w.policy(t, models.PolicyImmediate, 3)
			w.share(t, w.img, w.carol)
			if n := shLive(t, w.db, w.img.ID); n != 3 {
				t.Errorf("%d live shares; want 3", n)
			}
		}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.run(t, admNewWorld(t, db))
			})
		}
	})
}
