package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/i18n"
)

// inboxNote is one notification as the inbox shows it.
type inboxNote struct {
	Text   string // the message and, when there is one, the reason line
	Unread bool
}

// inboxNotes reads c's notifications page, newest first.
func inboxNotes(t *testing.T, c *handlertest.Client) []inboxNote {
	t.Helper()
	r := c.Get("/notifications")
	wantStatus(t, r, http.StatusOK)
	var out []inboxNote
	r.Doc(t).Find(`section[aria-label="` + i18n.Tr("en", "inbox.title") + `"] li`).Each(func(_ int, li *goquery.Selection) {
		var lines []string
		li.Find("div > p").Each(func(i int, p *goquery.Selection) {
			if !p.HasClass("text-xs") { // the time
				lines = append(lines, text(p))
			}
		})
		out = append(out, inboxNote{Text: strings.Join(lines, " "), Unread: li.Find(".sr-only").Length() > 0})
	})
	return out
}

// inboxBadge is the unread count in c's header, "" when there is none.
func inboxBadge(t *testing.T, c *handlertest.Client) string {
	t.Helper()
	r := c.Get("/account")
	wantStatus(t, r, http.StatusOK)
	return text(r.Doc(t).Find(`header [data-testid="unread-count"]`))
}

// noteWant is a notification about one of alice's Guangzhou images.
func noteWant(key, image, otherName, otherID string) string {
	where := i18n.Tr("en", "inbox.in_region", i18n.Tr("en", "region.ap-guangzhou"))
	return i18n.Tr("en", key, image, where, otherName, otherID)
}

func inboxTexts(notes []inboxNote) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = n.Text
	}
	return out
}

// An admin's decision tells who needs to know, with the reason when there
// is one: the recipient only once it can see the image.
func TestNotificationsOfAdminDecisions(t *testing.T) {
	t.Parallel()
	received := noteWant("note.share_received", "postgres-16-base", "Alice's Studio", handlertest.AliceAccount)
	approved := noteWant("note.share_approved", "postgres-16-base", "Bob Logistics", handlertest.BobAccount)
	reason := i18n.Tr("en", "inbox.reason", "Not on this platform")
	rejected := noteWant("note.share_rejected", "postgres-16-base", "Bob Logistics", handlertest.BobAccount) + " " + reason
	revokedOwner := noteWant("note.share_revoked_owner", handlertest.SharedImageName, "Bob Logistics", handlertest.BobAccount) + " " + reason
	revokedRecipient := noteWant("note.share_revoked", handlertest.SharedImageName, "Alice's Studio", handlertest.AliceAccount) + " " + reason
	tests := []struct {
		name       string
		path       string
		pending    bool // decide on a pending share of img-demo0002 with bob, else on the demo's active share
		reason     string
		alice, bob []string
	}{
		{"approve", "/admin/review/approve", true, "", []string{approved}, []string{received}},
		{"reject", "/admin/review/reject", true, "Not on this platform", []string{rejected}, nil},
		{"revoke", "/admin/shares/revoke", false, "Not on this platform", []string{revokedOwner}, []string{revokedRecipient}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := handlertest.New(t)
			admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
			alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
			bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
			carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
			share := admSeededShare
			if tt.pending {
				admSaveSettings(t, admin, models.PolicyReview, "50")
				share = strconv.FormatInt(admShare(t, app, alice, "img-demo0002", handlertest.BobAccount), 10)
			}
			for _, c := range []*handlertest.Client{alice, bob} {
				if got := inboxBadge(t, c); got != "" {
					t.Fatalf("unread badge %q before any decision", got)
				}
				if got := inboxNotes(t, c); len(got) != 0 {
					t.Fatalf("notifications before any decision: %+v", got)
				}
			}

			r := admin.Post(tt.path, url.Values{"shares": {share}, "reason": {tt.reason}})
			wantRedirect(t, r, "/admin/shares")
			if got := admFlash(t, admFollow(t, admin, r), "error"); got != "" {
				t.Fatalf("the decision was refused: %q", got)
			}

			for _, who := range []struct {
				name string
				c    *handlertest.Client
				want []string
			}{{"alice", alice, tt.alice}, {"bob", bob, tt.bob}, {"carol", carol, nil}, {"admin", admin, nil}} {
				notes := inboxNotes(t, who.c)
				if got := inboxTexts(notes); !slices.Equal(got, who.want) {
					t.Errorf("%s's notifications:\n got %q\nwant %q", who.name, got, who.want)
				}
				if slices.ContainsFunc(notes, func(n inboxNote) bool { return !n.Unread }) {
					t.Errorf("%s has a new notification marked read", who.name)
				}
				want := ""
				if len(who.want) > 0 {
					want = strconv.Itoa(len(who.want))
				}
				if got := inboxBadge(t, who.c); got != want {
					t.Errorf("%s's unread badge %q, want %q", who.name, got, want)
				}
			}
		})
	}
}

