package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
	"imageshare/views/pages"
)

// Finding 8 of the security review: the share dialog's live check names
// any account, so it is limited to 300 accounts a minute per user; past
// that the check answers 429 with a message, as a toast while typing.
func TestFinding8ShareDialogLookUpLimit(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	ids := func(from, n int) string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("8%011d", from+i))
		}
		return strings.Join(out, "+")
	}
	dialog := "/images/img-demo0002/share?accounts="
	for round := range 6 {
		wantStatus(t, alice.Get(dialog+ids(round*50, 50), handlertest.Fragment(pages.ShareCheckID)), http.StatusOK)
	}
	r := alice.Get(dialog+ids(1000, 1), handlertest.Fragment(pages.ShareCheckID))
	wantStatus(t, r, http.StatusTooManyRequests)
	if want := i18n.Tr("en", "share.lookup_limited", 300); !strings.Contains(text(r.Doc(t).Selection), want) {
		t.Errorf("the answer does not say %q:\n%s", want, r.Body)
	}
	// Accounts already looked up this minute can still be checked.
	wantStatus(t, alice.Get(dialog+ids(0, 50), handlertest.Fragment(pages.ShareCheckID)), http.StatusOK)
}
