package handlers

import (
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/pages"
	"imageshare/web"
)

// orgFormFields are the fields each form of the organization's page shows a
// message next to; a message for any other field goes to the form as a
// whole.
var orgFormFields = map[string][]string{
	pages.OrgFormRename:     {"name"},
	pages.OrgFormDelete:     {"organization"},
	pages.OrgFormUnitCreate: {"name", "parent"},
	pages.OrgFormUnitRename: {"name"},
	pages.OrgFormUnitMove:   {"unit", "parent", "name"},
	pages.OrgFormUnitDelete: {"unit"},
	pages.OrgFormAssign:     {"account", "unit"},
	pages.OrgFormRemove:     {"account"},
}

// render shows an organization's page; form is the form the domain refused
// with err, if any.
func (h *orgHandler) render(c echo.Context, status int, form pages.OrgForm, err error) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	tree, terr := h.orgs.Tree(ctx, actor, c.Param("id"))
	if terr != nil { // an unknown organization is the domain's not found: the 404 page
		return terr
	}
	accounts, aerr := h.admin.ListAccounts(ctx, actor, "", 1)
	if aerr != nil {
		return aerr
	}
	form.Errors = formErrors(c, err, orgFormFields[form.Action]...)
	v := pages.AdminOrgView{ID: tree.Organization.ID, Name: tree.Organization.Name, TotalMembers: tree.TotalMembers,
		Members: memberRows(tree.Members), Units: unitNodes(tree.Units), Form: form}
	// The unit or member the refused form was about; a form this page does
	// not show (another organization's unit, a member who left meanwhile)
	// has its message at the top of the page.
	about, shown := form.Unit, map[string]bool{"": true}
	if form.Action == pages.OrgFormRemove {
		about = form.Account
	}
	for _, u := range tree.Flat() {
		v.Options = append(v.Options, pages.OrgUnitOption{ID: u.Unit.ID, Name: u.Unit.Name, Depth: u.Depth})
		shown[u.Unit.ID] = true
		for _, m := range u.Members {
			shown[m.AccountID] = true
		}
	}
	for _, m := range tree.Members {
		shown[m.AccountID] = true
	}
	if !shown[about] {
		v.Form = pages.OrgForm{Errors: formErrors(c, err)}
	}
	for _, a := range accounts.Accounts {
		v.Accounts = append(v.Accounts, pages.OrgMemberRow{AccountID: a.ID, Name: a.Name})
	}
	return web.Render(c, status, web.Page{Title: tree.Organization.Name, Content: pages.AdminOrg(v)})
}

func memberRows(members []models.OrgMember) []pages.OrgMemberRow {
	out := make([]pages.OrgMemberRow, 0, len(members))
	for _, m := range members {
		out = append(out, pages.OrgMemberRow{AccountID: m.AccountID, Name: m.Name})
	}
	return out
}

func unitNodes(units []models.OrgTreeUnit) []pages.OrgUnitNode {
	out := make([]pages.OrgUnitNode, 0, len(units))
	for _, u := range units {
		parent := ""
		if u.Unit.ParentID != nil {
			parent = *u.Unit.ParentID
		}
		out = append(out, pages.OrgUnitNode{ID: u.Unit.ID, Name: u.Unit.Name, ParentID: parent, Depth: u.Depth,
			Direct: u.DirectMembers, Total: u.TotalMembers, Members: memberRows(u.Members), Children: unitNodes(u.Children)})
	}
	return out
}

// placeOf is where the domain says an account sits, for the Account pages;
// nil when it is in no organization.
func placeOf(m *models.Membership) *pages.Place {
	if m == nil {
		return nil
	}
	return &pages.Place{OrgID: m.OrganizationID, OrgName: m.OrganizationName, UnitPath: m.UnitPath}
}
