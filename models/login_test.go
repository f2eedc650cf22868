package models_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

const rightPassword = "right-password-1"

func newAuthStore(db *models.DB) (*models.AuthStore, *clock) {
	s := models.NewAuthStore(db, models.DefaultLoginLimit)
	c := newClock()
	models.SetAuthClock(s, c.Now)
	return s, c
}

func TestAuthenticate(t *testing.T) {
	tests := []struct {
		name     string
		disable  bool
		username func(self string) string
		password string
		wantCode string // "" for success
	}{
		{"right credentials sign in", false, same, rightPassword, ""},
		{"username ignores case and surrounding spaces", false, func(u string) string { return "  " + strings.ToUpper(u) + " " }, rightPassword, ""},
		{"wrong password is AuthFailure", false, same, "wrong-password", "AuthFailure"},
		{"unknown user is AuthFailure", false, func(string) string { return "nobody-here" }, rightPassword, "AuthFailure"},
		{"empty password is AuthFailure", false, same, "", "AuthFailure"},
		{"over-long username is AuthFailure", false, func(string) string { return strings.Repeat("a", 65) }, rightPassword, "AuthFailure"},
		{"Finding 4: an over-long username is cut between characters, not inside one", false,
			func(string) string { return "a" + strings.Repeat("é", 40) }, rightPassword, "AuthFailure"},
		{"SPEC 2: a disabled account's user is refused", true, same, rightPassword, "AuthFailure.AccountDisabled"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := newUser(t, db, fmt.Sprintf("auth-user-%02d", i), rightPassword, false)
				if tt.disable {
					setAccountStatus(t, db, self.AccountID, models.AccountDisabled)
				}
				store, _ := newAuthStore(db)
				u, err := store.Authenticate(t.Context(), tt.username(self.Username), tt.password, fmt.Sprintf("192.0.2.%d", i+1))
				if tt.wantCode == "" {
					if err != nil || u.ID != self.ID || u.AccountID != self.AccountID {
						t.Errorf("Authenticate = user %d, %v; want user %d", u.ID, err, self.ID)
					}
					return
				}
				if e := domainError(t, err); e.Code != tt.wantCode || !errors.Is(err, models.ErrInvalid) {
					t.Errorf("error = %v (kind %v); want %s, ErrInvalid", e, e.Kind, tt.wantCode)
				}
				if u.ID != 0 {
					t.Errorf("a refused sign-in returned user %d", u.ID)
				}
			})
		}
	})
}

func same(s string) string { return s }

// SPEC 7: usernames cannot be probed; an unknown user and a wrong password
// are the same error.
func TestAuthenticateDoesNotRevealUnknownUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		self := newUser(t, db, "probe-target", rightPassword, false)
		store, _ := newAuthStore(db)
		_, wrong := store.Authenticate(t.Context(), self.Username, "wrong-password", "192.0.2.1")
		_, unknown := store.Authenticate(t.Context(), "probe-nobody", "wrong-password", "192.0.2.1")
		a, b := domainError(t, wrong), domainError(t, unknown)
		if fmt.Sprint(*a) != fmt.Sprint(*b) {
			t.Errorf("wrong password: %+v\nunknown user: %+v\nwant the same error", *a, *b)
		}
	})
}

// attempt is one sign-in of a rate-limit scenario.
type attempt struct {
	who     string        // "self", "stranger" (one unknown user) or "anyone" (a new unknown user each time)
	right   bool          // right password (only meaningful for self)
	ip      string        // "" for a new address each time
	advance time.Duration // clock moves this much before the attempt
	want    string        // "ok", "fail" or "limited"
}

func repeat(n int, a attempt) []attempt {
	out := make([]attempt, n)
	for i := range out {
		out[i] = a
	}
	return out
}

