package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

// R25 R20: bob, in Platform under Engineering, opens an image alice shared
// with Engineering until a date, and the page tells him when his access ends.
func TestR25R20MemberPageSaysWhenAccessEnds(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	until := time.Now().UTC().Add(72 * time.Hour).Truncate(time.Minute)
	img := "/images/" + lcPostgresImage
	r := alice.Post(img+"/share", url.Values{"accounts": {models.DemoUnitEngineer}, "risk": {"yes"},
		"until": {"ignored when the UTC copy is sent"}, "until_utc": {until.Format(time.RFC3339)}})
	wantRedirect(t, r, img+"?tab=sharing")
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	page := bob.Get(img)
	wantStatus(t, page, http.StatusOK)
	if got := text(page.Doc(t).Find(`[data-testid="access-ends"]`)); !strings.Contains(got, until.Format("Jan 2, 2006 15:04")) {
		t.Errorf("bob's access ends = %q, want %s", got, until.Format("Jan 2, 2006 15:04"))
	}
}
