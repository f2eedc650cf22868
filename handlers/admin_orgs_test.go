package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/i18n"
)

// admEmptyOrgID is an organization without units or members that the admin
// route table's fixture adds, so deleting an organization can succeed there.
const admEmptyOrgID = "org-empty001"

// admOrgMember reads org_members (its model is the store's own) for the
// admin route table's before/after comparison.
type admOrgMember struct {
	AccountID, OrganizationID string
	UnitID                    *string
}

func (admOrgMember) TableName() string { return "org_members" }

func admEmptyOrg(t *testing.T, db *models.DB) {
	t.Helper()
	if err := db.Create(&models.Organization{ID: admEmptyOrgID, Name: "Empty Org", CreatedAt: time.Now().UTC()}).Error; err != nil {
		t.Fatal(err)
	}
}

// admOrgRoutes are Admin > Organizations' rows of the admin route table, in
// an order in which each of the admin's POSTs succeeds on the demo data.
func admOrgRoutes() []admRoute {
	const html = "text/html"
	org := "/admin/organizations/" + models.DemoOrgID
	return []admRoute{
		{method: "GET", pattern: "/admin/organizations", path: "/admin/organizations", contentType: html},
		{method: "GET", pattern: "/admin/organizations/:id", path: org, contentType: html},
		{method: "POST", pattern: "/admin/organizations", path: "/admin/organizations",
			form:     url.Values{"name": {"Forged Org"}},
			location: "/admin/organizations/org-*", flash: i18n.Tr("en", "orgs.flash.created", "Forged Org")},
		{method: "POST", pattern: "/admin/organizations/:id/rename", path: org + "/rename",
			form:     url.Values{"name": {"Demo Corp Renamed"}},
			location: org, flash: i18n.Tr("en", "orgs.flash.renamed")},
		{method: "POST", pattern: "/admin/organizations/:id/units", path: org + "/units",
			form:     url.Values{"name": {"Forged Unit"}, "parent": {models.DemoUnitEngineer}},
			location: org + "#ou-*", flash: i18n.Tr("en", "orgs.flash.unit_created", "Forged Unit")},
		{method: "POST", pattern: "/admin/organizations/:id/units/rename", path: org + "/units/rename",
			form:     url.Values{"unit": {models.DemoUnitFinance}, "name": {"Treasury"}},
			location: org + "#" + models.DemoUnitFinance, flash: i18n.Tr("en", "orgs.flash.unit_renamed")},
		{method: "POST", pattern: "/admin/organizations/:id/units/move", path: org + "/units/move",
			form:     url.Values{"unit": {models.DemoUnitFinance}, "parent": {models.DemoUnitEngineer}},
			location: org + "#" + models.DemoUnitFinance, flash: i18n.Tr("en", "orgs.flash.unit_moved")},
		{method: "POST", pattern: "/admin/organizations/:id/members", path: org + "/members",
			form:     url.Values{"account": {admCarolAccount}, "unit": {models.DemoUnitFinance}},
			location: org, flash: i18n.Tr("en", "orgs.flash.assigned", admCarolAccount)},
		{method: "POST", pattern: "/admin/organizations/:id/members/remove", path: org + "/members/remove",
			form:     url.Values{"account": {admCarolAccount}},
			location: org, flash: i18n.Tr("en", "orgs.flash.removed", admCarolAccount)},
		{method: "POST", pattern: "/admin/organizations/:id/units/delete", path: org + "/units/delete",
			form:     url.Values{"unit": {models.DemoUnitFinance}},
			location: org, flash: i18n.Tr("en", "orgs.flash.unit_deleted")},
		{method: "POST", pattern: "/admin/organizations/:id/delete", path: "/admin/organizations/" + admEmptyOrgID + "/delete",
			location: "/admin/organizations", flash: i18n.Tr("en", "orgs.flash.deleted")},
	}
}

// orgPage is an organization's page as the admin sees it.
func orgPage(t *testing.T, admin *handlertest.Client, orgID string) *handlertest.Response {
	t.Helper()
	r := admin.Get("/admin/organizations/" + orgID)
	wantStatus(t, r, http.StatusOK)
	return r
}

// orgPost posts one of an organization page's forms and returns the id the
// redirect's fragment names (a unit just created, moved or renamed).
func orgPost(t *testing.T, admin *handlertest.Client, path string, form url.Values, orgID string) string {
	t.Helper()
	r := admin.Post(path, form)
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	page, fragment, _ := strings.Cut(loc, "#")
	if page != "/admin/organizations/"+orgID {
		t.Fatalf("POST %s: Location %q, want the organization's page", path, loc)
	}
	return fragment
}

// wantOrgRefusal fails unless r is the organization's page again (422)
// with the domain's message in the element of selector.
func wantOrgRefusal(t *testing.T, r *handlertest.Response, selector, want string) {
	t.Helper()
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := text(r.Doc(t).Find(selector)); got != want {
		t.Errorf("%s = %q, want %q", selector, got, want)
	}
}

