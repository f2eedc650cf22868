package main

import (
	"context"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"imageshare/models"
)

var oneTimePassword = regexp.MustCompile(`one-time password ([A-Za-z0-9_-]{16,})`)

// A start that cannot bind its port must not create the first admin: its
// one-time password would be lost. The next start creates and prints it.
func TestFirstAdminOnlyAfterListening(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "first.db")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	stdout, _, err := runCmd(t, nil, "--addr", busy.Addr().String(), "--api-addr", "", "--db", dbPath,
		"--storage", "file://"+t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("start on a busy port: %v, want address already in use", err)
	}
	if strings.Contains(stdout, "password") {
		t.Errorf("a failed start printed %q", stdout)
	}
	if n := countAdmins(t, dbPath); n != 0 {
		t.Fatalf("a failed start created %d admins, want none", n)
	}

	srv := startServer(t, env{}.get, "--addr", "127.0.0.1:0", "--api-addr", "", "--db", dbPath, "--log-format", "text")
	password := srv.waitFor(t, oneTimePassword)[1]
	srv.stop(t)
	signInMustChange(t, dbPath, "admin", password)
}

// `admin reset-password` prints a new one-time password that signs in and
// must be changed; the old one no longer works.
func TestAdminResetPassword(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "reset.db")
	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.Seed(t.Context(), db, "old-admin-password"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	out, _, err := runCmd(t, nil, "admin", "reset-password", "--db", dbPath, "--user", "Admin")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`One-time password for Admin: (\S+)\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("printed %q, want the one-time password", out)
	}
	signInMustChange(t, dbPath, "admin", m[1])
	if _, err := signIn(t, dbPath, "admin", "old-admin-password"); err == nil {
		t.Error("the old password still signs in")
	}

	for _, args := range [][]string{
		{"admin", "reset-password", "--db", dbPath, "--user", "nobody"},
		{"admin", "reset-password", "--db", dbPath},
		{"admin", "frobnicate"},
	} {
		if out, _, err := runCmd(t, nil, args...); err == nil || out != "" {
			t.Errorf("%v: printed %q, error %v; want an error and nothing printed", args, out, err)
		}
	}
}

func countAdmins(t *testing.T, dbPath string) int64 {
	t.Helper()
	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.Model(&models.User{}).Where("role = ?", models.RoleAdmin).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func signIn(t *testing.T, dbPath, username, password string) (models.User, error) {
	t.Helper()
	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return models.NewAuthStore(db, models.DefaultLoginLimit).Authenticate(t.Context(), username, password, "127.0.0.1")
}

func signInMustChange(t *testing.T, dbPath, username, password string) {
	t.Helper()
	u, err := signIn(t, dbPath, username, password)
	if err != nil {
		t.Fatalf("sign in as %s with the printed password: %v", username, err)
	}
	if !u.MustChangePassword {
		t.Errorf("%s may keep the one-time password, want a forced change", username)
	}
}

// The demo's passwords are public: without --addr it listens on 127.0.0.1
// and says so.
func TestDemoListensOnLoopback(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "demo.db")
	cfg, err := parseServeConfig([]string{"--demo", "--api-addr", "", "--db", dbPath}, env{}.get, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host, _, _ := net.SplitHostPort(cfg.addr); host != "127.0.0.1" {
		t.Fatalf("--demo listens on %q, want 127.0.0.1", cfg.addr)
	}
	// Served on a free port of the same interface, the welcome says why.
	srv := startServer(t, env{}.get, "--demo", "--addr", "127.0.0.1:0", "--api-addr", "", "--db", dbPath, "--log-format", "text")
	if strings.Contains(srv.stdout.String(), "listens on 127.0.0.1 only") {
		t.Error("with --addr given, the welcome still claims the loopback default")
	}
}

func TestWelcomeSaysTheDemoIsLocal(t *testing.T) {
	var out strings.Builder
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	printWelcome(&out, config{demo: true, demoLoopback: true, demoPassword: "imageshare"}, addr, nil, nil, models.Bootstrap{})
	if !strings.Contains(out.String(), "listens on 127.0.0.1 only") || !strings.Contains(out.String(), "--addr") {
		t.Errorf("the welcome does not say the demo is local:\n%s", out.String())
	}
}
