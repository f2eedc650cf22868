package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"imageshare/models"
)

// runCmd runs the command line args and returns its output.
func runCmd(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	if getenv == nil {
		getenv = env{}.get
	}
	err = run(context.Background(), args, getenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestAccountCreate(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "cmd.db")
	create := func(extra ...string) (string, error) {
		args := append([]string{"account", "create", "--db", dbPath}, extra...)
		out, _, err := runCmd(t, nil, args...)
		return out, err
	}

	out, err := create("--name", "Dave's Garage", "--user", "dave", "--password", "dave-password")
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if !regexp.MustCompile(`^[1-9][0-9]{11}\n$`).MatchString(out) {
		t.Fatalf("printed %q, want a 12-digit account id on one line", out)
	}

	out, err = create("--name", "Ops", "--user", "root2", "--password", "root-password", "--admin", "--id", "100000000099")
	if err != nil || out != "100000000099\n" {
		t.Fatalf("create admin: %q, %v", out, err)
	}

	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	roles := map[string]string{}
	var users []models.User
	if err := db.Find(&users).Error; err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		roles[u.Username] = u.Role
	}
	if roles["dave"] != models.RoleMember || roles["root2"] != models.RoleAdmin {
		t.Errorf("roles = %v, want dave member and root2 admin", roles)
	}
	if len(users) != 2 {
		t.Errorf("%d users, want 2", len(users))
	}
}

func TestAccountCreateRejects(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "cmd.db")
	if _, _, err := runCmd(t, nil, "account", "create", "--db", dbPath, "--name", "Dave", "--user", "dave", "--password", "dave-password", "--id", "100000000077"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		wants []string // each must be in the one-line message
	}{
		{"duplicate username", []string{"--name", "Other", "--user", "Dave", "--password", "other-password"}, []string{"--user", "dave", "already taken"}},
		{"duplicate id", []string{"--name", "Other", "--user", "erin", "--password", "erin-password", "--id", "100000000077"}, []string{"--id", "100000000077"}},
		{"bad id", []string{"--name", "Other", "--user", "erin", "--password", "erin-password", "--id", "42"}, []string{"--id"}},
		{"short password", []string{"--name", "Other", "--user", "erin", "--password", "short"}, []string{"--password", "8"}},
		{"missing name and user", []string{"--password", "long-enough"}, []string{"--name", "--user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCmd(t, nil, append([]string{"account", "create", "--db", dbPath}, tt.args...)...)
			if err == nil {
				t.Fatalf("accepted, printed %q", out)
			}
			if out != "" {
				t.Errorf("printed %q on failure", out)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("message spans lines: %q", msg)
			}
			for _, w := range tt.wants {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
	if _, _, err := runCmd(t, nil, "account", "delete"); err == nil || !strings.Contains(err.Error(), "usage: imageshare account create") {
		t.Errorf("unknown sub-command: %v, want the usage line", err)
	}
}

// The --db default of sub-commands must come from the environment run() is
// given, like the server's flags do.
func TestAccountCreateUsesGivenEnvironment(t *testing.T) {
	t.Chdir(t.TempDir()) // with the bug, ./data/imageshare.db lands here
	dbPath := filepath.Join(t.TempDir(), "env.db")
	getenv := env{"IMAGESHARE_DB": dbPath}.get
	if _, _, err := runCmd(t, getenv, "account", "create", "--name", "Env", "--user", "envuser", "--password", "env-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dbPath); err != nil {
		t.Fatalf("IMAGESHARE_DB from run()'s environment was not used: %v", err)
	}
}

func TestHelpListsEveryVariable(t *testing.T) {
	_, stderr, err := runCmd(t, nil, "--help")
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help returned %v, want flag.ErrHelp", err)
	}
	vars := sourceEnvVars(t)
	for _, must := range []string{"IMAGESHARE_ADDR", "IMAGESHARE_DB", "IMAGESHARE_DEMO", "IMAGESHARE_LOG_FORMAT",
		"IMAGESHARE_SECURE_COOKIES", "IMAGESHARE_SESSION_IDLE", "IMAGESHARE_SESSION_MAX", "IMAGESHARE_LOGIN_IP_LIMIT",
		"IMAGESHARE_ADMIN_PASSWORD", "IMAGESHARE_DEMO_PASSWORD"} {
		if !slices.Contains(vars, must) {
			t.Errorf("the source no longer mentions %s; update this test", must)
		}
	}
	for _, v := range vars {
		if !regexp.MustCompile(`\b` + v + `\b`).MatchString(stderr) {
			t.Errorf("--help does not list %s", v)
		}
	}
	for _, f := range []string{"-addr", "-db", "-demo", "-log-format", "-login-ip-limit", "account create", "backup"} {
		if !strings.Contains(stderr, f) {
			t.Errorf("--help does not mention %s", f)
		}
	}

	_, _, err = runCmd(t, nil, "account", "create", "--help")
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("account create --help returned %v, want flag.ErrHelp", err)
	}
}

// sourceEnvVars lists every IMAGESHARE_ variable this command's code reads.
func sourceEnvVars(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	pattern := regexp.MustCompile(`"(IMAGESHARE_[A-Z_]+)"`)
	var vars []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pattern.FindAllStringSubmatch(string(b), -1) {
			vars = append(vars, m[1])
		}
	}
	slices.Sort(vars)
	return slices.Compact(vars)
}