// R25 through the admin's pages, on each database: an organization with a
// two-level tree, its counts, every refusal shown next to its field with the
// values kept, and the way back to nothing.
func TestR25AdminBuildsAnOrganization(t *testing.T) {
	t.Parallel()
	handlertest.Each(t, testAdminBuildsAnOrganization)
}

func testAdminBuildsAnOrganization(t *testing.T, app *handlertest.App) {
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	tr := func(key string, args ...any) string { return i18n.Tr("en", key, args...) }

	// A refused name comes back with the value and the message.
	r := admin.Post("/admin/organizations", url.Values{"name": {"demo corp"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	doc := r.Doc(t)
	if got := text(doc.Find("#field-name-error")); got != tr("org.name_taken", "demo corp") {
		t.Errorf("name error %q", got)
	}
	if v, _ := doc.Find("#field-name").Attr("value"); v != "demo corp" {
		t.Errorf("name kept as %q", v)
	}

	r = admin.Post("/admin/organizations", url.Values{"name": {"Acme"}})
	wantStatus(t, r, http.StatusSeeOther)
	orgID := strings.TrimPrefix(r.Header.Get("Location"), "/admin/organizations/")
	if !models.ValidOrgID(orgID) {
		t.Fatalf("created organization at %q", r.Header.Get("Location"))
	}
	if got := admFlash(t, admFollow(t, admin, r), "success"); got != tr("orgs.flash.created", "Acme") {
		t.Errorf("flash %q", got)
	}
	base := "/admin/organizations/" + orgID
	eng := orgPost(t, admin, base+"/units", url.Values{"name": {"Eng"}}, orgID)
	platform := orgPost(t, admin, base+"/units", url.Values{"name": {"Platform"}, "parent": {eng}}, orgID)
	orgPost(t, admin, base+"/members", url.Values{"account": {admCarolAccount}, "unit": {platform}}, orgID)

	doc = orgPage(t, admin, orgID).Doc(t)
	if doc.Find("li#"+eng+" ul li#"+platform).Length() != 1 {
		t.Error("Platform is not listed under Eng")
	}
	counts := map[string]string{
		eng:      tr("orgs.direct", 0) + " · " + tr("orgs.total", 1),
		platform: tr("orgs.direct", 1) + " · " + tr("orgs.total", 1),
	}
	for id, want := range counts {
		if got := text(doc.Find("li#" + id + " > [role=group] [data-testid=unit-counts]")); got != want {
			t.Errorf("counts of %s: %q, want %q", id, got, want)
		}
	}
	if doc.Find("li#"+platform+" > [role=group] a[href='/admin/accounts/"+admCarolAccount+"']").Length() != 1 {
		t.Errorf("carol is not listed in Platform")
	}
	if n := doc.Find("#new-unit-parent option").Length(); n != 3 {
		t.Errorf("the parent select has %d options, want top level and two units", n)
	}

	// Refusals, each next to its field, the form open, the values kept.
	r = admin.Post(base+"/units/delete", url.Values{"unit": {eng}})
	wantOrgRefusal(t, r, "#"+eng+"-delete-error", tr("org.unit_delete_has_units", "Eng"))
	if _, open := r.Doc(t).Find("li#" + eng + " > [role=group] > details").Attr("open"); !open {
		t.Error("the refused form's section is closed")
	}
	r = admin.Post(base+"/units/move", url.Values{"unit": {eng}, "parent": {platform}})
	wantOrgRefusal(t, r, "#move-parent-error", tr("org.unit_cycle", "Eng"))
	for id, want := range map[string]string{"move-unit": eng, "move-parent": platform} {
		if v, _ := r.Doc(t).Find("#" + id + " option[selected]").Attr("value"); v != want {
			t.Errorf("the move's %s kept as %q, want %q", id, v, want)
		}
	}
	r = admin.Post(base+"/units/rename", url.Values{"unit": {platform}, "name": {""}})
	wantOrgRefusal(t, r, "#"+platform+"-rename-name-error", tr("validation.required"))
	wantOrgRefusal(t, admin.Post(base+"/members", url.Values{"account": {"199999999999"}}),
		"#member-account-error", tr("account.not_found", "199999999999"))
	wantOrgRefusal(t, admin.Post(base+"/delete", nil), "#org-delete-error", tr("org.delete_has_units", "Acme"))
	r = admin.Post(base+"/units", url.Values{"name": {"platform"}, "parent": {eng}})
	wantOrgRefusal(t, r, "#new-unit-name-error", tr("org.unit_name_taken", "platform"))
	if v, _ := r.Doc(t).Find("#new-unit-name").Attr("value"); v != "platform" {
		t.Errorf("the new unit's name kept as %q", v)
	}
	// A unit of another organization: not on this page, so its message is at the top.
	wantOrgRefusal(t, admin.Post(base+"/units/delete", url.Values{"unit": {models.DemoUnitEngineer}}),
		"main [data-testid=form-error]", tr("org.unit_delete_has_units", "Engineering"))

	// Platform to the top level, carol out, then everything away.
	if got := orgPost(t, admin, base+"/units/move", url.Values{"unit": {platform}, "parent": {""}}, orgID); got != platform {
		t.Errorf("after the move the page opens at %q", got)
	}
	doc = orgPage(t, admin, orgID).Doc(t)
	if doc.Find("li#"+eng+" li#"+platform).Length() != 0 || doc.Find("li#"+platform).Length() != 1 {
		t.Error("Platform is still under Eng")
	}
	orgPost(t, admin, base+"/members/remove", url.Values{"account": {admCarolAccount}}, orgID)
	if m, err := app.Stores.Orgs.MembershipOf(t.Context(), admCarolAccount); err != nil || m != nil {
		t.Errorf("carol after removal: %+v, %v", m, err)
	}
	orgPost(t, admin, base+"/units/delete", url.Values{"unit": {platform}}, orgID)
	orgPost(t, admin, base+"/units/delete", url.Values{"unit": {eng}}, orgID)
	r = admin.Post(base+"/delete", nil)
	wantRedirect(t, r, "/admin/organizations")
	list := admFollow(t, admin, r)
	if strings.Contains(list.Body, orgID) {
		t.Error("the deleted organization is still listed")
	}
	admWantNotFoundPage(t, admin.Get(base))
}

// The list shows each organization with its unit and member counts.
func TestR25AdminOrganizationsList(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	doc := admin.Get("/admin/organizations").Doc(t)
	var cells []string
	doc.Find("main tbody tr").Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Text(), models.DemoOrgID) {
			s.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, text(td)) })
		}
	})
	if len(cells) < 3 || cells[1] != "3" || cells[2] != "2" {
		t.Errorf("Demo Corp's row: %q, want 3 units and 2 members", cells)
	}
	if doc.Find(`nav[aria-label="`+i18n.Tr("en", "admin.sections")+`"] a[href="/admin/organizations"][aria-current="page"]`).Length() != 1 {
		t.Error("the admin navigation does not mark Organizations as the current section")
	}
}

