package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
	"imageshare/views/pages"
)

// tagForm is a tag form as a browser sends it: rows of key and value.
func tagForm(rows ...string) url.Values {
	form := url.Values{}
	for i := 0; i+1 < len(rows); i += 2 {
		form.Add("tag_key", rows[i])
		form.Add("tag_value", rows[i+1])
	}
	return form
}

// tagRows are the key/value rows of the tag form on a page, as "key=value".
func tagRows(t *testing.T, r *handlertest.Response) []string {
	t.Helper()
	var out []string
	doc := r.Doc(t)
	doc.Find("#" + pages.ImageTagsID + " tr[data-tag-row]").Each(func(_ int, row *goquery.Selection) {
		k, _ := row.Find(`input[name="tag_key"]`).Attr("value")
		v, _ := row.Find(`input[name="tag_value"]`).Attr("value")
		out = append(out, k+"="+v)
	})
	return out
}

// R24 through HTTP: the owner edits the tags as rows in a plain form (add
// row, remove row, per-row errors, PRG with a flash); the recipient reads
// them and cannot write; the Images tabs filter by tag with a chip.
func TestImageTagsForm(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	shared := "/images/" + handlertest.SharedImage

	t.Run("R24 the owner's page has the form with one blank row", func(t *testing.T) {
		page := alice.Get(shared)
		wantStatus(t, page, http.StatusOK)
		if got := tagRows(t, page); len(got) != 1 || got[0] != "=" {
			t.Errorf("rows = %v; want one blank row", got)
		}
		if page.Doc(t).Find(`#`+pages.ImageTagsID+` form[method="post"][action="`+shared+`/tags"]`).Length() != 1 {
			t.Error("no plain form posting to /tags")
		}
	})
	t.Run("R24 a post without the CSRF token is refused", func(t *testing.T) {
		wantStatus(t, alice.PostRaw(shared+"/tags", tagForm("env", "prod")), http.StatusForbidden)
	})
	t.Run("R24 Add row sends the rows back with one more, saving nothing", func(t *testing.T) {
		form := tagForm("env", "prod", "", "")
		form.Set("add", "1")
		page := alice.Post(shared+"/tags", form)
		wantStatus(t, page, http.StatusOK)
		if got := tagRows(t, page); strings.Join(got, " ") != "env=prod =" {
			t.Errorf("rows = %v; want env=prod and a blank row", got)
		}
		if got := tagRows(t, alice.Get(shared)); len(got) != 1 {
			t.Errorf("Add row saved the tags: rows now %v", got)
		}
	})
	t.Run("R24 bad rows are refused with a message on each, values kept", func(t *testing.T) {
		page := alice.Post(shared+"/tags", tagForm("env", "prod", "", "orphan", "env", "again"))
		wantStatus(t, page, http.StatusUnprocessableEntity)
		if got := tagRows(t, page); strings.Join(got, " ") != "env=prod =orphan env=again" {
			t.Errorf("rows = %v; want the three rows as sent", got)
		}
		doc := page.Doc(t)
		for id, want := range map[string]string{
			"tag-key-1-error": i18n.Tr("en", "tags.key_required", 2),
			"tag-key-2-error": i18n.Tr("en", "tags.key_duplicate", 3, "env", 1),
		} {
			if got := text(doc.Find("#" + id)); got != want {
				t.Errorf("#%s = %q; want %q", id, got, want)
			}
		}
		if v, _ := doc.Find("#tag-key-1").Attr("aria-invalid"); v != "true" {
			t.Error("the bad key is not marked invalid")
		}
	})
	t.Run("R24 more than 50 tags are refused with the limit", func(t *testing.T) {
		var rows []string
		for i := range 51 {
			rows = append(rows, "k"+strings.Repeat("x", i), "")
		}
		page := alice.Post(shared+"/tags", tagForm(rows...))
		wantStatus(t, page, http.StatusUnprocessableEntity)
		if body := html.UnescapeString(page.Body); !strings.Contains(body, i18n.Tr("en", "tags.limit_exceeded", 50, 51)) {
			t.Error("no limit message")
		}
	})
	t.Run("R24 the owner saves: redirected with a flash, rows saved, removed rows gone", func(t *testing.T) {
		form := tagForm("env", "prod", "team", "web", "drop", "me", "", "")
		form.Add("tag_remove", "2")
		wantRedirect(t, alice.Post(shared+"/tags", form), shared)
		page := alice.Get(shared)
		if body := html.UnescapeString(page.Body); !strings.Contains(body, i18n.Tr("en", "flash.tags_saved")) {
			t.Error("no flash after saving")
		}
		if got := tagRows(t, page); strings.Join(got, " ") != "env=prod team=web =" {
			t.Errorf("rows = %v; want env=prod team=web and a blank row", got)
		}
		activity := text(alice.Get("/account").Doc(t).Find(`section[aria-labelledby="account-activity"] tbody`))
		if want := i18n.Tr("en", "audit.ok.image.tags", handlertest.SharedImage, "env=prod, team=web"); !strings.Contains(activity, want) {
			t.Errorf("alice's activity lacks %q", want)
		}
	})
	t.Run("R24 htmx gets only the tags section", func(t *testing.T) {
		form := tagForm("env", "")
		form.Set("add", "1")
		r := alice.Post(shared+"/tags", form, handlertest.Fragment(pages.ImageTagsID))
		wantStatus(t, r, http.StatusOK)
		if isFullPage(r.Body) || !strings.Contains(r.Body, `id="`+pages.ImageTagsID+`"`) {
			t.Errorf("htmx answer is not the tags section:\n%.500s", r.Body)
		}
	})
	t.Run("R24 the recipient reads the tags, each a filter link, and has no form", func(t *testing.T) {
		page := bob.Get(shared)
		wantStatus(t, page, http.StatusOK)
		doc := page.Doc(t)
		if doc.Find("#"+pages.ImageTagsID+" form").Length() != 0 {
			t.Error("the recipient is offered the tag form")
		}
		links := doc.Find(`[data-testid="image-tags"] a`)
		if links.Length() != 2 || text(links.First()) != "env = prod" {
			t.Errorf("recipient's tags = %d, first %q; want env = prod and team = web", links.Length(), text(links.First()))
		}
		if href, _ := links.First().Attr("href"); href != "/images?region=ap-guangzhou&tab=shared&tag=env%3Dprod" {
			t.Errorf("tag link = %s", href)
		}
	})
	t.Run("R24 R2 the recipient's forged post is refused and changes nothing", func(t *testing.T) {
		r := bob.Post(shared+"/tags", tagForm("env", "hacked"))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if body := html.UnescapeString(r.Body); !strings.Contains(body, i18n.Tr("en", "image.shared_no_modify")) {
			t.Error("the refusal is not shown")
		}
		if got := tagRows(t, alice.Get(shared)); got[0] != "env=prod" {
			t.Errorf("tags changed to %v", got)
		}
	})
	t.Run("R24 an account the image is not shared with gets 404", func(t *testing.T) {
		carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
		wantStatus(t, carol.Post(shared+"/tags", tagForm("env", "x")), http.StatusNotFound)
	})
	t.Run("R24 the shared tab filters by tag, with a chip that removes the filter", func(t *testing.T) {
		list := bob.Get("/images?region=ap-guangzhou&tab=shared&tag=env%3Dprod")
		wantStatus(t, list, http.StatusOK)
		doc := list.Doc(t)
		if doc.Find(`tr[data-image-id="`+handlertest.SharedImage+`"]`).Length() != 1 {
			t.Error("the tagged image is not listed")
		}
		if got := text(doc.Find(`tr[data-image-id="` + handlertest.SharedImage + `"] [data-row-tags]`)); got != "env=prod team=web" {
			t.Errorf("row tags = %q", got)
		}
		chip := doc.Find(`[data-testid="tag-filter"]`)
		if !strings.Contains(text(chip), "env=prod") {
			t.Errorf("chip = %q", text(chip))
		}
		if href, _ := chip.Find("a").Attr("href"); strings.Contains(href, "tag=") || !strings.Contains(href, "tab=shared") {
			t.Errorf("chip's remove link = %s", href)
		}
		none := bob.Get("/images?region=ap-guangzhou&tab=shared&tag=env%3Ddev").Doc(t)
		if none.Find(`tr[data-image-id]`).Length() != 0 {
			t.Error("env=dev lists the image")
		}
		if v, _ := none.Find(`#image-tag`).Attr("value"); v != "env=dev" {
			t.Errorf("the filter field holds %q; want env=dev", v)
		}
	})
}
