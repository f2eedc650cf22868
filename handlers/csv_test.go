package handlers_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

// admCSV checks that r is a CSV download named after the export and returns
// its records, header first.
func admCSV(t *testing.T, r *handlertest.Response, export string) [][]string {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	if got := r.Header.Get("Content-Type"); got != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q, want text/csv; charset=utf-8", got)
	}
	disposition := regexp.MustCompile(`^attachment; filename="` + export + `-\d{8}-\d{6}\.csv"$`)
	if got := r.Header.Get("Content-Disposition"); !disposition.MatchString(got) {
		t.Errorf("Content-Disposition %q, want an attachment named %s-<time>.csv", got, export)
	}
	records, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("parse csv: %v\n%s", err, r.Body)
	}
	if len(records) == 0 {
		t.Fatal("empty csv: no header row")
	}
	return records
}

// admCSVRows maps each data row of records to a record keyed by the header's
// column names.
func admCSVRows(records [][]string) []map[string]string {
	var out []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range records[0] {
			if i < len(rec) {
				row[col] = rec[i]
			}
		}
		out = append(out, row)
	}
	return out
}

var admSharesHeader = []string{"share_id", "image_id", "image_name", "region", "owner_account_id", "owner_name",
	"recipient_account_id", "recipient_name", "target_type", "reach", "status", "created_at", "decided_at", "reason"}

// admSharesFixture builds shares of every status in three regions, with image
// names and a reason that a spreadsheet would run as formulas. It returns the
// share ids by "image>recipient".
func admSharesFixture(t *testing.T, app *handlertest.App) map[string]int64 {
	t.Helper()
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
	rename := func(c *handlertest.Client, image, name string) {
		t.Helper()
		wantRedirect(t, c.Post("/images/"+image, url.Values{"name": {name}, "description": {"renamed"}}), "/images/"+image)
	}
	rename(alice, "img-demo0002", "=SUM(A1:A9)")
	rename(alice, "img-demo0003", "+cmd|' /C calc'!A0")
	rename(alice, "img-demo0004", "-2+3")
	rename(bob, "img-demo0005", `warehouse, "api"`)

	ids := map[string]int64{"img-demo0001>bob": 1}
	for _, s := range []struct {
		owner            *handlertest.Client
		image, recipient string
	}{
		{alice, "img-demo0002", "bob"},
		{alice, "img-demo0002", "carol"},
		{alice, "img-demo0003", "carol"},
		{alice, "img-demo0004", "bob"},
		{bob, "img-demo0005", "alice"},
		{carol, "img-demo0006", "alice"},
	} {
		account := map[string]string{"alice": handlertest.AliceAccount, "bob": handlertest.BobAccount, "carol": admCarolAccount}[s.recipient]
		ids[s.image+">"+s.recipient] = admShare(t, app, s.owner, s.image, account)
	}
	wantRedirect(t, alice.Post("/images/img-demo0003/shares/cancel", url.Values{"accounts": {admCarolAccount}}), "/images/img-demo0003?tab=sharing")
	wantRedirect(t, admin.Post("/admin/shares/revoke", url.Values{"shares": {admSeededShare}, "reason": {"@SUM(1)"}}), "/admin/shares")
	return ids
}

