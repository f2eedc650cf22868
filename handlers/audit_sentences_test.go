package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
)

const carolAccount = "100000000003"

// The audit log and a member's account activity say what happened in the
// reader's language; the codes stay in their own column.
func TestAuditReadsAsSentences(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	alice.Post("/images/img-demo0002/share", url.Values{"accounts": {carolAccount}, "risk": {"yes"}})
	alice.Post("/preferences/language", url.Values{"lang": {"pt-BR"}})

	activity := alice.Get("/account").Doc(t).Find(`section[aria-labelledby="account-activity"] tbody`)
	shared := i18n.Tr("pt-BR", "audit.ok.share.create", "img-demo0002", carolAccount)
	if !strings.Contains(text(activity), shared) {
		t.Errorf("alice's activity lacks %q:\n%s", shared, text(activity))
	}
	if activity.Find("td").FilterFunction(func(_ int, s *goquery.Selection) bool { return text(s) == "share.create" }).Length() == 0 {
		t.Error("the code share.create is not in its own cell")
	}

	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	log := text(admin.Get("/admin/audit?user=alice").Doc(t).Find("main tbody"))
	for _, want := range []string{
		i18n.Tr("en", "audit.ok.share.create", "img-demo0002", carolAccount),
		i18n.Tr("en", "audit.ok.auth.sign_in"),
		i18n.Tr("en", "audit.ok.user.locale", "", "pt-BR"),
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "user:") {
		t.Errorf("the audit log shows a raw user reference:\n%s", log)
	}
}
