// Package handlers turns HTTP requests into calls on the domain stores and
// their results into pages. routes.go is the table of contents.
package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/handlers/api"
	"imageshare/models"
	"imageshare/web"
)

// routeDeps are what routes need beside the stores.
type routeDeps struct {
	secure           bool
	metrics          *web.Metrics
	metricsToken     string // the bearer token /metrics asks for, if any
	metricsElsewhere bool   // /metrics has a listener of its own
	api              *api.Handler
}

// Routes registers every route of the console.
func Routes(e *echo.Echo, s *models.Stores, d routeDeps) {
	health := &healthHandler{db: s.DB}
	e.GET("/healthz", health.live)
	e.GET("/readyz", health.ready)
	if !d.metricsElsewhere {
		e.GET("/metrics", echo.WrapHandler(d.metrics.Handler(d.metricsToken)))
	}
	e.GET(web.StaticRoute, web.Static)
	// The Tencent Cloud API 3.0-compatible API (SPEC 8) answers on the
	// console's address too (isConsoleAPI), at the paths of APIRoutes; a GET
	// of / stays the console's home page.
	e.POST("/", d.api.Serve)
	e.Any("/api", d.api.Serve)
	e.Any("/api/", d.api.Serve)

	auth := &authHandler{auth: s.Auth, sessions: s.Sessions, users: s.Users, secure: d.secure}
	e.GET("/login", auth.showLogin)
	e.POST("/login", auth.login)
	e.POST("/logout", auth.logout)
	e.POST("/preferences/language", auth.setLanguage)

	app := e.Group("", web.RequireUser, requirePasswordChosen)
	app.GET("/", func(c echo.Context) error { return web.Redirect(c, "/images") })

	images := &imageHandler{images: s.Images, quotas: s.Quotas, shares: s.Shares, bin: s.Bin}
	app.GET("/images", images.list)
	app.GET("/images/:id", images.show)
	app.POST("/images/:id", images.update)
	app.POST("/images/:id/tags", images.saveTags)
	app.GET("/images/:id/copy", images.showCopy)
	app.POST("/images/:id/copy", images.copy)
	app.GET("/images/:id/delete", images.confirmDelete)
	app.POST("/images/:id/delete", images.delete)
	bin := &binHandler{bin: s.Bin}
	app.GET("/images/recycle-bin", bin.list)
	app.POST("/images/recycle-bin/:id/restore", bin.restore)
	app.GET("/images/recycle-bin/:id/delete", bin.confirmPurge)
	app.POST("/images/recycle-bin/:id/delete", bin.purge)

	imports := &importHandler{images: s.Images, content: s.Content, uploads: s.Uploads, admin: s.Admin}
	app.GET("/images/import", imports.showImport)
	app.POST("/images/import", imports.importURL)
	app.GET("/images/:id/download", imports.download)
	app.POST("/uploads", imports.startUpload)
	app.GET("/uploads/:id", imports.uploadStatus)
	app.PUT("/uploads/:id", imports.uploadChunk)

	shares := &shareHandler{images: s.Images, shares: s.Shares, orgs: s.Orgs}
	app.GET("/images/:id/share", shares.showShare)
	app.POST("/images/:id/share", shares.share)
	app.GET("/images/:id/shares/cancel", shares.showCancel)
	app.POST("/images/:id/shares/cancel", shares.cancel)
	app.GET("/images/:id/leave", shares.confirmLeave)
	app.POST("/images/:id/leave", shares.leave)
	app.POST("/images/:id/accept", shares.accept)
	app.GET("/images/:id/decline", shares.confirmDecline)
	app.POST("/images/:id/decline", shares.decline)
	app.GET("/images/:id/shares/:account/expiry", shares.showExpiry)
	app.POST("/images/:id/shares/:account/expiry", shares.setExpiry)
	bulk := &bulkShareHandler{images: s.Images, shares: s.Shares}
	app.GET("/images/bulk-share", bulk.show)
	app.POST("/images/bulk-share", bulk.submit)
	lifecycleRoutes(app, s.Images)

	instances := &instanceHandler{instances: s.Instances, images: s.Images, quotas: s.Quotas}
	app.GET("/instances", instances.list)
	app.GET("/instances/new", instances.showLaunch)
	app.POST("/instances", instances.launch)
	app.POST("/instances/:id/stop", instances.stop)
	app.POST("/instances/:id/start", instances.start)
	app.GET("/instances/:id/reinstall", instances.showReinstall)
	app.POST("/instances/:id/reinstall", instances.reinstall)
	app.GET("/instances/:id/create-image", instances.showCreateImage)
	app.POST("/instances/:id/create-image", instances.createImage)
	app.GET("/instances/:id/terminate", instances.confirmTerminate)
	app.POST("/instances/:id/terminate", instances.terminate)

	account := &accountHandler{users: s.Users, quotas: s.Quotas, audit: s.Audit, keys: s.APIKeys, orgs: s.Orgs}
	app.GET("/account", account.show)
	app.POST("/account/password", account.changePassword)
	app.POST("/account/apikeys", account.createKey)
	app.POST("/account/apikeys/:id/delete", account.deleteKey)

	notes := &notificationHandler{notes: s.Notes}
	app.GET("/notifications", notes.inbox)
	app.POST("/notifications/read", notes.markRead)

	admin := &adminHandler{admin: s.Admin, orgs: s.Orgs}
	adm := app.Group("/admin", web.RequireAdmin)
	adm.GET("", admin.overview)
	adm.GET("/shares", admin.shares)
	adm.GET("/shares.csv", admin.exportShares)
	adm.GET("/shares/:id/revoke", admin.confirmRevoke)
	adm.POST("/shares/revoke", admin.revoke)
	adm.GET("/review", admin.review)
	adm.POST("/review/approve", admin.approve)
	adm.POST("/review/reject", admin.reject)
	adm.GET("/settings", admin.settings)
	adm.POST("/settings", admin.saveSettings)
	adm.GET("/accounts", admin.accounts)
	adm.POST("/accounts", admin.createAccount)
	adm.GET("/accounts/:id", admin.account)
	adm.POST("/accounts/:id", admin.accountAction)
	adm.GET("/audit", admin.audit)
	adm.GET("/audit.csv", admin.exportAudit)
	adm.GET("/images/:id", admin.image)
	adm.GET("/storage", admin.storage)
	adm.POST("/storage/import", admin.saveImportSettings)
	adm.POST("/storage/quota", admin.saveByteQuota)
	orgs := &orgHandler{orgs: s.Orgs, admin: s.Admin}
	adm.GET("/organizations", orgs.list)
	adm.POST("/organizations", orgs.create)
	adm.GET("/organizations/:id", orgs.show)
	adm.POST("/organizations/:id/rename", orgs.rename)
	adm.POST("/organizations/:id/delete", orgs.delete)
	adm.POST("/organizations/:id/units", orgs.createUnit)
	adm.POST("/organizations/:id/units/rename", orgs.renameUnit)
	adm.POST("/organizations/:id/units/move", orgs.moveUnit)
	adm.POST("/organizations/:id/units/delete", orgs.deleteUnit)
	adm.POST("/organizations/:id/members", orgs.assign)
	adm.POST("/organizations/:id/members/remove", orgs.remove)
}

// APIRoutes registers the routes of the API's own listener. The SDKs post to
// their endpoint's root, or to its path with a trailing slash (Node.js, Go
// v1.1.0) or without (the newest Go SDK): each is served, and every method
// is answered in the API's envelope.
func APIRoutes(e *echo.Echo, h *api.Handler) {
	e.Any("/", h.Serve)
	e.Any("/api", h.Serve)
	e.Any("/api/", h.Serve)
}

// isConsoleAPI tells the console's shell which of its routes are the API's
// (see Routes), so it leaves their authentication, body limit and errors to
// the API.
func isConsoleAPI(c echo.Context) bool {
	switch c.Path() {
	case "/api", "/api/":
		return true
	case "/":
		return c.Request().Method == http.MethodPost
	}
	return false
}
