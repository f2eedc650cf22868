package models_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// shAtOnce runs fn(i) for i in [0, n) in n goroutines released together,
// and returns each call's error.
func shAtOnce(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

func TestShareCapConcurrently(t *testing.T) {
	const (
		clients = 32
		capN    = 20
	)
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shSetting(t, db, "share_cap", fmt.Sprint(capN))
		// Several rounds, each on a fresh image: one lucky interleaving
		// should not be able to pass for a lock.
		for round := range 3 {
			t.Run(fmt.Sprintf("R1 %d clients sharing one image with distinct accounts at once never exceed a cap of %d (round %d)", clients, capN, round+1), func(t *testing.T) {
				w := shNewWorld(t, db)
				ids := make([]string, clients)
				for i := range ids {
					ids[i] = shAccount(t, db, fmt.Sprintf("Racer %d", i), models.AccountActive)
				}
				errs := shAtOnce(clients, func(i int) error {
					_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: ids[i : i+1 : i+1], RiskAccepted: true})
					return err
				})
				ok, over := 0, 0
				for i, err := range errs {
					switch e, isDomain := models.AsError(err); {
					case err == nil:
						ok++
						if got := shStatuses(t, db, w.img.ID, ids[i]); len(got) != 1 || got[0] != models.ShareActive {
							t.Errorf("client %d succeeded but its shares are %v", i, got)
						}
					case isDomain && e.Code == shOverQuota:
						over++
						if got := shStatuses(t, db, w.img.ID, ids[i]); len(got) != 0 {
							t.Errorf("client %d was refused but its shares are %v", i, got)
						}
					default:
						t.Errorf("client %d: %v; want success or %s", i, err, shOverQuota)
					}
				}
				if ok != capN || over != clients-capN {
					t.Errorf("%d shared, %d OverQuota; want %d and %d", ok, over, capN, clients-capN)
				}
				if live := shLive(t, db, w.img.ID); live != capN {
					t.Errorf("%d live shares; want exactly %d", live, capN)
				}
			})
		}
	})
}

func TestShareSameAccountConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for round := range 5 {
			t.Run(fmt.Sprintf("R14 two requests sharing one image with one account at once save one share (round %d)", round+1), func(t *testing.T) {
				w := shNewWorld(t, db)
				alice := w.id("alice")
				errs := shAtOnce(2, func(int) error {
					_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{alice}, RiskAccepted: true})
					return err
				})
				ok := 0
				for i, err := range errs {
					if err == nil {
						ok++
						continue
					}
					e, isDomain := models.AsError(err)
					if !isDomain || e.Code != shAlready || !errors.Is(err, models.ErrInvalid) {
						t.Errorf("client %d: %v; want success or %s", i, err, shAlready)
					}
				}
				if ok != 1 {
					t.Errorf("%d requests succeeded; want exactly 1", ok)
				}
				if got := shStatuses(t, db, w.img.ID, alice); len(got) != 1 || got[0] != models.ShareActive {
					t.Errorf("shares with alice = %v; want exactly one active", got)
				}
			})
		}
	})
}
