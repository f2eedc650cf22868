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

const mib = 1 << 20

// storage is Admin > Storage.
func (h *adminHandler) storage(c echo.Context) error {
	return h.renderStorage(c, http.StatusOK, nil, nil, nil)
}

// saveImportSettings sets the import size limit and the SSRF allow-list.
func (h *adminHandler) saveImportSettings(c echo.Context) error {
	form := pages.ImportSettingsForm{MaxMiB: c.FormValue("max_mib"), Allow: c.FormValue("allow")}
	n, _ := strconv.ParseInt(strings.TrimSpace(form.MaxMiB), 10, 64)
	err := h.admin.SetImportSettings(c.Request().Context(), web.Actor(c), n*mib, form.Allow)
	if _, ok := models.AsError(err); ok {
		form.Errors = formErrors(c, err, "max_bytes", "allow")
		return h.renderStorage(c, http.StatusUnprocessableEntity, &form, nil, nil)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.settings_saved"))
	return web.Redirect(c, "/admin/storage")
}

// saveByteQuota sets or removes one account's byte quota.
func (h *adminHandler) saveByteQuota(c echo.Context) error {
	form := pages.ByteQuotaForm{Account: strings.TrimSpace(c.FormValue("account")), MaxMiB: c.FormValue("quota_mib")}
	n, perr := strconv.ParseInt(strings.TrimSpace(form.MaxMiB), 10, 64)
	if perr != nil {
		n = -1 // the domain says what it accepts
	}
	err := h.admin.SetByteQuota(c.Request().Context(), web.Actor(c), form.Account, n*mib)
	if _, ok := models.AsError(err); ok {
		form.Errors = formErrors(c, err, "account", "max_bytes")
		return h.renderStorage(c, http.StatusUnprocessableEntity, nil, &form, nil)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.settings_saved"))
	return web.Redirect(c, "/admin/storage")
}

func (h *adminHandler) renderStorage(c echo.Context, status int, imp *pages.ImportSettingsForm, quota *pages.ByteQuotaForm, _ error) error {
	u, err := h.admin.StorageUsage(c.Request().Context(), web.Actor(c))
	if err != nil {
		return err
	}
	v := pages.AdminStorageView{}
	for _, r := range u.Regions {
		v.Regions = append(v.Regions, pages.StorageRegionRow{Region: r.RegionID, Bytes: r.Bytes, Objects: r.Objects})
	}
	for _, a := range u.Accounts {
		v.Accounts = append(v.Accounts, pages.StorageAccountRow{AccountID: a.AccountID, Name: a.Name, Bytes: a.Bytes,
			Images: a.Images, Quota: a.Quota})
	}
	if imp != nil {
		v.Import = *imp
	} else {
		allow := make([]string, len(u.Import.Allow))
		for i, p := range u.Import.Allow {
			allow[i] = p.String()
		}
		v.Import = pages.ImportSettingsForm{MaxMiB: strconv.FormatInt(u.Import.MaxBytes/mib, 10), Allow: strings.Join(allow, "\n")}
	}
	if quota != nil {
		v.Quota = *quota
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "admin.storage"), Content: pages.AdminStorage(v)})
}
