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

	images := &imageHandler{images: d.Images, quotas: d.Quotas}
	app.GET("/images", images.list)

	account := &accountHandler{users: d.Users, quotas: d.Quotas}
	app.GET("/account", account.show)
	app.POST("/account/password", account.changePassword)

	admin := &adminHandler{admin: d.Admin}
	adm := app.Group("/admin", web.RequireAdmin)
	adm.GET("", admin.overview)
}
