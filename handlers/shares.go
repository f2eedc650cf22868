package handlers

import (
	"net/http"
	"slices"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

type shareHandler struct {
	images *models.ImageStore
	shares *models.ShareStore
	orgs   *models.OrgStore
}

// showShare is the share dialog. As the person types account IDs, htmx asks
// it again for the check partial: the counter and a verdict per account,
// computed by the same domain check the share itself runs.
func (h *shareHandler) showShare(c echo.Context) error {
	raw := c.QueryParam("accounts")
	return h.renderShare(c, http.StatusOK, pages.ShareForm{Accounts: raw, Targets: c.QueryParams()["targets"]}, nil)
}

// share applies the request all-or-nothing (R1, R9, R10, R13, R14); a refusal
// re-renders the dialog with what was typed and why.
func (h *shareHandler) share(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	form := pages.ShareForm{Accounts: c.FormValue("accounts"), RiskAccepted: c.FormValue("risk") == "yes",
		Until: c.FormValue("until"), UntilUTC: c.FormValue("until_utc")}
	if params, err := c.FormParams(); err == nil {
		form.Targets = params["targets"]
	}
	until, err := models.ParseExpiry(form.Until, form.UntilUTC)
	var shares []models.Share
	if err == nil {
		shares, err = h.shares.Share(ctx, actor, models.ShareRequest{ImageID: c.Param("id"),
			AccountIDs: shareIDs(form), RiskAccepted: form.RiskAccepted, ExpiresAt: until})
	}
	if de, ok := models.AsError(err); ok {
		return h.renderShare(c, web.StatusOf(de), form, err)
	}
	if err != nil {
		return err
	}
	key := "flash.shared"
	if len(shares) > 0 && shares[0].Status == models.SharePending {
		key = "flash.shared_pending"
	} else if len(shares) > 0 && shares[0].Status == models.ShareOffered {
		key = "flash.shared_offered"
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), key, len(shares)))
	return web.Redirect(c, pages.DetailURL(c.Param("id"), pages.DetailSharing))
}

func (h *shareHandler) renderShare(c echo.Context, status int, form pages.ShareForm, shareErr error) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	ids := shareIDs(form)
	check, checkErr := h.shares.Check(ctx, actor, c.Param("id"), ids)
	if checkErr != nil && web.FieldText(c, checkErr, "accounts") == "" {
		return checkErr // the image itself cannot be shared (R9, R13): an error page says why
	}
	img, err := h.images.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	review, err := h.shares.ReviewRequired(ctx)
	if err != nil {
		return err
	}
	consent, err := h.shares.ConsentRequired(ctx)
	if err != nil {
		return err
	}
	if checkErr == nil {
		checkErr = check.Error()
	}
	targets, err := h.orgs.ShareTargets(ctx, actor)
	if err != nil {
		return err
	}
	v := pages.ShareView{Image: imageRow(c, img), Form: form, Review: review,
		Check: shareCheckView(c, check, checkErr, len(ids) > 0), Consent: consent, Targets: targetOptions(targets, form.Targets)}
	routeShareError(c, &v, shareErr)
	return web.Render(c, status, web.Page{
		Title:    i18n.Tr(web.Locale(c), "share.title"),
		Content:  pages.ShareDialog(v),
		Partials: map[string]templ.Component{pages.ShareCheckID: pages.ShareCheckUpdate(v)},
		Region:   img.RegionID,
	})
}

// routeShareError puts a refused share's message where the domain says it
// belongs: the accounts field's in the live check under it (which then
// shows it once, e.g. the cap), the risk and expiry fields' under those, and
// anything else (such as "2 accounts cannot be added") above the form.
func routeShareError(c echo.Context, v *pages.ShareView, shareErr error) {
	de, ok := models.AsError(shareErr)
	if !ok {
		return
	}
	v.RiskError, v.UntilError = web.FieldText(c, shareErr, "risk"), web.FieldText(c, shareErr, "until")
	switch accounts := web.FieldText(c, shareErr, "accounts"); {
	case accounts != "":
		v.Check.Problem = accounts
	case v.RiskError == "" && v.UntilError == "":
		v.FormError = web.Translate(c, de.Msg)
	}
}

