package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
)

func TestAdminStorage(t *testing.T) {
	app := handlertest.New(t)
	admin := app.SignedIn(t, "admin", handlertest.AdminPassword)
	page := admin.Get("/admin/storage")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Allowed non-public addresses") {
		t.Fatalf("storage page: %d", page.StatusCode)
	}
	r := admin.Post("/admin/storage/import", url.Values{"max_mib": {"2048"}, "allow": {"10.0.0.0/8\nnot-an-address"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "not-an-address") {
		t.Fatalf("a bad allow-list: %d; want 422 naming the entry", r.StatusCode)
	}
	if r := admin.Post("/admin/storage/import", url.Values{"max_mib": {"2048"}, "allow": {"10.0.0.0/8"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("import settings: %d", r.StatusCode)
	}
	if r := admin.Post("/admin/storage/quota", url.Values{"account": {handlertest.AliceAccount}, "quota_mib": {"100"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("byte quota: %d %s", r.StatusCode, r.Body)
	}
	doc := admin.Get("/admin/storage").Doc(t)
	if got := doc.Find(`[data-storage-account="` + handlertest.AliceAccount + `"]`).Text(); !strings.Contains(got, "100.0 MiB") {
		t.Errorf("alice's row = %q; want her 100 MiB quota", got)
	}
	if v := doc.Find(`textarea[name="allow"]`).Text(); strings.TrimSpace(v) != "10.0.0.0/8" {
		t.Errorf("allow-list shown = %q", v)
	}
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	if r := alice.Get("/admin/storage"); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
		t.Errorf("a member on the storage page: %d", r.StatusCode)
	}
}
