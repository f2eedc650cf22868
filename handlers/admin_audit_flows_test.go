package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"imageshare/handlers/handlertest"
)

func TestAdminAuditLog(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	admAuditScenario(t, app, admin, alice, bob)

	all := admAuditRows(t, admin.Get("/admin/audit"), "audit-caption")
	find := func(want admAuditRow) int {
		return slices.IndexFunc(all, func(r admAuditRow) bool {
			return r.action == want.action && r.user == want.user && r.resource == want.resource && r.outcome == want.outcome
		})
	}
	failed := slices.IndexFunc(all, func(r admAuditRow) bool {
		return r.action == "auth.sign_in" && r.user == "bob" && r.outcome == "AuthFailure"
	})
	revoke := find(admAuditRow{user: "admin", action: "admin.share.revoke", resource: "[1]", outcome: "ok"})
	share := find(admAuditRow{user: "alice", action: "share.create", resource: "img-demo0002", outcome: "ok"})
	if failed < 0 || revoke < 0 || share < 0 || !(failed < revoke && revoke < share) {
		t.Fatalf("want the failed sign-in, the revoke and the share, newest first; at %d, %d, %d in\n%+v", failed, revoke, share, all)
	}
	if got := all[share].account; got != handlertest.AliceAccount {
		t.Errorf("alice's share is logged in account %q", got)
	}

	tests := []struct {
		name  string
		query url.Values
		match func(admAuditRow) bool
	}{
		{"account", url.Values{"account": {handlertest.AliceAccount}}, func(r admAuditRow) bool { return r.account == handlertest.AliceAccount }},
		{"user", url.Values{"user": {"BOB"}}, func(r admAuditRow) bool { return r.user == "bob" }},
		{"action prefix", url.Values{"action": {"share."}}, func(r admAuditRow) bool { return strings.HasPrefix(r.action, "share.") }},
		{"outcome error", url.Values{"outcome": {"error"}}, func(r admAuditRow) bool { return r.outcome != "ok" }},
		{"outcome ok", url.Values{"outcome": {"ok"}}, func(r admAuditRow) bool { return r.outcome == "ok" }},
		{"resource", url.Values{"resource": {"img-demo0005"}}, func(r admAuditRow) bool { return r.resource == "img-demo0005" }},
		{"user and action", url.Values{"user": {"alice"}, "action": {"share.create"}}, func(r admAuditRow) bool {
			return r.user == "alice" && r.action == "share.create"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := admin.Get("/admin/audit?" + tt.query.Encode())
			wantStatus(t, page, http.StatusOK)
			got := admAuditRows(t, page, "audit-caption")
			var want []admAuditRow
			for _, r := range all {
				if tt.match(r) {
					want = append(want, r)
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("the filter %v should narrow %d events to some; matches %d", tt.query, len(all), len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("filtered %v:\n got %+v\nwant %+v", tt.query, got, want)
			}
			for key := range tt.query {
				sel := `form[action="/admin/audit"] [name="` + key + `"]`
				field := page.Doc(t).Find(sel)
				v, _ := field.Attr("value")
				if field.Is("select") {
					v, _ = field.Find("option[selected]").Attr("value")
				}
				if v != tt.query.Get(key) {
					t.Errorf("filter %s shows %q, want %q kept", key, v, tt.query.Get(key))
				}
			}
		})
	}
}

// Date filters take whole UTC days; "to" includes its day.
func TestAdminAuditDateFilters(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	all := len(admAuditRows(t, admin.Get("/admin/audit"), "audit-caption"))
	day := func(offset int) string { return time.Now().UTC().AddDate(0, 0, offset).Format("2006-01-02") }
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{"around today", day(-1), day(1), all},
		{"to today", "", day(0), all},
		{"from tomorrow", day(1), "", 0},
		{"until yesterday", "", day(-1), 0},
	}
	if all == 0 {
		t.Fatal("no events to filter")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := url.Values{"from": {tt.from}, "to": {tt.to}}
			if got := len(admAuditRows(t, admin.Get("/admin/audit?"+q.Encode()), "audit-caption")); got != tt.want {
				t.Errorf("%v: %d events, want %d", q, got, tt.want)
			}
		})
	}
}

// A member's Account page shows what happened in its own account, never in another's.
func TestAdminAuditAccountActivityIsOwnOnly(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	admAuditScenario(t, app, admin, alice, bob)

	tests := []struct {
		name, account, own, other string
		c                         *handlertest.Client
	}{
		{"alice", handlertest.AliceAccount, "img-demo0002", "img-demo0005", alice},
		{"bob", handlertest.BobAccount, "img-demo0005", "img-demo0002", bob},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := admAuditRows(t, tt.c.Get("/account"), "account-activity")
			if !slices.ContainsFunc(rows, func(r admAuditRow) bool { return r.action == "share.create" && r.resource == tt.own }) {
				t.Errorf("%s's activity lacks its share of %s: %+v", tt.name, tt.own, rows)
			}
			for _, r := range rows {
				if r.account != tt.account || r.resource == tt.other || r.user == "admin" {
					t.Errorf("%s's activity shows another account's event %+v", tt.name, r)
				}
			}
		})
	}
}

// A refused sign-in is logged against the user it tried, so the resource
// filter finds every attempt on one user.
func TestAdminAuditFailedSignInNamesTheUser(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	_, failed := admLoginPage(t, app, "  Bob ", "not-the-password")
	wantStatus(t, failed, http.StatusUnprocessableEntity)
	rows := admAuditRows(t, admin.Get("/admin/audit?resource=user:bob&outcome=error"), "audit-caption")
	if len(rows) != 1 || rows[0].user != "bob" || rows[0].action != "auth.sign_in" || rows[0].outcome != "AuthFailure" {
		t.Errorf("failed sign-ins on user:bob: %+v, want bob's one auth.sign_in refused with AuthFailure", rows)
	}
}