// Sharing under the immediate policy tells the recipient at once, and the
// owner's cancelling tells it the share ended; marking read clears the badge
// of one account only.
func TestNotificationsShareCancelAndMarkRead(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)

	admShare(t, app, alice, "img-demo0002", admCarolAccount)
	admShare(t, app, alice, "img-demo0003", handlertest.BobAccount)
	wantRedirect(t, alice.Post("/images/img-demo0002/shares/cancel", url.Values{"accounts": {admCarolAccount}}), "/images/img-demo0002?tab=sharing")

	want := []string{
		noteWant("note.share_ended", "postgres-16-base", "Alice's Studio", handlertest.AliceAccount),
		noteWant("note.share_received", "postgres-16-base", "Alice's Studio", handlertest.AliceAccount),
	}
	if got := inboxTexts(inboxNotes(t, carol)); !slices.Equal(got, want) {
		t.Errorf("carol's notifications, newest first:\n got %q\nwant %q", got, want)
	}
	if got := inboxBadge(t, carol); got != "2" {
		t.Errorf("carol's badge %q, want 2", got)
	}
	if got := inboxBadge(t, bob); got != "1" {
		t.Errorf("bob's badge %q, want 1", got)
	}
	if got := inboxNotes(t, alice); len(got) != 0 {
		t.Errorf("the owner is told about its own shares: %+v", got)
	}

	wantStatus(t, carol.PostRaw("/notifications/read", url.Values{}), http.StatusForbidden)
	if got := inboxBadge(t, carol); got != "2" {
		t.Errorf("a POST without token changed carol's badge to %q", got)
	}
	wantRedirect(t, carol.Post("/notifications/read", nil), "/notifications")
	notes := inboxNotes(t, carol)
	if len(notes) != 2 || notes[0].Unread || notes[1].Unread {
		t.Errorf("after marking read: %+v, want the 2 notifications, read", notes)
	}
	if got := inboxBadge(t, carol); got != "" {
		t.Errorf("carol's badge %q after marking read", got)
	}
	if got := inboxBadge(t, bob); got != "1" {
		t.Errorf("carol marking read changed bob's badge to %q", got)
	}
}

func TestNotificationsNeedSignIn(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	visitor := app.Client(t)
	wantRedirect(t, visitor.Get("/notifications"), "/login?next=%2Fnotifications")
	wantRedirect(t, visitor.Post("/notifications/read", nil), "/login")
}

// Two copies of one image shared with an account read as two different
// notifications (each names its region) and each links to its own image,
// while the reader can open it.
func TestNotificationsNameTheRegionAndLink(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
	admShare(t, app, alice, "img-demo0001", admCarolAccount) // web-frontend-v3 in Guangzhou
	admShare(t, app, alice, "img-demo0004", admCarolAccount) // its copy in Shanghai
	notes := inboxTexts(inboxNotes(t, carol))
	if len(notes) != 2 || notes[0] == notes[1] {
		t.Fatalf("carol's notifications %q: want two that differ", notes)
	}
	if !strings.Contains(notes[0], i18n.Tr("en", "region.ap-shanghai")) || !strings.Contains(notes[1], i18n.Tr("en", "region.ap-guangzhou")) {
		t.Errorf("the notifications do not name the regions: %q", notes)
	}
	links := func() []string {
		var out []string
		carol.Get("/notifications").Doc(t).Find("main li a").Each(func(_ int, a *goquery.Selection) {
			out = append(out, a.AttrOr("href", ""))
		})
		return out
	}
	if got := links(); !slices.Equal(got, []string{"/images/img-demo0004", "/images/img-demo0001"}) {
		t.Errorf("links %q, want one to each image", got)
	}
	wantRedirect(t, alice.Post("/images/img-demo0004/shares/cancel", url.Values{"accounts": {admCarolAccount}}), "/images/img-demo0004?tab=sharing")
	if got := links(); !slices.Equal(got, []string{"/images/img-demo0001"}) {
		t.Errorf("after the cancel, links %q; want only the image carol still sees", got)
	}
}
