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
	"imageshare/views/pages"
)

// R25 in the share dialog: alice, in Demo Corp, picks unit Engineering from
// the list; the live check counts it as one and names its reach (bob, in
// Platform below it); the Sharing tab and the Cancel dialog list it with
// its kind; cancelling it by its id ends it.
func TestShareDialogOrganizationTargets(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	const image = "/images/img-demo0002"

	doc := alice.Get(image + "/share").Doc(t)
	list := doc.Find("#" + pages.ShareTargetsID)
	for _, id := range []string{models.DemoOrgID, models.DemoUnitEngineer, models.DemoUnitPlatform, models.DemoUnitFinance} {
		if list.Find(`input[type=checkbox][name=targets][value="`+id+`"]`).Length() != 1 {
			t.Errorf("the list lacks %s: %s", id, text(list))
		}
	}
	reach := i18n.Tr("en", "share.reaches", 1)
	if !strings.Contains(text(list), "Engineering") || !strings.Contains(text(list), reach) {
		t.Errorf("the list does not name Engineering and its reach: %s", text(list))
	}

	r := alice.Get(image+"/share?accounts=&targets="+models.DemoUnitEngineer, handlertest.Fragment(pages.ShareCheckID))
	wantStatus(t, r, http.StatusOK)
	check := r.Doc(t)
	if got := text(check.Find(`[data-testid="share-counter"]`)); !strings.Contains(got, i18n.Tr("en", "share.counter_adding", 0, 50, 1)) {
		t.Errorf("counter %q", got)
	}
	if got := text(check.Find("#" + pages.ShareRiskReachID)); got != i18n.Tr("en", "share.risk_reach", 1) {
		t.Errorf("risk notice reach %q", got)
	}

	r = alice.Post(image+"/share", url.Values{"accounts": {"org-NOPE"}, "risk": {"yes"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := text(r.Doc(t).Find("main")); !strings.Contains(got, i18n.Tr("en", "share.target_malformed", "org-NOPE")) {
		t.Errorf("a malformed organization id is not refused by name: %s", got)
	}

	r = alice.Post(image+"/share", url.Values{"accounts": {""}, "targets": {models.DemoUnitEngineer}, "risk": {"yes"}})
	wantStatus(t, r, http.StatusSeeOther)
	tab := text(alice.Get(pages.DetailURL("img-demo0002", pages.DetailSharing)).Doc(t).Find(`tr[data-recipient="` + models.DemoUnitEngineer + `"]`))
	if !strings.Contains(tab, "Engineering") || !strings.Contains(tab, i18n.Tr("en", "share.kind_unit")) {
		t.Errorf("the Sharing tab row reads %q", tab)
	}
	bob := app.SignedIn(t, "bob", handlertest.DemoPassword)
	wantStatus(t, bob.Get(image), http.StatusOK)

	// Admin > Shares names the target's kind and reach (bob).
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	row := text(admin.Get("/admin/shares?image=img-demo0002&status=active").Doc(t).Find("tbody tr").FilterFunction(
		func(_ int, s *goquery.Selection) bool { return strings.Contains(s.Text(), models.DemoUnitEngineer) }))
	if !strings.Contains(row, i18n.Tr("en", "share.kind_unit")) || !strings.Contains(row, i18n.Tr("en", "share.reaches", 1)) {
		t.Errorf("Admin > Shares row of the unit share reads %q", row)
	}

	cancel := alice.Get(image + "/shares/cancel").Doc(t)
	if cancel.Find(`input[name=accounts][value="`+models.DemoUnitEngineer+`"]`).Length() != 1 {
		t.Fatalf("the cancel dialog does not list the unit: %s", text(cancel.Find("main")))
	}
	r = alice.Post(image+"/shares/cancel", url.Values{"accounts": {models.DemoUnitEngineer}})
	wantStatus(t, r, http.StatusSeeOther)
	wantStatus(t, bob.Get(image), http.StatusNotFound)
}
