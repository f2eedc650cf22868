package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
)

// R18 through HTTP: the recipient confirms, the image leaves its account,
// the owner sees "left" in the history and a notification; anyone else is
// told the image does not exist, and a post without CSRF changes nothing.
func TestLeaveShare(t *testing.T) {
	app := handlertest.New(t)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	shared := "/images/" + handlertest.SharedImage

	detail := bob.Get(shared)
	wantStatus(t, detail, http.StatusOK)
	if got := detail.Doc(t).Find(`a[href="` + shared + `/leave"]`); got.Length() != 1 {
		t.Fatalf("bob's detail page offers %d leave links; want 1", got.Length())
	}
	confirm := bob.Get(shared + "/leave")
	wantStatus(t, confirm, http.StatusOK)
	if body := html.UnescapeString(confirm.Body); !strings.Contains(body, "Remove shared image") || !strings.Contains(body, "Alice") {
		t.Fatalf("confirmation lacks its title or the owner:\n%.1500s", body)
	}

	t.Run("R18 a leave without the CSRF token is refused", func(t *testing.T) {
		wantStatus(t, bob.PostRaw(shared+"/leave", url.Values{}), http.StatusForbidden)
		wantStatus(t, bob.Get(shared), http.StatusOK)
	})
	t.Run("R18 the owner cannot leave its own image", func(t *testing.T) {
		alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
		wantStatus(t, alice.Get(shared+"/leave"), http.StatusNotFound)
		wantStatus(t, alice.Post(shared+"/leave", nil), http.StatusNotFound)
	})
	t.Run("R18 an account the image is not shared with gets 404", func(t *testing.T) {
		carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
		wantStatus(t, carol.Post(shared+"/leave", nil), http.StatusNotFound)
	})
	t.Run("R18 the recipient leaves: redirected to its shared tab with a flash", func(t *testing.T) {
		wantRedirect(t, bob.Post(shared+"/leave", nil), "/images?tab=shared&region=ap-guangzhou")
		list := bob.Get("/images?tab=shared&region=ap-guangzhou")
		if body := html.UnescapeString(list.Body); !strings.Contains(body, handlertest.SharedImageName+" was removed from your account.") {
			t.Errorf("no flash after leaving:\n%.2000s", body)
		}
		if list.Doc(t).Find(`tr[data-image-id="`+handlertest.SharedImage+`"]`).Length() != 0 {
			t.Error("the image is still listed on bob's shared tab")
		}
		wantStatus(t, bob.Get(shared), http.StatusNotFound)
	})
	t.Run("R18 the owner sees left in the history and is notified", func(t *testing.T) {
		alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
		page := html.UnescapeString(alice.Get(shared + "?tab=history").Body)
		if !strings.Contains(page, "removed the image from their account") {
			t.Errorf("history lacks the leave")
		}
		inbox := html.UnescapeString(alice.Get("/notifications").Body)
		if !strings.Contains(inbox, "(account "+handlertest.BobAccount+") removed image "+handlertest.SharedImageName) {
			t.Errorf("owner's inbox lacks the leave")
		}
	})
}
