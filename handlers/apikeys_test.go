package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

// The Account page creates an API key, shows its SecretKey once, lists it
// without the secret, and deletes it after a confirmation; another user can
// neither see nor delete it.
func TestAccountAPIKeys(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)

	r := alice.Post("/account/apikeys", nil)
	wantStatus(t, r, http.StatusOK)
	doc := r.Doc(t)
	id, secret := text(doc.Find(`[data-testid="new-secret-id"]`)), text(doc.Find(`[data-testid="new-secret-key"]`))
	if !strings.HasPrefix(id, "AKID") || len(secret) != 32 {
		t.Fatalf("new key shown as %q / %q", id, secret)
	}
	user, stored, err := models.NewAPIKeyStore(app.DB).Resolve(context.Background(), id)
	if err != nil || stored != secret || user.Username != handlertest.Alice {
		t.Fatalf("the key shown is not alice's stored key: %v, user %q", err, user.Username)
	}

	page := alice.Get("/account")
	if !strings.Contains(page.Body, id) {
		t.Error("the key is not listed")
	}
	if strings.Contains(page.Body, secret) {
		t.Error("the SecretKey is shown again after creation")
	}

	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	if strings.Contains(bob.Get("/account").Body, id) {
		t.Error("bob's Account page lists alice's key")
	}
	wantStatus(t, bob.Post("/account/apikeys/"+id+"/delete", nil), http.StatusNotFound)
	if _, _, err := models.NewAPIKeyStore(app.DB).Resolve(context.Background(), id); err != nil {
		t.Fatalf("bob's forged delete removed alice's key: %v", err)
	}

	wantRedirect(t, alice.Post("/account/apikeys/"+id+"/delete", nil), "/account#api-keys")
	if _, _, err := models.NewAPIKeyStore(app.DB).Resolve(context.Background(), id); err == nil {
		t.Error("the deleted key still resolves")
	}
	if !strings.Contains(alice.Get("/account").Body, "API key "+id+" deleted.") {
		t.Error("no flash after deleting the key")
	}
}
