package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// invitationRows are the invitations as the Shared with me tab shows them.
func invitationRows(list []models.Invitation) []pages.InvitationRow {
	out := make([]pages.InvitationRow, len(list))
	for i, inv := range list {
		out[i] = pages.InvitationRow{ImageID: inv.ImageID, ImageName: inv.ImageName, Region: inv.RegionID,
			OSName: inv.OSName, Architecture: inv.Architecture, OwnerAccountID: inv.OwnerAccountID,
			OwnerName: inv.OwnerName, OfferedAt: inv.OfferedAt(), ExpiresAt: inv.ExpiresAt,
			CanAccept: inv.Can.Accept.OK(), CanDecline: inv.Can.Decline.OK()}
	}
	return out
}

// accept takes an offered image into the recipient's account (R19).
func (h *shareHandler) accept(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	inv, err := h.shares.Invitation(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	if err := h.shares.Accept(ctx, actor, inv.ImageID); err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.share_accepted", inv.ImageName))
	return web.Redirect(c, "/images?tab=shared&region="+inv.RegionID)
}

// confirmDecline asks for an optional reason before declining (R19).
func (h *shareHandler) confirmDecline(c echo.Context) error {
	return h.renderDecline(c, http.StatusOK, "", nil)
}

// decline refuses an offered image, with the reason the owner will see.
func (h *shareHandler) decline(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	inv, err := h.shares.Invitation(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	err = h.shares.Decline(ctx, actor, inv.ImageID, reason)
	if de, ok := models.AsError(err); ok && web.FieldText(c, err, "reason") != "" {
		return h.renderDecline(c, web.StatusOf(de), reason, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.share_declined", inv.ImageName))
	return web.Redirect(c, "/images?tab=shared&region="+inv.RegionID)
}

func (h *shareHandler) renderDecline(c echo.Context, status int, reason string, declineErr error) error {
	inv, err := h.shares.Invitation(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	v := pages.DeclineView{Invitation: invitationRows([]models.Invitation{inv})[0], Reason: reason,
		Error: web.FieldText(c, declineErr, "reason")}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "invites.decline"), Content: pages.DeclineInvitation(v)})
}
