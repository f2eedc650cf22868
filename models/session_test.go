package models_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

var sessionPolicy = models.SessionPolicy{Idle: 30 * time.Minute, Absolute: 8 * time.Hour}

// sessionEnv is what one session scenario works with.
type sessionEnv struct {
	db    *models.DB
	store *models.SessionStore
	clock *clock
	user  models.User
}

func (e sessionEnv) create(t *testing.T, replaces string) string {
	t.Helper()
	token, err := e.store.Create(t.Context(), e.user.ID, replaces)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return token
}

func (e sessionEnv) alive(t *testing.T, token string) models.SessionUser {
	t.Helper()
	u, err := e.store.Lookup(t.Context(), token)
	if err != nil {
		t.Fatalf("Lookup of a live session: %v", err)
	}
	return u
}

func (e sessionEnv) gone(t *testing.T, token string) {
	t.Helper()
	if _, err := e.store.Lookup(t.Context(), token); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("Lookup = %v; want ErrNotFound", err)
	}
}

func (e sessionEnv) lastSeen(t *testing.T) []time.Time {
	t.Helper()
	var at []time.Time
	if err := e.db.Model(&models.Session{}).Where("user_id = ?", e.user.ID).Pluck("last_seen_at", &at).Error; err != nil {
		t.Fatal(err)
	}
	return at
}

func TestSessions(t *testing.T) {
	tests := []struct {
		name  string
		admin bool
		run   func(t *testing.T, e sessionEnv)
	}{
		{"lookup returns the user with account name and role", false, func(t *testing.T, e sessionEnv) {
			u := e.alive(t, e.create(t, ""))
			var acct models.Account
			if err := e.db.Where("id = ?", e.user.AccountID).Take(&acct).Error; err != nil {
				t.Fatal(err)
			}
			want := models.SessionUser{UserID: e.user.ID, Username: e.user.Username, AccountID: acct.ID,
				AccountName: acct.Name, Role: models.RoleMember}
			if u != want || u.Actor().Admin {
				t.Errorf("Lookup = %+v; want %+v, not admin", u, want)
			}
		}},
		{"an admin's session has role admin and an admin actor", true, func(t *testing.T, e sessionEnv) {
			u := e.alive(t, e.create(t, ""))
			if u.Role != models.RoleAdmin || u.Actor() != (models.Actor{UserID: e.user.ID, AccountID: e.user.AccountID, Admin: true}) {
				t.Errorf("Lookup = %+v, actor %+v; want an admin", u, u.Actor())
			}
		}},
		{"lookup counts the account's unread notifications for the header", false, func(t *testing.T, e sessionEnv) {
			token := e.create(t, "")
			read := time.Now().UTC()
			for _, n := range []models.Notification{
				{AccountID: e.user.AccountID, Kind: models.NoteShareReceived, CreatedAt: base},
				{AccountID: e.user.AccountID, Kind: models.NoteShareEnded, CreatedAt: base},
				{AccountID: e.user.AccountID, Kind: models.NoteShareEnded, CreatedAt: base, ReadAt: &read},
			} {
				if err := e.db.Create(&n).Error; err != nil {
					t.Fatal(err)
				}
			}
			if u := e.alive(t, token); u.Unread != 2 {
				t.Errorf("Unread = %d; want the 2 unread of the account's 3", u.Unread)
			}
		}},
		{"unknown token is ErrNotFound", false, func(t *testing.T, e sessionEnv) {
			e.create(t, "")
			e.gone(t, "not-a-token")
		}},
		{"empty token is ErrNotFound", false, func(t *testing.T, e sessionEnv) { e.gone(t, "") }},
		{"SPEC 7: idle timeout ends the session and deletes it", false, func(t *testing.T, e sessionEnv) {
			token := e.create(t, "")
			e.clock.Advance(sessionPolicy.Idle + time.Second)
			e.gone(t, token)
			if n := countRows(t, e.db, &models.Session{}, "user_id = ?", e.user.ID); n != 0 {
				t.Errorf("expired session rows = %d; want 0", n)
			}
		}},
		{"SPEC 7: a session in use outlives the idle timeout", false, func(t *testing.T, e sessionEnv) {
			token := e.create(t, "")
			for range 3 {
				e.clock.Advance(sessionPolicy.Idle - time.Minute)
				e.alive(t, token)
			}
		}},
		{"SPEC 7: absolute timeout ends a session in use", false, func(t *testing.T, e sessionEnv) {
			token := e.create(t, "")
			step := sessionPolicy.Idle / 2
			for elapsed := step; elapsed <= sessionPolicy.Absolute; elapsed += step {
				e.clock.Advance(step)
				e.alive(t, token)
			}
			e.clock.Advance(step)
			e.gone(t, token)
		}},
		{"SPEC 7: create with replaces deletes the replaced session", false, func(t *testing.T, e sessionEnv) {
			old := e.create(t, "")
			fresh := e.create(t, old)
			e.gone(t, old)
			e.alive(t, fresh)
		}},
		{"create without replaces keeps the user's other sessions", false, func(t *testing.T, e sessionEnv) {
			first := e.create(t, "")
			e.create(t, "")
			e.alive(t, first)
		}},
		{"create sweeps the user's expired sessions", false, func(t *testing.T, e sessionEnv) {
			e.create(t, "")
			e.clock.Advance(sessionPolicy.Idle + time.Second)
			e.create(t, "")
			if n := countRows(t, e.db, &models.Session{}, "user_id = ?", e.user.ID); n != 1 {
				t.Errorf("session rows = %d; want only the new one", n)
			}
		}},
		{"SPEC 2: a disabled account's session is ErrNotFound", false, func(t *testing.T, e sessionEnv) {
			token := e.create(t, "")
			setAccountStatus(t, e.db, e.user.AccountID, models.AccountDisabled)
			e.gone(t, token)
		}},
		{"delete ends the session", false, func(t *testing.T, e sessionEnv) {
			token := e.create(t, "")
			if err := e.store.Delete(t.Context(), token); err != nil {
				t.Fatal(err)
			}
			e.gone(t, token)
		}},
		{"lookup within a minute of the last write leaves last_seen_at", false, func(t *testing.T, e sessionEnv) {
			token := e.create(t, "")
			e.clock.Advance(time.Minute)
			e.alive(t, token)
			if at := e.lastSeen(t); len(at) != 1 || !at[0].Equal(base) {
				t.Errorf("last_seen_at = %v; want unchanged %v", at, base)
			}
		}},
		{"SPEC 9: lookup more than a minute after the last write notes the use; the worker writes it", false, func(t *testing.T, e sessionEnv) {
			token := e.create(t, "")
			created := e.lastSeen(t)
			e.clock.Advance(time.Minute + time.Second)
			e.alive(t, token)
			if at := e.lastSeen(t); len(at) != 1 || !at[0].Equal(created[0]) {
				t.Errorf("last_seen_at = %v after a lookup; want it unwritten (%v) until the worker runs", at, created)
			}
			if err := models.FlushSessionUses(t.Context(), e.store); err != nil {
				t.Fatal(err)
			}
			if at := e.lastSeen(t); len(at) != 1 || !at[0].Equal(e.clock.Now()) {
				t.Errorf("last_seen_at = %v; want %v", at, e.clock.Now())
			}
		}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				store := models.NewSessionStore(db, sessionPolicy)
				clk := newClock()
				models.SetSessionClock(store, clk.Now)
				user := newUser(t, db, fmt.Sprintf("session-user-%02d", i), rightPassword, tt.admin)
				tt.run(t, sessionEnv{db: db, store: store, clock: clk, user: user})
			})
		}
	})
}