// shareCheckView is the live check of the accounts typed: the domain's
// verdict per account and, once something is typed, the problem of the
// accounts field as a whole (too many at once, or past the cap).
func shareCheckView(c echo.Context, check models.ShareCheck, checkErr error, typed bool) pages.ShareCheckView {
	v := pages.ShareCheckView{Used: check.Used, Cap: check.Cap, Adding: check.Adding(), Typed: typed,
		Blocked: typed && checkErr != nil}
	if typed {
		v.Problem = web.FieldText(c, checkErr, "accounts")
	}
	for _, a := range check.Accounts {
		row := pages.AccountRow{AccountID: a.AccountID, AccountName: a.AccountName, Kind: a.Kind, Reach: a.Reach}
		if a.Code != "" {
			row.Problem = web.Translate(c, a.Msg)
		} else if a.Kind != models.TargetAccount {
			v.Groups, v.GroupReach = v.Groups+1, v.GroupReach+a.Reach
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// shareIDs are the targets of a share form: the IDs typed (accounts, or
// org-/ou- IDs), then the organization and units picked (R25), as one list
// the domain classifies.
func shareIDs(form pages.ShareForm) []string {
	ids := models.ParseAccountIDs(form.Accounts)
	for _, t := range form.Targets {
		if !slices.Contains(ids, t) {
			ids = append(ids, t)
		}
	}
	return ids
}

// targetOptions are the owner's organization and units as the dialog's list
// offers them, those picked checked.
func targetOptions(targets []models.ShareTarget, picked []string) []pages.TargetOption {
	out := make([]pages.TargetOption, len(targets))
	for i, t := range targets {
		out[i] = pages.TargetOption{ID: t.ID, Kind: t.Kind, Name: t.Name, Depth: t.Depth, Reach: t.Reach,
			Checked: slices.Contains(picked, t.ID)}
	}
	return out
}

// showCancel lists the recipients to stop sharing with, and what that does
// not touch (their instances).
func (h *shareHandler) showCancel(c echo.Context) error {
	return h.renderCancel(c, http.StatusOK, nil)
}

// cancel ends the chosen shares, or all of them, at once (R15).
func (h *shareHandler) cancel(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	form, _ := c.FormParams()
	var n int
	var err error
	if c.FormValue("all") == "1" {
		n, err = h.shares.CancelAll(ctx, actor, c.Param("id"))
	} else {
		n, err = h.shares.Cancel(ctx, actor, c.Param("id"), form["accounts"])
	}
	if de, ok := models.AsError(err); ok {
		return h.renderCancel(c, web.StatusOf(de), err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.share_cancelled", n))
	return web.Redirect(c, web.SafeNext(c.FormValue("next"), pages.DetailURL(c.Param("id"), pages.DetailSharing)))
}

func (h *shareHandler) renderCancel(c echo.Context, status int, cancelErr error) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	img, err := h.images.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	if !img.Can.Manage.OK() {
		// Only owners have this dialog; a refused forged cancel says why (R9).
		if cancelErr != nil {
			return cancelErr
		}
		return echo.ErrNotFound
	}
	shares, err := h.shares.Recipients(ctx, actor, img.ID)
	if err != nil {
		return err
	}
	impact, err := h.images.Impact(ctx, actor, img.ID)
	if err != nil {
		return err
	}
	v := pages.CancelShareView{Image: imageRow(c, img), Recipients: shareRows(shares),
		Impact: impactRows(impact)}
	if de, ok := models.AsError(cancelErr); ok {
		v.Error = web.Translate(c, de.Msg)
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "cancel.title"), Content: pages.CancelShare(v), Region: img.RegionID})
}

// shareRows are the recipients of an image, as the domain lists them.
func shareRows(shares []models.ShareView) []pages.ShareRow {
	out := make([]pages.ShareRow, len(shares))
	for i, s := range shares {
		out[i] = pages.ShareRow{AccountID: s.Target(), AccountName: s.RecipientName, Status: s.Status,
			Since: s.CreatedAt, ExpiresAt: s.ExpiresAt, Kind: s.TargetKind(), Reach: s.Reach}
	}
	return out
}

// shareHistory turns share rows into the image's timeline, newest first.
func shareHistory(shares []models.ShareView) []pages.HistoryEntry {
	var out []pages.HistoryEntry
	for _, s := range shares {
		if s.DecidedAt != nil {
			e := pages.HistoryEntry{At: *s.DecidedAt, Status: s.Status}
			switch s.Status {
			case models.ShareCancelled:
				e.Key, e.Args = "history.cancelled", []any{orSomeone(s.DecidedBy), s.RecipientName, s.RecipientAccountID}
			case models.ShareRevoked, models.ShareRejected, models.ShareLeft, models.ShareDeclined, models.ShareExpired:
				e.Key, e.Args = "history."+s.Status, []any{s.RecipientName, s.RecipientAccountID, s.Reason}
				if s.Status == models.ShareDeclined && s.Reason == "" {
					e.Key = "history.declined_silently"
				}
			}
			if e.Key != "" {
				out = append(out, e)
			}
		}
		out = append(out, pages.HistoryEntry{At: s.CreatedAt, Status: models.ShareActive, Key: "history.shared",
			Args: []any{orSomeone(s.CreatedBy), s.RecipientName, s.RecipientAccountID}})
	}
	slices.SortStableFunc(out, func(a, b pages.HistoryEntry) int { return b.At.Compare(a.At) })
	return out
}

// orSomeone stands in for a user who no longer exists.
func orSomeone(username string) string {
	if username == "" {
		return "—"
	}
	return username
}
