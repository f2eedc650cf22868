package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

type notificationHandler struct{ notes *models.NotificationStore }

// inbox lists the account's notifications, newest first, unread ones marked.
func (h *notificationHandler) inbox(c echo.Context) error {
	list, err := h.notes.List(c.Request().Context(), web.Actor(c))
	if err != nil {
		return err
	}
	v := pages.InboxView{}
	for _, n := range list {
		v.Rows = append(v.Rows, pages.NotificationRow{ImageID: n.ImageID, ImageName: n.ImageName,
			Text: noteText(web.Locale(c), n), CanOpen: n.CanOpen, Reason: n.Reason, Unread: n.ReadAt == nil,
			At: n.CreatedAt})
	}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "inbox.title"), Content: pages.Inbox(v)})
}

// noteText words a notification for its reader: which image, in which
// region, and the other account by name and ID. A revoke tells the owner
// and the recipient, each in their own words.
func noteText(locale string, n models.NotificationView) string {
	key := "note." + n.Kind
	if n.Kind == models.NoteShareRevoked && n.Mine {
		key = "note.share_revoked_owner"
	}
	where := i18n.Tr(locale, "inbox.image_deleted")
	if n.RegionID != "" {
		where = i18n.Tr(locale, "inbox.in_region", i18n.Tr(locale, "region."+n.RegionID))
	}
	return i18n.Tr(locale, key, n.ImageName, where, n.OtherAccountName, n.OtherAccountID)
}

func (h *notificationHandler) markRead(c echo.Context) error {
	if err := h.notes.MarkAllRead(c.Request().Context(), web.Actor(c)); err != nil {
		return err
	}
	return web.Redirect(c, "/notifications")
}
