// Package handlertest runs the real console behind httptest for handler
// tests: a fresh seeded database, the full router, and clients with a cookie
// jar that speak CSRF the way a non-browser client must. Only tests import it.
package handlertest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/handlers"
	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/storage"
)

// Demo credentials (models.SeedDemo with DemoPassword, testdb.Seeded).
const (
	DemoPassword  = "imageshare"
	AdminUser     = "admin"
	AdminPassword = "admin-password"

	Alice        = "alice"
	AliceAccount = "100000000001"
	Bob          = "bob"
	BobAccount   = "100000000002"
	Carol        = "carol"

	// SharedImage is alice's web-frontend-v3 in ap-guangzhou, shared with bob.
	SharedImage     = "img-demo0001"
	SharedImageName = "web-frontend-v3"
)

// App is one console under test.
type App struct {
	DB     *models.DB
	Stores *models.Stores
	Echo   *echo.Echo
	Server *httptest.Server
	logs   *lockedBuffer
}

type settings struct {
	db           *models.DB
	secure       bool
	metricsToken string
	routes       func(*echo.Echo)
}

// Option changes how New builds the app.
type Option func(*settings)

// WithDB serves db as it is instead of a seeded demo database (for tests that
// need another seed, such as an admin without a password).
func WithDB(db *models.DB) Option { return func(s *settings) { s.db = db } }

// WithSecureCookies builds the app as if it were served over TLS.
func WithSecureCookies() Option { return func(s *settings) { s.secure = true } }

// WithMetricsToken builds the app with a bearer token on /metrics.
func WithMetricsToken(token string) Option { return func(s *settings) { s.metricsToken = token } }

// WithRoutes adds test-only routes to the router before the server starts.
func WithRoutes(fn func(e *echo.Echo)) Option { return func(s *settings) { s.routes = fn } }

// New starts the console on a fresh SQLite database with the production seed
// and the demo accounts, and stops it when the test ends.
func New(t testing.TB, opts ...Option) *App {
	t.Helper()
	var s settings
	for _, o := range opts {
		o(&s)
	}
	if s.db == nil {
		s.db = demoDB(t, testdb.SQLite(t))
	}
	logs := &lockedBuffer{}
	blobs, err := storage.NewFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	stores := models.NewStores(s.db, models.StoreConfig{
		Sessions:   models.SessionPolicy{Idle: time.Hour, Absolute: 2 * time.Hour},
		LoginLimit: models.DefaultLoginLimit,
		Blobs:      blobs,
		UploadDir:  t.TempDir(),
	})
	e := handlers.New(stores, handlers.Options{
		SecureCookies: s.secure,
		Logger:        slog.New(slog.NewTextHandler(logs, nil)),
		MetricsToken:  s.metricsToken,
	})
	if s.routes != nil {
		s.routes(e)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &App{DB: s.db, Stores: stores, Echo: e, Server: srv, logs: logs}
}

// Each runs fn once per database testdb.Each offers (SQLite, and PostgreSQL
// when configured), each time with a console on a fresh demo database.
func Each(t *testing.T, fn func(t *testing.T, app *App), opts ...Option) {
	t.Helper()
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		fn(t, New(t, append(opts, WithDB(demoDB(t, db)))...))
	})
}

// demoDB seeds db with the production seed and the demo accounts.
func demoDB(t testing.TB, db *models.DB) *models.DB {
	t.Helper()
	testdb.Seeded(t, db)
	if err := models.SeedDemo(context.Background(), db, DemoPassword); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	return db
}

// Logs returns everything the console logged so far.
func (a *App) Logs() string { return a.logs.String() }

// lockedBuffer is a log sink the server's goroutines may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

var _ io.Writer = (*lockedBuffer)(nil)

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
