package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"imageshare/handlers"
	"imageshare/handlers/handlertest"
	"imageshare/models"
)

var plainID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestIDCases are the incoming X-Request-Id values of Finding 3 and
// whether they may be kept.
var requestIDCases = []struct {
	name string
	id   string
	keep bool
}{
	{"Finding 3: a plain id is kept", "trace-42.a_B", true},
	{"Finding 3: 64 characters are kept", strings.Repeat("a", 64), true},
	{"Finding 3: 65 characters are replaced", strings.Repeat("a", 65), false},
	{"Finding 3: 900 KB are replaced", strings.Repeat("x", 900<<10), false},
	{"Finding 3: spaces and quotes are replaced", `a b"c`, false},
	{"Finding 3: a fake log field is replaced", "x\tlevel=ERROR", false},
	{"Finding 3: non-ASCII is replaced", "pedido-ç", false},
}

// Finding 3 of the security review: a client's X-Request-Id was trusted, so
// a 900 KB id was echoed, logged and stored in audit_events. Only a short,
// plain id is kept; any other is replaced by one the server makes.
func TestFinding3ConsoleRequestID(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	for i, tt := range requestIDCases {
		t.Run(tt.name, func(t *testing.T) {
			r := app.Client(t).Post("/login", url.Values{"username": {fmt.Sprintf("nobody-%d", i)}, "password": {"wrong-password"}},
				handlertest.H{"X-Request-Id": tt.id})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			got := r.Header.Get("X-Request-Id")
			if tt.keep != (got == tt.id) || !plainID.MatchString(got) {
				t.Errorf("X-Request-Id answered %.80q; want the incoming one kept: %v", got, tt.keep)
			}
			var stored []string
			if err := app.DB.Model(&models.AuditEvent{}).Where("request_id = ?", got).Pluck("request_id", &stored).Error; err != nil || len(stored) != 1 {
				t.Errorf("audit events with request id %.80q: %d, %v; want the refused sign-in's", got, len(stored), err)
			}
			if !tt.keep && strings.Contains(app.Logs(), tt.id) {
				t.Error("the refused id reached the log")
			}
		})
	}
}

// Finding 3 on the API listener: the RequestId of the envelope follows the
// same rule.
func TestFinding3APIRequestID(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	srv := httptest.NewServer(handlers.NewAPI(app.Stores, handlers.Options{}))
	defer srv.Close()
	for _, tt := range requestIDCases {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("X-Request-Id", tt.id)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got := resp.Header.Get("X-Request-Id")
			if tt.keep != (got == tt.id) || !plainID.MatchString(got) {
				t.Errorf("X-Request-Id answered %.80q; want the incoming one kept: %v", got, tt.keep)
			}
		})
	}
}
