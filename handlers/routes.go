// Package handlers turns HTTP requests into calls on the domain stores and
// their results into pages. routes.go is the table of contents.
package handlers

import (
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/web"
)

// Deps are the stores and settings the handlers use.
type Deps struct {
	DB            *models.DB
	Auth          *models.AuthStore
	Sessions      *models.SessionStore
	Users         *models.UserStore
	Images        *models.ImageStore
	Instances     *models.InstanceStore
	Shares        *models.ShareStore
	Quotas        *models.QuotaStore
	Admin         *models.AdminStore
	Notes         *models.NotificationStore
	SecureCookies bool
}

// NewDeps builds every store over one database.
func NewDeps(db *models.DB, sessions models.SessionPolicy, limit models.LoginLimit, secure bool) Deps {
	return Deps{
		DB:            db,
		Auth:          models.NewAuthStore(db, limit),
		Sessions:      models.NewSessionStore(db, sessions),
		Users:         models.NewUserStore(db),
		Images:        models.NewImageStore(db),
		Instances:     models.NewInstanceStore(db),
		Shares:        models.NewShareStore(db),
		Quotas:        models.NewQuotaStore(db),
		Admin:         models.NewAdminStore(db),
		Notes:         models.NewNotificationStore(db),
		SecureCookies: secure,
	}
}

// Routes registers every route of the console.
func Routes(e *echo.Echo, d Deps) {
	health := &healthHandler{db: d.DB}
	e.GET("/healthz", health.live)
	e.GET("/readyz", health.ready)

	auth := &authHandler{auth: d.Auth, sessions: d.Sessions, users: d.Users, secure: d.SecureCookies}
	e.GET("/login", auth.showLogin)
	e.POST("/login", auth.login)
	e.POST("/logout", auth.logout)
	e.POST("/preferences/language", auth.setLanguage)

	app := e.Group("", web.RequireUser, requirePasswordChosen)
	app.GET("/", func(c echo.Context) error { return web.Redirect(c, "/images") })

	images := &imageHandler{images: d.Images, quotas: d.Quotas, shares: d.Shares}
	app.GET("/images", images.list)
	app.GET("/images/:id", images.show)
	app.POST("/images/:id", images.update)
	app.GET("/images/:id/copy", images.showCopy)
	app.POST("/images/:id/copy", images.copy)
	app.GET("/images/:id/delete", images.confirmDelete)
	app.POST("/images/:id/delete", images.delete)

	shares := &shareHandler{images: d.Images, shares: d.Shares}
	app.GET("/images/:id/share", shares.showShare)
	app.POST("/images/:id/share", shares.share)
	app.GET("/images/:id/shares/cancel", shares.showCancel)
	app.POST("/images/:id/shares/cancel", shares.cancel)

	instances := &instanceHandler{instances: d.Instances, images: d.Images, quotas: d.Quotas}
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

	account := &accountHandler{users: d.Users, quotas: d.Quotas, audit: models.NewAuditStore(d.DB),
		keys: models.NewAPIKeyStore(d.DB)}
	app.GET("/account", account.show)
	app.POST("/account/password", account.changePassword)
	app.POST("/account/apikeys", account.createKey)
	app.POST("/account/apikeys/:id/delete", account.deleteKey)

	notes := &notificationHandler{notes: d.Notes}
	app.GET("/notifications", notes.inbox)
	app.POST("/notifications/read", notes.markRead)

	admin := &adminHandler{admin: d.Admin}
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
}
