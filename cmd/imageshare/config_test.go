package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

// env is a fake environment for getenv.
type env map[string]string

func (e env) get(name string) string { return e[name] }

func TestParseServeConfig(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		env   env
		check func(t *testing.T, c config)
	}{
		{"defaults", nil, nil, func(t *testing.T, c config) {
			want := config{addr: ":8080", db: "./data/imageshare.db", logFormat: "json", sessionIdle: 2 * time.Hour,
				sessionMax: 12 * time.Hour, loginIPLimit: 20, demoPassword: "imageshare"}
			if c.addr != want.addr || c.db != want.db || c.logFormat != want.logFormat || c.demo || c.secureCookies ||
				c.sessionIdle != want.sessionIdle || c.sessionMax != want.sessionMax || c.loginIPLimit != want.loginIPLimit ||
				c.adminPassword != "" || c.demoPassword != want.demoPassword {
				t.Errorf("got %+v, want the defaults %+v", c, want)
			}
		}},
		{"environment", nil, env{
			"IMAGESHARE_ADDR": "127.0.0.1:9090", "IMAGESHARE_DB": "postgres://db/imageshare", "IMAGESHARE_DEMO": "true",
			"IMAGESHARE_LOG_FORMAT": "text", "IMAGESHARE_SECURE_COOKIES": "1", "IMAGESHARE_SESSION_IDLE": "30m",
			"IMAGESHARE_SESSION_MAX": "8h", "IMAGESHARE_LOGIN_IP_LIMIT": "7", "IMAGESHARE_ADMIN_PASSWORD": "admin-secret",
			"IMAGESHARE_DEMO_PASSWORD": "demo-secret",
		}, func(t *testing.T, c config) {
			if c.addr != "127.0.0.1:9090" || c.db != "postgres://db/imageshare" || !c.demo || c.logFormat != "text" ||
				!c.secureCookies || c.sessionIdle != 30*time.Minute || c.sessionMax != 8*time.Hour || c.loginIPLimit != 7 ||
				c.adminPassword != "admin-secret" || c.demoPassword != "demo-secret" {
				t.Errorf("environment not applied: %+v", c)
			}
		}},
		{"flags", []string{"--addr", ":7070", "--db", "x.db", "--demo", "--log-format=text", "--secure-cookies",
			"--session-idle=10m", "--session-max=1h", "--login-ip-limit=3", "--max-inflight=6"}, nil, func(t *testing.T, c config) {
			if c.addr != ":7070" || c.db != "x.db" || !c.demo || c.logFormat != "text" || !c.secureCookies ||
				c.sessionIdle != 10*time.Minute || c.sessionMax != time.Hour || c.loginIPLimit != 3 || c.maxInFlight != 6 {
				t.Errorf("flags not applied: %+v", c)
			}
		}},
		{"the demo listens on this machine only", []string{"--demo"}, nil, func(t *testing.T, c config) {
			if c.addr != "127.0.0.1:8080" || c.apiAddr != "127.0.0.1:9000" || !c.demoLoopback {
				t.Errorf("--demo listens on %q and %q; want 127.0.0.1:8080 and 127.0.0.1:9000", c.addr, c.apiAddr)
			}
		}},
		{"the demo listens where --addr says", []string{"--demo", "--addr", ":8080"}, nil, func(t *testing.T, c config) {
			if c.addr != ":8080" || c.demoLoopback {
				t.Errorf("--demo --addr :8080 listens on %q (loopback %v)", c.addr, c.demoLoopback)
			}
		}},
		{"TLS makes cookies Secure by default", []string{"--tls-cert", "c.pem", "--tls-key", "k.pem"}, nil, func(t *testing.T, c config) {
			if c.tlsCert != "c.pem" || c.tlsKey != "k.pem" || !c.secureCookies {
				t.Errorf("TLS: %+v; want the files and Secure cookies", c)
			}
		}},
		{"TLS with Secure cookies turned off", []string{"--secure-cookies=false"},
			env{"IMAGESHARE_TLS_CERT": "c.pem", "IMAGESHARE_TLS_KEY": "k.pem"}, func(t *testing.T, c config) {
				if c.tlsCert != "c.pem" || c.secureCookies {
					t.Errorf("TLS with --secure-cookies=false: %+v", c)
				}
			}},
		{"flag beats environment", []string{"--addr=:7070", "--demo=false", "--log-format=json", "--login-ip-limit=9", "--session-idle=1h"},
			env{"IMAGESHARE_ADDR": ":9090", "IMAGESHARE_DEMO": "true", "IMAGESHARE_LOG_FORMAT": "text",
				"IMAGESHARE_LOGIN_IP_LIMIT": "2", "IMAGESHARE_SESSION_IDLE": "5m"},
			func(t *testing.T, c config) {
				if c.addr != ":7070" || c.demo || c.logFormat != "json" || c.loginIPLimit != 9 || c.sessionIdle != time.Hour {
					t.Errorf("environment beat a flag: %+v", c)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseServeConfig(tt.args, tt.env.get, io.Discard)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			tt.check(t, c)
		})
	}
}

