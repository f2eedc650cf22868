package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
)

// R6 on the delete confirmation: a shared image's page says up front whom
// it is shared with, offers to cancel the shares, and has no delete button;
// an unshared image's page has it.
func TestDeletePageRefusesUpFront(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)

	r := alice.Get("/images/" + handlertest.SharedImage + "/delete")
	wantStatus(t, r, http.StatusOK)
	doc := r.Doc(t)
	main := text(doc.Find("main"))
	if want := i18n.Tr("en", "image.delete_shared", 1, handlertest.BobAccount); !strings.Contains(main, want) {
		t.Errorf("the page does not say %q up front:\n%s", want, main)
	}
	if n := doc.Find("main form[action$='/delete'] button").Length(); n != 0 {
		t.Errorf("a refused delete still offers %d delete buttons", n)
	}
	if doc.Find("main form[action$='/shares/cancel'] input[name=all]").Length() != 1 {
		t.Error("the remedy (cancel all shares) is not offered")
	}

	r = alice.Get("/images/img-demo0002/delete") // shared with nobody
	wantStatus(t, r, http.StatusOK)
	doc = r.Doc(t)
	if n := doc.Find("main form[action$='/delete'] button").Length(); n != 1 {
		t.Errorf("an unshared image's page has %d delete buttons, want 1", n)
	}
	if strings.Contains(text(doc.Find("main")), i18n.Tr("en", "delete.refused")) {
		t.Error("an unshared image's page speaks of a refusal")
	}
}
