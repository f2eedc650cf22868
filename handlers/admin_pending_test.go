package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
)

// Under the review policy (R17) an admin sees how many shares wait: on the
// overview, and as a badge on the Review tab of every admin page. The
// Settings card starts with its content, not an empty band.
func TestAdminSeesPendingReview(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	if strings.TrimSpace(text(admin.Get("/admin").Doc(t).Find(`[data-testid="review-badge"]`))) != "" {
		t.Fatal("a badge shows with nothing to review")
	}
	wantRedirect(t, admin.Post("/admin/settings", url.Values{"policy": {"review"}, "cap": {"50"}}), "/admin/settings")
	for _, id := range []string{"img-demo0002", "img-demo0003"} {
		alice.Post("/images/"+id+"/share", url.Values{"accounts": {handlertest.BobAccount}, "risk": {"yes"}})
	}

	stat := text(admin.Get("/admin").Doc(t).Find(`[data-testid="pending-review"]`))
	if !strings.Contains(stat, i18n.Tr("en", "admin.pending_review")) || !strings.Contains(stat, "2") {
		t.Errorf("the overview's pending count reads %q, want 2", stat)
	}
	settings := admin.Get("/admin/settings").Doc(t)
	badge := settings.Find(`nav a[href="/admin/review"] [data-testid="review-badge"]`)
	if got, want := text(badge), "2 "+i18n.Tr("en", "admin.review_waiting", 2); got != want {
		t.Errorf("the Review tab's badge reads %q, want %q", got, want)
	}
	if first := settings.Find(`main form[action="/admin/settings"]`).Children().First(); first.Is("input[type=hidden]") {
		t.Error("the settings card starts with a hidden input, which space-y turns into an empty band")
	}
	if n := alice.Get("/images").Doc(t).Find(`[data-testid="review-badge"]`).Length(); n != 0 {
		t.Error("a member sees the review badge")
	}
}
