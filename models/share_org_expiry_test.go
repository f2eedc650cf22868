package models_test

import (
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// A member reached by a group share is told when its access ends, as a
// direct recipient is: the latest end of the shares that give it the image,
// and no end when one of them has none.
func TestR25R20MemberSeesWhenAccessEnds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := sorgNewWorld(t, db)
		ctx := admCtx(t)
		soon := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second)
		later := soon.Add(72 * time.Hour)
		ends := func(who models.Actor) *time.Time {
			t.Helper()
			d, err := w.images.Detail(ctx, who, w.img.ID)
			if err != nil {
				t.Fatal(err)
			}
			return d.AccessEnds
		}
		same := func(got *time.Time, want *time.Time) bool {
			return (got == nil) == (want == nil) && (got == nil || got.Equal(*want))
		}
		if _, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.eng.ID},
			RiskAccepted: true, ExpiresAt: &soon}); err != nil {
			t.Fatal(err)
		}
		// bob is in Platform, under Engineering: the unit's share reaches him.
		if got := ends(w.bob); !same(got, &soon) {
			t.Errorf("bob through Engineering: access ends %v, want %v", got, soon)
		}
		// A direct share that ends later keeps him longer.
		if _, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.bob.AccountID},
			RiskAccepted: true, ExpiresAt: &later}); err != nil {
			t.Fatal(err)
		}
		if got := ends(w.bob); !same(got, &later) {
			t.Errorf("bob with a later direct share: access ends %v, want %v", got, later)
		}
		// alice, in Engineering, has only the unit's share.
		if got := ends(w.alice); !same(got, &soon) {
			t.Errorf("alice: access ends %v, want %v", got, soon)
		}
		// Once she leaves it, nothing gives her the image: not found.
		if err := w.shares.Leave(ctx, w.alice, w.img.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.images.Detail(ctx, w.alice, w.img.ID); err == nil {
			t.Errorf("alice still opens the image after leaving the unit's share")
		}
		// A share to the organization without an end: bob's access has none.
		if _, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.org.ID},
			RiskAccepted: true}); err != nil {
			t.Fatal(err)
		}
		if got := ends(w.bob); got != nil {
			t.Errorf("bob with an open-ended organization share: access ends %v, want none", got)
		}
	})
}
