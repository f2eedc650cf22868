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
		v.Rows = append(v.Rows, pages.NotificationRow{Kind: n.Kind, ImageID: n.ImageID, ImageName: n.ImageName,
			OtherAccountID: n.OtherAccountID, Reason: n.Reason, Unread: n.ReadAt == nil, At: n.CreatedAt})
	}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "inbox.title"), Content: pages.Inbox(v)})
}

func (h *notificationHandler) markRead(c echo.Context) error {
	if err := h.notes.MarkAllRead(c.Request().Context(), web.Actor(c)); err != nil {
		return err
	}
	return web.Redirect(c, "/notifications")
}
