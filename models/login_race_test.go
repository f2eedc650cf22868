package models_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// Finding 1 of the security review: the sign-in limit was check-then-act,
// so attempts arriving together were all checked (32 of 32, limit 5). However
// many arrive at once, at most the limit may reach the password check, on
// both databases (the count lives there, so it holds across replicas).
func TestFinding1SignInLimitHoldsInParallel(t *testing.T) {
	limit := models.DefaultLoginLimit
	tests := []struct {
		name     string
		attempts int
		// oneUser: every attempt names the same user; otherwise each names
		// another (unknown) user, all from one address.
		oneUser bool
		// right: one attempt carries the right password.
		right bool
		max   int // attempts that may be checked
	}{
		{"Finding 1: 32 parallel wrong passwords for one user check at most 5", 32, true, false, limit.PerUsername},
		{"Finding 1: 48 parallel attempts with the right password among them check at most 5 wrong ones", 48, true, true, limit.PerUsername},
		{"Finding 1: 40 parallel usernames from one address check at most 20", 40, false, false, limit.PerIP},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := newUser(t, db, fmt.Sprintf("parallel-user-%02d", i), rightPassword, false)
				store, _ := newAuthStore(db)
				var checked, limited, signedIn atomic.Int32
				var wg sync.WaitGroup
				start := make(chan struct{})
				for j := range tt.attempts {
					username, password := self.Username, "wrong-password"
					if !tt.oneUser {
						username = fmt.Sprintf("parallel-nobody-%02d-%02d", i, j)
					}
					if tt.right && j == tt.attempts-1 {
						password = rightPassword
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						_, err := store.Authenticate(t.Context(), username, password, fmt.Sprintf("10.99.%d.1", i))
						switch e, ok := models.AsError(err); {
						case err == nil:
							// The user's own sign-in is no guess: the limit is on wrong ones.
							signedIn.Add(1)
						case ok && e.Code == "AuthFailure":
							checked.Add(1)
						case errors.Is(err, models.ErrLimited):
							limited.Add(1)
						default:
							t.Errorf("attempt %d: %v", j, err)
						}
					}()
				}
				close(start)
				wg.Wait()
				if n := int(checked.Load()); n > tt.max {
					t.Errorf("%d of %d parallel wrong passwords reached the password check; want at most %d", n, tt.attempts, tt.max)
				}
				if n := int(checked.Load() + limited.Load() + signedIn.Load()); n != tt.attempts {
					t.Errorf("%d attempts answered; want %d", n, tt.attempts)
				}
			})
		}
	})
}

// Finding 1: failures older than the window are deleted, whoever they name
// (unknown usernames were never pruned, so the table only grew).
func TestFinding1OldSignInFailuresArePruned(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, clk := newAuthStore(db)
		for i := range 3 {
			if _, err := store.Authenticate(t.Context(), fmt.Sprintf("prune-nobody-%d", i), "wrong-password", "10.98.0.1"); err == nil {
				t.Fatal("an unknown user signed in")
			}
		}
		clk.Advance(models.DefaultLoginLimit.Window + time.Second)
		if _, err := store.Authenticate(t.Context(), "prune-someone-else", "wrong-password", "10.98.0.2"); err == nil {
			t.Fatal("an unknown user signed in")
		}
		if n := countRows(t, db, &models.LoginFailure{}, "username LIKE ?", "prune-nobody-%"); n != 0 {
			t.Errorf("%d failures older than the window are still stored; want 0", n)
		}
	})
}
