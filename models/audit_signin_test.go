package models_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

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
