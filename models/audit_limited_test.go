package models_test

import (
	"errors"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// Finding 3 of the security review: a sign-in refused by the rate limit wrote
// an audit row each time, so anyone could flood audit_events. Refused
// attempts are counted in a metric instead (the web layer's); the failures
// that led to the limit are still audited.
func TestFinding3LimitedSignInsAreNotAudited(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		w := admNewWorld(t, db)
		u := admSignInUser(t, w, false)
		auth := models.NewAuthStore(db, models.DefaultLoginLimit)
		mark := admMark(t, db)
		for i := range models.DefaultLoginLimit.PerUsername {
			if _, err := auth.Authenticate(admAnonCtx(t), u.Username, "wrong-password", admMeta.IP); err == nil {
				t.Fatalf("attempt %d signed in", i)
			}
		}
		if n := len(admSince(t, db, mark)); n != models.DefaultLoginLimit.PerUsername {
			t.Fatalf("%d events for the failures; want one each", n)
		}
		mark = admMark(t, db)
		for range 20 {
			if _, err := auth.Authenticate(admAnonCtx(t), u.Username, admPassword, admMeta.IP); !errors.Is(err, models.ErrLimited) {
				t.Fatalf("Authenticate = %v; want ErrLimited", err)
			}
		}
		if evs := admSince(t, db, mark); len(evs) != 0 {
			t.Errorf("limited sign-ins wrote %d audit events: %s", len(evs), admDescribe(evs))
		}
	})
}
