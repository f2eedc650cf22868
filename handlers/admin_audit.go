package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

func auditFilter(c echo.Context) (models.AuditFilter, pages.AuditFilter) {
	v := pages.AuditFilter{Account: c.QueryParam("account"), User: c.QueryParam("user"), Action: c.QueryParam("action"),
		Resource: c.QueryParam("resource"), Outcome: c.QueryParam("outcome"), From: c.QueryParam("from"), To: c.QueryParam("to")}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	return models.AuditFilter{Account: v.Account, User: v.User, Action: v.Action, Resource: v.Resource, Outcome: v.Outcome,
		From: dateParam(c, "from", false), To: dateParam(c, "to", true), Page: page}, v
}

// audit is the platform's audit log with filters.
func (h *adminHandler) audit(c echo.Context) error {
	f, fv := auditFilter(c)
	page, err := h.admin.Audit(c.Request().Context(), web.Actor(c), f)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	q.Del("page")
	v := pages.AuditView{Filter: fv, Events: auditRows(c, page.Events), Page: page.Filter.Page, Pages: page.Pages(), PageSize: page.Filter.PageSize,
		Total: page.Total, Query: q.Encode()}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "admin.audit"), Content: pages.Audit(v)})
}

func (h *adminHandler) exportAudit(c echo.Context) error {
	f, _ := auditFilter(c)
	events, err := h.admin.ExportAudit(c.Request().Context(), web.Actor(c), f)
	if err != nil {
		return err
	}
	rows := make([][]string, len(events))
	for i, e := range events {
		rows[i] = []string{strconv.FormatInt(e.ID, 10), formatTime(&e.At), e.Username, e.AccountID, e.Action, e.Resource,
			e.Outcome, e.IP, e.RequestID, e.Detail}
	}
	return writeCSV(c, "audit", []string{"id", "time", "user", "account_id", "action", "resource", "outcome", "ip",
		"request_id", "detail"}, rows)
}

func auditRows(c echo.Context, events []models.AuditEvent) []pages.AuditRow {
	out := make([]pages.AuditRow, len(events))
	for i, e := range events {
		out[i] = pages.AuditRow{At: e.At, Username: e.Username, AccountID: e.AccountID, Action: e.Action,
			Resource: auditResource(web.Locale(c), e.Resource), Outcome: e.Outcome, IP: e.IP, RequestID: e.RequestID,
			Detail: e.Detail, Sentence: auditSentence(web.Locale(c), e)}
	}
	return out
}

// auditSentence says what an event recorded in the reader's language; the
// codes (action, outcome) stay in their own columns for those who search.
func auditSentence(locale string, e models.AuditEvent) string {
	key := "audit.ok." + e.Action
	if e.Outcome != models.OutcomeOK {
		key = "audit.no." + e.Action
	}
	if !i18n.Has(key) {
		return i18n.Tr(locale, "audit.other", e.Action, e.Resource)
	}
	return i18n.Tr(locale, key, auditResource(locale, e.Resource), e.Detail)
}

// auditResource words a user reference ("user:2") for people.
func auditResource(locale, resource string) string {
	if id, ok := strings.CutPrefix(resource, "user:"); ok {
		return i18n.Tr(locale, "audit.user_ref", id)
	}
	return resource
}
