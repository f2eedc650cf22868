package models_test

import (
	"fmt"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// Finding 6 of the security review: last_seen_at was written at most once a
// minute, so with an idle timeout under a minute an active user was signed
// out. However short the timeout, a user whose requests come closer
// together than it stays signed in, and one who pauses longer is signed out.
func TestFinding6ShortIdleTimeoutKeepsActiveUsers(t *testing.T) {
	tests := []struct {
		idle, every time.Duration
	}{
		{30 * time.Second, 20 * time.Second},
		{10 * time.Second, 8 * time.Second},
		{90 * time.Second, 50 * time.Second},
		{2 * time.Minute, 100 * time.Second},
		{2 * time.Hour, 90 * time.Minute},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		for i, tt := range tests {
			t.Run(fmt.Sprintf("Finding 6: idle %s, a request every %s", tt.idle, tt.every), func(t *testing.T) {
				store := models.NewSessionStore(db, models.SessionPolicy{Idle: tt.idle, Absolute: 24 * time.Hour})
				clk := newClock()
				models.SetSessionClock(store, clk.Now)
				e := sessionEnv{db: db, store: store, clock: clk, user: newUser(t, db, fmt.Sprintf("idle-user-%02d", i), rightPassword, false)}
				token := e.create(t, "")
				for range 6 {
					clk.Advance(tt.every)
					e.alive(t, token)
				}
				clk.Advance(tt.idle + time.Second)
				e.gone(t, token)
			})
		}
	})
}
