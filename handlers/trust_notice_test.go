package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/i18n"
)

// R8 in the image pickers: a select cuts a long option off, so the trust
// notice of the launch and reinstall pages names each owner in full, and
// its words fit both pages (a reinstall launches nothing).
func TestPickerTrustNoticeNamesTheOwnerInFull(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	wantStatus(t, bob.Post("/instances", url.Values{"region": {"ap-guangzhou"}, "zone": {"ap-guangzhou-1"},
		"image": {handlertest.SharedImage}, "instance_type": {"S5.MEDIUM2"}, "name": {"trust-web"}, "count": {"1"}}),
		http.StatusSeeOther)
	var ins models.Instance
	if err := app.DB.Where("name = ?", "trust-web").Take(&ins).Error; err != nil {
		t.Fatal(err)
	}
	owner := i18n.Tr("en", "detail.shared_by", "Alice's Studio", handlertest.AliceAccount)
	for _, path := range []string{"/instances/new?image=" + handlertest.SharedImage, "/instances/" + ins.ID + "/reinstall"} {
		doc := bob.Get(path).Doc(t)
		notice := text(doc.Find("[role=alert], [role=status], .rounded-md").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), i18n.Tr("en", "shared.trust_title"))
		}).Last())
		if !strings.Contains(notice, owner) {
			t.Errorf("%s: the trust notice %q does not name %q", path, notice, owner)
		}
		if strings.Contains(notice, "launch") {
			t.Errorf("%s: the trust notice speaks of launching: %q", path, notice)
		}
		option := text(doc.Find("#field-image option[value='" + handlertest.SharedImage + "']"))
		if !strings.HasPrefix(option, "web-frontend-v3 — shared by account "+handlertest.AliceAccount) {
			t.Errorf("%s: the option %q does not name the owner's account first", path, option)
		}
	}
}