// Members get the not-found page; a POST without a CSRF token is refused
// and changes nothing.
func TestR25OrganizationsOnlyForAdminsWithToken(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	admWantNotFoundPage(t, alice.Get("/admin/organizations"))
	admWantNotFoundPage(t, alice.Get("/admin/organizations/"+models.DemoOrgID))
	admWantNotFoundPage(t, alice.Post("/admin/organizations", url.Values{"name": {"Alice Org"}}))

	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	wantStatus(t, admin.PostRaw("/admin/organizations", url.Values{"name": {"No Token Org"}}), http.StatusForbidden)
	wantStatus(t, admin.PostRaw("/admin/organizations/"+models.DemoOrgID+"/units/delete",
		url.Values{"unit": {models.DemoUnitFinance}}), http.StatusForbidden)
	var n int64
	if err := app.DB.Model(&models.Organization{}).Count(&n).Error; err != nil || n != 1 {
		t.Errorf("%d organizations after the refused posts (%v), want the demo's 1", n, err)
	}
	if err := app.DB.Model(&models.OrgUnit{}).Where("id = ?", models.DemoUnitFinance).Count(&n).Error; err != nil || n != 1 {
		t.Errorf("Finance after a POST without token: %d rows, %v", n, err)
	}
}

// An account's organization and unit path, on its own Account page and on
// the admin's page of the account (MembershipOf).
func TestR25AccountPagesShowTheOrganization(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	place := func(c *handlertest.Client, path string) string {
		t.Helper()
		r := c.Get(path)
		wantStatus(t, r, http.StatusOK)
		return text(r.Doc(t).Find("main [data-testid=account-organization]"))
	}
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	if got := place(bob, "/account"); got != "Demo Corp · Engineering › Platform" {
		t.Errorf("bob's Account page: %q", got)
	}
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	if got := place(alice, "/account"); got != "Demo Corp" {
		t.Errorf("alice's Account page: %q", got)
	}
	carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
	if got := place(carol, "/account"); got != i18n.Tr("en", "orgs.no_organization") {
		t.Errorf("carol's Account page: %q", got)
	}
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	if got, want := place(admin, "/admin/accounts/"+handlertest.BobAccount), i18n.Tr("en", "orgs.organization")+": Demo Corp · Engineering › Platform"; got != want {
		t.Errorf("the admin's page of bob: %q, want %q", got, want)
	}
	r := admin.Get("/admin/accounts/" + handlertest.BobAccount)
	if r.Doc(t).Find("main [data-testid=account-organization] a[href='/admin/organizations/"+models.DemoOrgID+"']").Length() != 1 {
		t.Error("the admin's page of bob does not link to Demo Corp")
	}
}