// Filters narrow the admin's share list, and the CSV export of a filter has
// exactly the list's shares.
func TestAdminSharesFiltersAndCSV(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	ids := admSharesFixture(t, app)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	labels := map[string]string{}
	for label, id := range ids {
		labels[strconv.FormatInt(id, 10)] = label
	}

	// Newest first: the fixture's shares in reverse order of creation, the
	// demo's share (12 hours old) last.
	tests := []struct {
		name  string
		query url.Values
		want  []string
	}{
		{"owner", url.Values{"owner": {handlertest.AliceAccount}},
			[]string{"img-demo0004>bob", "img-demo0003>carol", "img-demo0002>carol", "img-demo0002>bob", "img-demo0001>bob"}},
		{"recipient", url.Values{"recipient": {admCarolAccount}}, []string{"img-demo0003>carol", "img-demo0002>carol"}},
		{"status active", url.Values{"status": {"active"}},
			[]string{"img-demo0006>alice", "img-demo0005>alice", "img-demo0004>bob", "img-demo0002>carol", "img-demo0002>bob"}},
		{"status cancelled", url.Values{"status": {"cancelled"}}, []string{"img-demo0003>carol"}},
		{"status revoked", url.Values{"status": {"revoked"}}, []string{"img-demo0001>bob"}},
		{"region", url.Values{"region_filter": {"ap-beijing"}}, []string{"img-demo0006>alice"}},
		{"owner, status and region", url.Values{"owner": {handlertest.AliceAccount}, "status": {"active"}, "region_filter": {"ap-guangzhou"}},
			[]string{"img-demo0002>carol", "img-demo0002>bob"}},
		{"oldest first", url.Values{"recipient": {handlertest.BobAccount}, "sort": {"oldest"}},
			[]string{"img-demo0001>bob", "img-demo0002>bob", "img-demo0004>bob"}},
		{"nothing matches", url.Values{"owner": {admCarolAccount}, "status": {"revoked"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := admin.Get("/admin/shares?" + tt.query.Encode())
			wantStatus(t, page, http.StatusOK)
			doc := page.Doc(t)
			var listed []string
			doc.Find("tr[data-share-id]").Each(func(_ int, tr *goquery.Selection) {
				id, _ := tr.Attr("data-share-id")
				listed = append(listed, labels[id])
			})
			if !slices.Equal(listed, tt.want) {
				t.Errorf("listed %v, want %v", listed, tt.want)
			}
			href, _ := doc.Find(`a[href^="/admin/shares.csv"]`).Attr("href")
			link, err := url.Parse(href)
			if err != nil || link.Query().Encode() != tt.query.Encode() {
				t.Errorf("export link %q does not carry the filter %q", href, tt.query.Encode())
			}

			records := admCSV(t, admin.Get(href), "shares")
			if !slices.Equal(records[0], admSharesHeader) {
				t.Errorf("header %v, want %v", records[0], admSharesHeader)
			}
			var exported []string
			for _, row := range admCSVRows(records) {
				exported = append(exported, labels[row["share_id"]])
			}
			slices.Sort(exported)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(exported, want) {
				t.Errorf("exported %v, want %v", exported, want)
			}
		})
	}
}

// Cells people typed (image names, reasons) that a spreadsheet would run as
// a formula are exported with a leading apostrophe; other cells are exact.
func TestAdminSharesCSVDefusesFormulas(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	ids := admSharesFixture(t, app)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	rows := map[int64]map[string]string{}
	for _, row := range admCSVRows(admCSV(t, admin.Get("/admin/shares.csv"), "shares")) {
		id, err := strconv.ParseInt(row["share_id"], 10, 64)
		if err != nil {
			t.Fatalf("share_id %q: %v", row["share_id"], err)
		}
		rows[id] = row
	}
	if len(rows) != len(ids) {
		t.Fatalf("exported %d shares, want %d", len(rows), len(ids))
	}
	tests := []struct {
		share, column, want string
	}{
		{"img-demo0002>bob", "image_name", "'=SUM(A1:A9)"},
		{"img-demo0003>carol", "image_name", "'+cmd|' /C calc'!A0"},
		{"img-demo0004>bob", "image_name", "'-2+3"},
		{"img-demo0001>bob", "reason", "'@SUM(1)"},
		{"img-demo0001>bob", "image_name", handlertest.SharedImageName},
		{"img-demo0001>bob", "status", models.ShareRevoked},
		{"img-demo0003>carol", "status", models.ShareCancelled},
		{"img-demo0005>alice", "image_name", `warehouse, "api"`},
		{"img-demo0005>alice", "owner_name", "Bob Logistics"},
		{"img-demo0005>alice", "recipient_account_id", handlertest.AliceAccount},
		{"img-demo0005>alice", "target_type", models.TargetAccount},
		{"img-demo0005>alice", "reach", "1"},
		{"img-demo0004>bob", "region", "ap-shanghai"},
		{"img-demo0004>bob", "decided_at", ""},
	}
	for _, tt := range tests {
		t.Run(tt.share+" "+tt.column, func(t *testing.T) {
			if got := rows[ids[tt.share]][tt.column]; got != tt.want {
				t.Errorf("%s = %q, want %q", tt.column, got, tt.want)
			}
		})
	}
	rfc3339 := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	for id, row := range rows {
		if !rfc3339.MatchString(row["created_at"]) {
			t.Errorf("share %d: created_at %q is not RFC 3339 UTC", id, row["created_at"])
		}
	}
}

var admAuditHeader = []string{"id", "time", "user", "account_id", "action", "resource", "outcome", "ip", "request_id", "detail"}

// The audit export has the log's events, newest first, filtered like the
// page, and defuses formulas a visitor typed into the sign-in form.
func TestAdminAuditCSV(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	admAuditScenario(t, app, admin, alice, bob)
	_, injected := admLoginPage(t, app, "=cmd()", "whatever-123")
	wantStatus(t, injected, http.StatusUnprocessableEntity)

	records := admCSV(t, admin.Get("/admin/audit.csv"), "audit")
	if !slices.Equal(records[0], admAuditHeader) {
		t.Fatalf("header %v, want %v", records[0], admAuditHeader)
	}
	rows := admCSVRows(records)
	index := func(match func(map[string]string) bool) int { return slices.IndexFunc(rows, match) }
	formula := index(func(r map[string]string) bool { return r["action"] == "auth.sign_in" && r["outcome"] == "AuthFailure" })
	failed := index(func(r map[string]string) bool {
		return r["action"] == "auth.sign_in" && r["user"] == "bob" && r["outcome"] == "AuthFailure"
	})
	revoke := index(func(r map[string]string) bool {
		return r["action"] == "admin.share.revoke" && r["user"] == "admin" && r["outcome"] == "ok"
	})
	share := index(func(r map[string]string) bool {
		return r["action"] == "share.create" && r["resource"] == "img-demo0002" && r["account_id"] == handlertest.AliceAccount
	})
	if formula != 0 || failed < 0 || revoke < 0 || share < 0 || !(failed < revoke && revoke < share) {
		t.Fatalf("want the injected sign-in first, then bob's failed sign-in, the revoke, the share; at %d, %d, %d, %d", formula, failed, revoke, share)
	}
	if got := rows[formula]["user"]; got != "'=cmd()" {
		t.Errorf("a typed username is exported as %q, want it defused as '=cmd()", got)
	}
	if got := rows[revoke]["detail"]; got != "audit me" {
		t.Errorf("revoke detail %q, want the reason", got)
	}
	for i, r := range rows {
		if r["request_id"] == "" && r["user"] != "" {
			t.Errorf("row %d (%s by %s) has no request id", i, r["action"], r["user"])
		}
	}

	// A filtered export matches the filtered page.
	tests := []url.Values{
		{"user": {"bob"}},
		{"outcome": {"error"}},
		{"account": {handlertest.AliceAccount}, "action": {"share."}},
	}
	for _, q := range tests {
		t.Run(q.Encode(), func(t *testing.T) {
			page := admin.Get("/admin/audit?" + q.Encode())
			wantStatus(t, page, http.StatusOK)
			var onPage []string
			for _, r := range admAuditRows(t, page, "audit-caption") {
				onPage = append(onPage, r.action+" "+r.user+" "+r.outcome)
			}
			href, _ := page.Doc(t).Find(`a[href^="/admin/audit.csv"]`).Attr("href")
			var exported []string
			for _, r := range admCSVRows(admCSV(t, admin.Get(href), "audit")) {
				// The page shows a typed username as typed; the export defuses it.
				exported = append(exported, r["action"]+" "+strings.TrimPrefix(r["user"], "'")+" "+r["outcome"])
			}
			if len(exported) == 0 || len(exported) >= len(rows) {
				t.Errorf("filter %v exported %d of %d events, want fewer but some", q, len(exported), len(rows))
			}
			if !slices.Equal(onPage, exported) {
				t.Errorf("page %v, export %v", onPage, exported)
			}
		})
	}
}
