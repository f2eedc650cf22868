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

	account := &accountHandler{users: d.Users, quotas: d.Quotas}
	app.GET("/account", account.show)
	app.POST("/account/password", account.changePassword)

	admin := &adminHandler{admin: d.Admin}
	adm := app.Group("/admin", web.RequireAdmin)
	adm.GET("", admin.overview)
}