func TestAuthenticateRateLimit(t *testing.T) {
	window, perIP := models.DefaultLoginLimit.Window, models.DefaultLoginLimit.PerIP
	wrongSelf := attempt{who: "self", want: "fail"}
	tests := []struct {
		name  string
		steps []attempt
	}{
		{"SPEC 7: after 5 failures of a username the 6th is limited, even with the right password",
			append(repeat(5, wrongSelf), attempt{who: "self", right: true, want: "limited"})},
		{"SPEC 7: after 20 failures from one address with different usernames the next is limited",
			append(repeat(perIP, attempt{who: "anyone", ip: "A", want: "fail"}), attempt{who: "self", right: true, ip: "A", want: "limited"})},
		{"per-address limit does not block other addresses",
			append(repeat(perIP, attempt{who: "anyone", ip: "A", want: "fail"}), attempt{who: "self", right: true, ip: "B", want: "ok"})},
		{"sign-in works again once the window has passed",
			append(repeat(5, wrongSelf), attempt{who: "self", right: true, advance: window + time.Second, want: "ok"})},
		{"the limit still holds a second before the window passes",
			append(repeat(5, wrongSelf), attempt{who: "self", right: true, advance: window - time.Second, want: "limited"})},
		{"failures older than the window do not count",
			append(append(repeat(3, wrongSelf), attempt{who: "self", advance: window + time.Second, want: "fail"}),
				append(repeat(2, wrongSelf), attempt{who: "self", right: true, want: "ok"})...)},
		{"a success clears that username's earlier failures",
			append(append(repeat(4, wrongSelf), attempt{who: "self", right: true, want: "ok", advance: time.Minute}),
				append(repeat(4, wrongSelf), attempt{who: "self", right: true, want: "ok", advance: time.Minute})...)},
		{"Finding 1: a success keeps the failures raced beside it",
			append(append(repeat(4, wrongSelf), attempt{who: "self", right: true, want: "ok"}),
				attempt{who: "self", want: "fail"}, attempt{who: "self", want: "limited"})},
		{"failures of another username do not count toward this one",
			append(repeat(5, attempt{who: "stranger", want: "fail"}), attempt{who: "self", right: true, want: "ok"})},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := newUser(t, db, fmt.Sprintf("limit-user-%02d", i), rightPassword, false)
				store, clk := newAuthStore(db)
				for j, a := range tt.steps {
					clk.Advance(a.advance)
					username, password := self.Username, "wrong-password"
					switch a.who {
					case "stranger":
						username = fmt.Sprintf("stranger-%02d", i)
					case "anyone":
						username = fmt.Sprintf("anyone-%02d-%02d", i, j)
					}
					if a.right {
						password = rightPassword
					}
					ip := fmt.Sprintf("10.%d.%d.%d", i, j/250, j%250)
					if a.ip != "" {
						ip = fmt.Sprintf("10.%d.255.%s", i, map[string]string{"A": "1", "B": "2"}[a.ip])
					}
					_, err := store.Authenticate(t.Context(), username, password, ip)
					checkAttempt(t, j, a.want, err, window)
				}
			})
		}
	})
}

func checkAttempt(t *testing.T, step int, want string, err error, window time.Duration) {
	t.Helper()
	switch want {
	case "ok":
		if err != nil {
			t.Fatalf("step %d: %v; want success", step, err)
		}
	case "fail":
		if e := domainError(t, err); e.Code != "AuthFailure" {
			t.Fatalf("step %d: %v; want AuthFailure", step, err)
		}
	case "limited":
		e := domainError(t, err)
		if !errors.Is(err, models.ErrLimited) || e.Code != "RequestLimitExceeded" || len(e.Msg.Args) != 1 {
			t.Fatalf("step %d: %v; want ErrLimited with the minutes to wait", step, err)
		}
		minutes, ok := e.Msg.Args[0].(int)
		if !ok || minutes <= 0 || minutes > int(window.Minutes()) {
			t.Errorf("step %d: wait of %v minutes; want 1..%d", step, e.Msg.Args[0], int(window.Minutes()))
		}
	}
}