func TestParseServeConfigRejects(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		env   env
		names string // the flag or variable the message must name
	}{
		{"addr without port", []string{"--addr", "8080"}, nil, "--addr"},
		{"addr from env", nil, env{"IMAGESHARE_ADDR": "localhost"}, "addr"},
		{"log format", []string{"--log-format", "xml"}, nil, "--log-format"},
		{"log format from env", nil, env{"IMAGESHARE_LOG_FORMAT": "yaml"}, "log-format"},
		{"empty db", []string{"--db", " "}, nil, "--db"},
		{"metrics addr without port", []string{"--metrics-addr", "9090"}, nil, "--metrics-addr"},
		{"TLS certificate without its key", []string{"--tls-cert", "c.pem"}, nil, "--tls-key"},
		{"TLS key without its certificate", nil, env{"IMAGESHARE_TLS_KEY": "k.pem"}, "--tls-cert"},
		{"master key not 32 bytes of base64", nil, env{"IMAGESHARE_MASTER_KEY": "c2hvcnQ="}, "IMAGESHARE_MASTER_KEY"},
		{"master key file missing", []string{"--master-key-file", "/nonexistent/master.key"}, nil, "--master-key-file"},
		{"master key twice", []string{"--master-key-file", "/nonexistent/master.key"},
			env{"IMAGESHARE_MASTER_KEY": "c2hvcnQ="}, "not both"},
		{"bool env", nil, env{"IMAGESHARE_DEMO": "maybe"}, "IMAGESHARE_DEMO"},
		{"bool env overridden by flag", []string{"--secure-cookies"}, env{"IMAGESHARE_SECURE_COOKIES": "yes"}, "IMAGESHARE_SECURE_COOKIES"},
		{"duration env", nil, env{"IMAGESHARE_SESSION_IDLE": "forever"}, "IMAGESHARE_SESSION_IDLE"},
		{"duration env max", nil, env{"IMAGESHARE_SESSION_MAX": "12"}, "IMAGESHARE_SESSION_MAX"},
		{"duration flag syntax", []string{"--session-idle", "soon"}, nil, "session-idle"},
		{"idle not positive", []string{"--session-idle", "0s"}, nil, "--session-idle"},
		{"idle over max", []string{"--session-idle", "13h"}, nil, "--session-idle"},
		{"max negative", []string{"--session-max", "-1h"}, nil, "--session-max"},
		{"login ip limit zero", []string{"--login-ip-limit", "0"}, nil, "--login-ip-limit"},
		{"max inflight negative", []string{"--max-inflight", "-1"}, nil, "--max-inflight"},
		{"login ip limit syntax", []string{"--login-ip-limit", "many"}, nil, "login-ip-limit"},
		{"login ip limit env", nil, env{"IMAGESHARE_LOGIN_IP_LIMIT": "ten"}, "IMAGESHARE_LOGIN_IP_LIMIT"},
		{"admin password short", nil, env{"IMAGESHARE_ADMIN_PASSWORD": "short"}, "IMAGESHARE_ADMIN_PASSWORD"},
		{"demo password short", nil, env{"IMAGESHARE_DEMO_PASSWORD": "short"}, "IMAGESHARE_DEMO_PASSWORD"},
		{"unknown flag", []string{"--colour"}, nil, "colour"},
		{"stray argument", []string{"now"}, nil, `"now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseServeConfig(tt.args, tt.env.get, io.Discard)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("message spans lines: %q", msg)
			}
			if !strings.Contains(msg, tt.names) {
				t.Errorf("message %q does not name %s", msg, tt.names)
			}
		})
	}
}
