package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

// A recipient that forges the owner's requests against an image shared with
// it is refused with the rule's message, and nothing changes (R2, R5, R7,
// R9); an image of another account that is not shared with it does not
// exist for it at all (404, never "forbidden").
func TestRecipientForgedRequestsAreRefused(t *testing.T) {
	app := handlertest.New(t)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	shared := "/images/" + handlertest.SharedImage

	tests := []struct {
		name    string
		path    string
		form    url.Values
		status  int
		message string
	}{
		{"R2 rename", shared, url.Values{"name": {"hijacked"}, "description": {"x"}}, http.StatusUnprocessableEntity,
			"This image is shared with you: only its owner can change its name or description."},
		{"R7 delete", shared + "/delete", nil, http.StatusUnprocessableEntity,
			"This image is shared with you: you cannot delete it. Only its owner can."},
		{"R9 share onward", shared + "/share", url.Values{"accounts": {"100000000003"}, "risk": {"yes"}}, http.StatusUnprocessableEntity,
			"Only the account that owns an image can share it. An image shared with you, or a public image, cannot be shared."},
		{"R9 cancel the owner's shares", shared + "/shares/cancel", url.Values{"all": {"1"}}, http.StatusUnprocessableEntity,
			"This image is shared with you: only its owner can stop sharing it."},
		{"R5 copy to another region", shared + "/copy", url.Values{"regions": {"ap-beijing"}, "name": {"stolen"}}, http.StatusUnprocessableEntity,
			"This image is shared with you: you cannot copy it to other regions."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := recipientSnapshot(t, app.DB)
			r := bob.Post(tt.path, tt.form)
			if r.StatusCode != tt.status {
				t.Fatalf("POST %s: status %d, want %d\n%s", tt.path, r.StatusCode, tt.status, r.Body)
			}
			if !strings.Contains(html.UnescapeString(r.Body), tt.message) {
				t.Errorf("POST %s: page lacks %q", tt.path, tt.message)
			}
			// An honest page: the refusal alone, not the owner's dialog
			// with its button, nor another action's message.
			doc := r.Doc(t)
			if n := doc.Find("main form[action$='" + strings.TrimPrefix(tt.path, shared) + "'] button").Length(); tt.path != shared && n > 0 {
				t.Errorf("POST %s: the refusal offers the owner's form (%d buttons)", tt.path, n)
			}
			if strings.HasSuffix(tt.path, "/cancel") && strings.Contains(r.Body, "can share it") {
				t.Errorf("POST %s: a cancel answered with the sharing message", tt.path)
			}
			if after := recipientSnapshot(t, app.DB); after != before {
				t.Errorf("POST %s changed the database:\nbefore %+v\nafter  %+v", tt.path, before, after)
			}
		})
	}
}

// recipientSnapshot is what a forged request must not change.
type snapshot struct {
	Name, Description string
	Images, Shares    int64
	LiveShares        int64
}

func recipientSnapshot(t *testing.T, db *models.DB) snapshot {
	t.Helper()
	var s snapshot
	var img models.Image
	if err := db.Where("id = ?", handlertest.SharedImage).Take(&img).Error; err != nil {
		t.Fatalf("shared image: %v", err)
	}
	s.Name, s.Description = img.Name, img.Description
	db.Model(&models.Image{}).Count(&s.Images)
	db.Model(&models.Share{}).Count(&s.Shares)
	db.Model(&models.Share{}).Where("status IN ?", []string{models.SharePending, models.ShareActive}).Count(&s.LiveShares)
	return s
}

// Every image route answers 404 for another account's unshared image, by GET
// and by POST, with the same page as for an id that does not exist.
func TestOtherAccountsImageIsNotFound(t *testing.T) {
	app := handlertest.New(t)
	carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
	const alicesPrivate = "/images/img-demo0002" // alice's, shared with nobody
	gets := []string{"", "/copy", "/delete", "/share", "/shares/cancel"}
	posts := map[string]url.Values{
		"":               {"name": {"x"}},
		"/copy":          {"regions": {"ap-beijing"}},
		"/delete":        nil,
		"/share":         {"accounts": {"100000000003"}, "risk": {"yes"}},
		"/shares/cancel": {"all": {"1"}},
	}
	for _, suffix := range gets {
		r := carol.Get(alicesPrivate + suffix)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", alicesPrivate+suffix, r.StatusCode)
		}
		if strings.Contains(r.Body, "postgres-16-base") {
			t.Errorf("GET %s leaks the image's name", alicesPrivate+suffix)
		}
	}
	before := recipientSnapshot(t, app.DB)
	for suffix, form := range posts {
		r := carol.Post(alicesPrivate+suffix, form)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: status %d, want 404", alicesPrivate+suffix, r.StatusCode)
		}
	}
	if after := recipientSnapshot(t, app.DB); after != before {
		t.Errorf("forged posts changed the database: %+v → %+v", before, after)
	}
	var img models.Image
	app.DB.Where("id = ?", "img-demo0002").Take(&img)
	if img.Name != "postgres-16-base" {
		t.Errorf("alice's image was renamed to %q", img.Name)
	}
}

// The owner shares through the dialog; a bad account in the list shares
// nothing and the dialog comes back with a message for that account (R14).
func TestShareDialogAllOrNothing(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	before := recipientSnapshot(t, app.DB)
	r := alice.Post("/images/img-demo0002/share", url.Values{"accounts": {"100000000002\n100000000001, 123"}, "risk": {"yes"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.StatusCode)
	}
	body := html.UnescapeString(r.Body)
	for _, want := range []string{
		"100000000001 is your own account: you already have this image.",
		"123 is not an account ID: account IDs are 10 to 12 digits.",
		"2 accounts cannot be added. Nothing was shared",
		"100000000002\n100000000001, 123</textarea>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("dialog lacks %q", want)
		}
	}
	if after := recipientSnapshot(t, app.DB); after.Shares != before.Shares {
		t.Errorf("a refused request saved shares: %d → %d", before.Shares, after.Shares)
	}
	r = alice.Post("/images/img-demo0002/share", url.Values{"accounts": {"100000000002 100000000003"}, "risk": {"yes"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/images/img-demo0002?tab=sharing" {
		t.Fatalf("share: status %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	page := alice.Get("/images/img-demo0002?tab=sharing")
	if !strings.Contains(page.Body, "Image shared with 2 accounts.") {
		t.Error("no flash after sharing")
	}
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	if r := bob.Get("/images/img-demo0002"); r.StatusCode != http.StatusOK {
		t.Errorf("bob cannot open the image shared with him: %d", r.StatusCode)
	}
}
