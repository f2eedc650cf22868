package models_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

var (
	secretIDShape  = regexp.MustCompile(`^AKID[A-Za-z0-9]{32}$`)
	secretKeyShape = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
)

// userActor creates a user through the store and returns it as an actor.
func userActor(t testing.TB, db *models.DB, username string) (models.Actor, models.User) {
	t.Helper()
	u := newUser(t, db, username, username+"-password", false)
	return models.Actor{UserID: u.ID, AccountID: u.AccountID}, u
}

func TestAPIKeys(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := t.Context()
		stores := models.NewStores(db, models.StoreConfig{})
		keys := stores.APIKeys
		alice, aliceUser := userActor(t, db, "alice")
		bob, _ := userActor(t, db, "bob")

		t.Run("create gives a Tencent-shaped pair, stored encrypted and audited", func(t *testing.T) {
			id, secret, err := keys.Create(ctx, alice)
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if !secretIDShape.MatchString(id) || !secretKeyShape.MatchString(secret) {
				t.Fatalf("pair %q / %q does not have the AKID+32 / 32 alphanumerics shape", id, secret)
			}
			var row models.APIKey
			if err := db.Where("secret_id = ?", id).Take(&row).Error; err != nil {
				t.Fatalf("read row: %v", err)
			}
			if row.UserID != alice.UserID || strings.Contains(row.SecretEnc, secret) || !strings.HasPrefix(row.SecretEnc, "v1:") {
				t.Errorf("row %+v: want alice's, encrypted (v1:), never the plain secret", row)
			}
			if n := countRows(t, db, &models.AuditEvent{}, "action = ? AND resource = ? AND outcome = ?", "apikey.create", id, models.OutcomeOK); n != 1 {
				t.Errorf("audit events for the creation = %d, want 1", n)
			}
		})

		t.Run("resolve returns the user and the secret key", func(t *testing.T) {
			id, secret, err := keys.Create(ctx, alice)
			if err != nil {
				t.Fatal(err)
			}
			// A second store has no cached cipher: it must read the same
			// master key from the database (another replica, a restart).
			u, got, err := models.NewAPIKeyStore(db).Resolve(ctx, id)
			if err != nil {
				t.Fatalf("resolve: %v", err)
			}
			if got != secret || u.UserID != alice.UserID || u.AccountID != alice.AccountID || u.Username != aliceUser.Username {
				t.Errorf("resolve = %+v, %q; want alice and %q", u, got, secret)
			}
			if u.Actor() != alice {
				t.Errorf("actor = %+v, want %+v", u.Actor(), alice)
			}
		})

		t.Run("unknown and malformed secret ids are SecretIdNotFound", func(t *testing.T) {
			for _, id := range []string{"", "AKID", "AKIDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "nope", "AKID" + strings.Repeat("!", 32)} {
				_, _, err := keys.Resolve(ctx, id)
				wantError(t, err, "AuthFailure.SecretIdNotFound", models.ErrNotFound)
			}
		})

		t.Run("a disabled account's keys stop working and no new ones are made", func(t *testing.T) {
			carol, _ := userActor(t, db, "carol")
			id, _, err := keys.Create(ctx, carol)
			if err != nil {
				t.Fatal(err)
			}
			setAccountStatus(t, db, carol.AccountID, models.AccountDisabled)
			_, _, err = keys.Resolve(ctx, id)
			wantError(t, err, "AuthFailure.SecretIdNotFound", models.ErrNotFound)
			_, _, err = keys.Create(ctx, carol)
			wantError(t, err, "InvalidParameterValue", models.ErrInvalid)
			if _, err := keys.UserActor(ctx, "carol"); err == nil {
				t.Error("UserActor accepted a disabled account's user")
			}
			setAccountStatus(t, db, carol.AccountID, models.AccountActive)
			if _, _, err := keys.Resolve(ctx, id); err != nil {
				t.Errorf("re-enabled account: %v", err)
			}
		})

		t.Run("list shows the user's own keys without secrets; delete is scoped", func(t *testing.T) {
			dave, _ := userActor(t, db, "dave")
			first, _, _ := keys.Create(ctx, dave)
			second, _, _ := keys.Create(ctx, dave)
			list, err := keys.List(ctx, dave)
			if err != nil || len(list) != 2 {
				t.Fatalf("list = %+v, %v; want dave's two keys", list, err)
			}
			ids := []string{list[0].SecretID, list[1].SecretID}
			if !(ids[0] == second && ids[1] == first || ids[0] == first && ids[1] == second) {
				t.Errorf("list ids %v, want %s and %s", ids, first, second)
			}
			// bob cannot delete dave's key: it does not exist for him.
			wantError(t, keys.Delete(ctx, bob, first), "ResourceNotFound", models.ErrNotFound)
			if err := keys.Delete(ctx, dave, first); err != nil {
				t.Fatalf("delete: %v", err)
			}
			_, _, err = keys.Resolve(ctx, first)
			wantError(t, err, "AuthFailure.SecretIdNotFound", models.ErrNotFound)
			if list, _ := keys.List(ctx, dave); len(list) != 1 || list[0].SecretID != second {
				t.Errorf("after delete list = %+v, want only %s", list, second)
			}
			if n := countRows(t, db, &models.AuditEvent{}, "action = ? AND resource = ?", "apikey.delete", first); n != 2 {
				t.Errorf("audit events for the deletions = %d, want 2 (bob's refusal, dave's delete)", n)
			}
		})

		t.Run("used stamps last_used_at at most once a minute, written by the worker", func(t *testing.T) {
			id, _, _ := keys.Create(ctx, bob)
			lastUsed := func() *time.Time {
				t.Helper()
				var k models.APIKey
				if err := db.Where("secret_id = ?", id).Take(&k).Error; err != nil {
					t.Fatal(err)
				}
				return k.LastUsedAt
			}
			keys.Used(id)
			if got := lastUsed(); got != nil {
				t.Errorf("last_used_at = %v before the worker ran; want the request itself to write nothing", got)
			}
			if err := models.Housekeep(ctx, stores.Jobs); err != nil {
				t.Fatal(err)
			}
			first := lastUsed()
			if first == nil {
				t.Fatal("last_used_at not set by the worker")
			}
			keys.Used(id)
			if err := models.Housekeep(ctx, stores.Jobs); err != nil {
				t.Fatal(err)
			}
			if again := lastUsed(); again == nil || !again.Equal(*first) {
				t.Errorf("last_used_at moved within a minute: %v → %v", first, again)
			}
		})

		t.Run("a user's keys go with the user", func(t *testing.T) {
			erin, _ := userActor(t, db, "erin")
			id, _, _ := keys.Create(ctx, erin)
			if err := db.Exec("DELETE FROM sessions WHERE user_id = ?", erin.UserID).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("DELETE FROM audit_events WHERE user_id = ?", erin.UserID).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("DELETE FROM users WHERE id = ?", erin.UserID).Error; err != nil {
				t.Fatalf("delete user: %v", err)
			}
			if n := countRows(t, db, &models.APIKey{}, "secret_id = ?", id); n != 0 {
				t.Errorf("key of a deleted user survives")
			}
		})

		t.Run("UserActor names users at the command line", func(t *testing.T) {
			got, err := keys.UserActor(ctx, " Alice ")
			if err != nil || got != alice {
				t.Errorf("UserActor(alice) = %+v, %v; want %+v", got, err, alice)
			}
			_, err = keys.UserActor(ctx, "nobody")
			wantError(t, err, "InvalidParameterValue", models.ErrNotFound)
		})
	})
}

// Replicas starting together must agree on one master key, or keys made by
// one would not verify on another.
func TestAPIKeyMasterKeyConcurrentFirstUse(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		alice, _ := userActor(t, db, "alice")
		const n = 8
		type pair struct{ id, secret string }
		pairs := make([]pair, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				id, secret, err := models.NewAPIKeyStore(db).Create(context.Background(), alice)
				if err != nil {
					t.Errorf("create %d: %v", i, err)
				}
				pairs[i] = pair{id, secret}
			})
		}
		wg.Wait()
		if n := countRows(t, db, &models.Setting{}, "key = ?", "api_master_key"); n != 1 {
			t.Fatalf("master keys = %d, want 1", n)
		}
		fresh := models.NewAPIKeyStore(db)
		for _, p := range pairs {
			if _, secret, err := fresh.Resolve(t.Context(), p.id); err != nil || secret != p.secret {
				t.Errorf("resolve %s = %q, %v; want %q", p.id, secret, err, p.secret)
			}
		}
	})
}
