package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// orgHandler is Admin > Organizations (R25): the list, one organization's
// tree of units and members, and the forms that change them. Every rule is
// the OrgStore's; a refusal comes back as the domain's message next to the
// form's field (422, values kept), a success as a flash after a redirect.
type orgHandler struct {
	orgs  *models.OrgStore
	admin *models.AdminStore
}

const orgsPath = "/admin/organizations"

func (h *orgHandler) list(c echo.Context) error {
	return h.renderList(c, http.StatusOK, "", nil)
}

func (h *orgHandler) create(c echo.Context) error {
	name := c.FormValue("name")
	o, err := h.orgs.CreateOrganization(c.Request().Context(), web.Actor(c), name)
	if refused(err) {
		return h.renderList(c, http.StatusUnprocessableEntity, name, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "orgs.flash.created", o.Name))
	return web.Redirect(c, orgsPath+"/"+o.ID)
}

func (h *orgHandler) renderList(c echo.Context, status int, name string, err error) error {
	list, lerr := h.orgs.Organizations(c.Request().Context(), web.Actor(c))
	if lerr != nil {
		return lerr
	}
	v := pages.AdminOrgsView{Name: name, Errors: formErrors(c, err, "name")}
	for _, o := range list {
		v.Rows = append(v.Rows, pages.AdminOrgRow{ID: o.ID, Name: o.Name, Units: o.Units, Members: o.Members, CreatedAt: o.CreatedAt})
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "orgs.title"), Content: pages.AdminOrgs(v)})
}

func (h *orgHandler) show(c echo.Context) error {
	return h.render(c, http.StatusOK, pages.OrgForm{}, nil)
}

func (h *orgHandler) rename(c echo.Context) error {
	form := orgForm(c, pages.OrgFormRename, "name")
	err := h.orgs.RenameOrganization(c.Request().Context(), web.Actor(c), c.Param("id"), form.Values["name"])
	return h.done(c, form, err, "", "orgs.flash.renamed")
}

// delete removes an empty organization and goes back to the list.
func (h *orgHandler) delete(c echo.Context) error {
	err := h.orgs.DeleteOrganization(c.Request().Context(), web.Actor(c), c.Param("id"))
	if refused(err) {
		return h.render(c, http.StatusUnprocessableEntity, pages.OrgForm{Action: pages.OrgFormDelete}, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "orgs.flash.deleted"))
	return web.Redirect(c, orgsPath)
}

func (h *orgHandler) createUnit(c echo.Context) error {
	form := orgForm(c, pages.OrgFormUnitCreate, "name", "parent")
	u, err := h.orgs.CreateUnit(c.Request().Context(), web.Actor(c), c.Param("id"), form.Values["parent"], form.Values["name"])
	return h.done(c, form, err, unitAnchor(u.ID), "orgs.flash.unit_created", u.Name)
}

func (h *orgHandler) renameUnit(c echo.Context) error {
	form := orgForm(c, pages.OrgFormUnitRename, "unit", "name")
	err := h.orgs.RenameUnit(c.Request().Context(), web.Actor(c), form.Unit, form.Values["name"])
	return h.done(c, form, err, unitAnchor(form.Unit), "orgs.flash.unit_renamed")
}

func (h *orgHandler) moveUnit(c echo.Context) error {
	form := orgForm(c, pages.OrgFormUnitMove, "unit", "parent")
	err := h.orgs.MoveUnit(c.Request().Context(), web.Actor(c), form.Unit, form.Values["parent"])
	return h.done(c, form, err, unitAnchor(form.Unit), "orgs.flash.unit_moved")
}

func (h *orgHandler) deleteUnit(c echo.Context) error {
	form := orgForm(c, pages.OrgFormUnitDelete, "unit")
	err := h.orgs.DeleteUnit(c.Request().Context(), web.Actor(c), form.Unit)
	return h.done(c, form, err, "", "orgs.flash.unit_deleted")
}

// assign places an account in this organization, in a unit or in none;
// an account of another organization moves here (the domain's rule).
func (h *orgHandler) assign(c echo.Context) error {
	form := orgForm(c, pages.OrgFormAssign, "account", "unit")
	err := h.orgs.SetMembership(c.Request().Context(), web.Actor(c), form.Values["account"], c.Param("id"), form.Values["unit"])
	return h.done(c, form, err, "", "orgs.flash.assigned", form.Values["account"])
}

func (h *orgHandler) remove(c echo.Context) error {
	form := orgForm(c, pages.OrgFormRemove, "account")
	err := h.orgs.SetMembership(c.Request().Context(), web.Actor(c), form.Account, "", "")
	return h.done(c, form, err, "", "orgs.flash.removed", form.Account)
}

// orgForm reads a form of the organization's page: its fields as typed,
// and the unit or account it is about.
func orgForm(c echo.Context, action string, fields ...string) pages.OrgForm {
	f := pages.OrgForm{Action: action, Values: map[string]string{}}
	for _, name := range fields {
		f.Values[name] = c.FormValue(name)
	}
	f.Unit, f.Account = f.Values["unit"], f.Values["account"]
	if action == pages.OrgFormAssign {
		f.Unit = "" // the unit chosen, not the unit the form is about
	}
	return f
}

// done ends a change of the organization's page: the page again with the
// form's message (422) when the domain refused, else a flash and the page
// (at anchor, the unit concerned).
func (h *orgHandler) done(c echo.Context, form pages.OrgForm, err error, anchor, okKey string, args ...any) error {
	if refused(err) {
		return h.render(c, http.StatusUnprocessableEntity, form, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), okKey, args...))
	return web.Redirect(c, orgsPath+"/"+c.Param("id")+anchor)
}

// refused is a refusal the page shows next to the form, as opposed to a
// failure for the error page.
func refused(err error) bool {
	_, ok := models.AsError(err)
	return ok && errors.Is(err, models.ErrInvalid)
}

func unitAnchor(id string) string {
	if id == "" {
		return ""
	}
	return "#" + id
}
