package models_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// lookupSeq numbers the account IDs the look-up tests invent: "7" and 11
// digits, a form no other fixture uses. They need not exist: looking one up
// tells whether it does.
var lookupSeq atomic.Int64

func inventedIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("7%011d", lookupSeq.Add(1))
	}
	return out
}

// Finding 8 of the security review: the share dialog's account check told
// any account's existence and name, 40 names in 28 ms, with no throttle. The
// check stays, but each user may look up at most 300 accounts a minute
// (counted in the database, so across replicas), and bulk look-ups are
// audited.
func TestFinding8AccountLookUpsAreLimited(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		clk := newClock()
		models.SetShareClock(w.shares, clk.Now)
		ctx := admCtx(t)
		check := func(actor models.Actor, ids []string) error {
			_, err := w.shares.Check(ctx, actor, w.img.ID, ids)
			return err
		}
		first := inventedIDs(300)

		t.Run("Finding 8: 300 accounts in a minute are looked up", func(t *testing.T) {
			for i := 0; i < len(first); i += 50 {
				if err := check(w.owner, first[i:i+50]); err != nil {
					t.Fatalf("look-up %d: %v", i/50, err)
				}
			}
		})
		t.Run("Finding 8: the 301st is refused, and audited", func(t *testing.T) {
			mark := admMark(t, db)
			err := check(w.owner, inventedIDs(1))
			if e := wantError(t, err, "RequestLimitExceeded", models.ErrLimited); e.Msg.Key != "share.lookup_limited" {
				t.Errorf("message %q", e.Msg.Key)
			}
			evs := admSince(t, db, mark)
			if len(evs) != 1 || evs[0].Action != "share.lookup" || evs[0].Outcome != "RequestLimitExceeded" {
				t.Errorf("audit events %s; want one refused share.lookup", admDescribe(evs))
			}
		})
		t.Run("Finding 8: accounts already looked up this minute are checked again for free", func(t *testing.T) {
			if err := check(w.owner, first[:200]); err != nil {
				t.Errorf("re-check: %v", err)
			}
		})
		t.Run("Finding 8: the limit is the user's own", func(t *testing.T) {
			other, _ := shUser(t, db, "Other Co")
			img := addImage(t, db, models.Image{OwnerAccountID: owned(other.AccountID), RegionID: shGZ, Name: "other"})
			if _, err := w.shares.Check(ctx, other, img.ID, inventedIDs(50)); err != nil {
				t.Errorf("another user's look-up: %v", err)
			}
		})
		t.Run("Finding 8: after a minute the budget is back", func(t *testing.T) {
			clk.Advance(time.Minute + time.Second)
			if err := check(w.owner, inventedIDs(10)); err != nil {
				t.Errorf("look-up after the window: %v", err)
			}
		})
		t.Run("Finding 8: a bulk look-up is audited, a small one is not", func(t *testing.T) {
			mark := admMark(t, db)
			if err := check(w.owner, inventedIDs(3)); err != nil {
				t.Fatal(err)
			}
			if evs := admSince(t, db, mark); len(evs) != 0 {
				t.Errorf("a look-up of 3 accounts wrote %s", admDescribe(evs))
			}
			if err := check(w.owner, inventedIDs(40)); err != nil {
				t.Fatal(err)
			}
			evs := admSince(t, db, mark)
			if len(evs) != 1 || evs[0].Action != "share.lookup" || evs[0].Outcome != models.OutcomeOK ||
				evs[0].Resource != w.img.ID || evs[0].Detail != "40 accounts" {
				t.Errorf("audit events %s; want one share.lookup of 40 accounts", admDescribe(evs))
			}
		})
	})
}

// Finding 8: the limit holds when look-ups arrive together (several
// replicas, several tabs).
func TestFinding8AccountLookUpLimitHoldsInParallel(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		const clients, each = 12, 40 // 480 accounts asked, 300 allowed
		errs := shAtOnce(clients, func(int) error {
			_, err := w.shares.Check(admCtx(t), w.owner, w.img.ID, inventedIDs(each))
			return err
		})
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, models.ErrLimited):
				t.Errorf("look-up: %v", err)
			}
		}
		if ok*each > 300 {
			t.Errorf("%d look-ups of %d accounts passed together: %d accounts, over 300", ok, each, ok*each)
		}
		if ok == 0 {
			t.Error("every look-up was refused")
		}
	})
}
