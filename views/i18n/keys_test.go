package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"imageshare/models"
)

// Where translation keys are used, relative to the module root.
var sourceDirs = []string{"views", "handlers", "web", "models", "cmd"}

// keyPatterns find literal keys: i18n.T(ctx, "k"), i18n.Tr(locale, "k"),
// Msg("k") (domain messages), keys kept in view models for later
// translation (Key: "k", x.Key = "k") and the error handler's "error.*" keys.
var keyPatterns = []*regexp.Regexp{
	regexp.MustCompile(`i18n\.T\(ctx,\s*"([^"]+)"\s*[,)]`),
	regexp.MustCompile(`i18n\.Tr\((?:"[^"]*"|[^"\n])*?,\s*"([^"]+)"\s*[,)]`),
	regexp.MustCompile(`\bMsg\("([^"]+)"\s*[,)]`),
	regexp.MustCompile(`\bKey(?::|\b[^=\n]*=)\s*"([a-z_]+\.[a-z_.]+)"\s*[,)}\n]`),
	regexp.MustCompile(`"(error\.[a-z_]+)"`),
}

// prefixPattern finds keys built at run time: "state." + s.
var prefixPattern = regexp.MustCompile(`"([a-z][a-z_]*(?:\.[a-z_]+)*\.)"\s*\+`)

// prefixValues are the values each built key can end with (SPEC 2 and the
// models' enumerations). A new prefix must be added here, so its keys are
// checked too.
var prefixValues = map[string][]string{
	"state.":        {"NORMAL", "CREATING", "CREATEFAILED", "SYNCING", "PENDING", "RUNNING", "STOPPED", "REINSTALLING", "TERMINATED"},
	"region.":       models.RegionIDs,
	"images.tab.":   models.Tabs,
	"images.sort.":  models.Sorts,
	"role.":         {models.RoleMember, models.RoleAdmin},
	"lang.":         Locales,
	"lang.short.":   Locales,
	"type.":         {"PUBLIC_IMAGE", "PRIVATE_IMAGE", "SHARED_IMAGE"},
	"source.":       {"OFFICIAL", "CREATEIMAGE", "COPY"},
	"share_status.": models.ShareStatuses,
	"detail.tab.":   {"overview", "sharing", "history"},
	// Decisions that end a share are built from the status; the others are literal.
	"history.": {"revoked", "rejected", "left", "declined", "expired"},
	"note.": {models.NoteShareReceived, models.NoteShareEnded, models.NoteShareRevoked, models.NoteShareApproved,
		models.NoteShareRejected, models.NoteShareLeft, models.NoteShareOffered, models.NoteShareAccepted,
		models.NoteShareDeclined, models.NoteShareExpiring, models.NoteShareExpired,
		models.NoteImageDeprecated, models.NoteImageDisabled, models.NoteImageBinned},
	"account_status.":   {models.AccountActive, models.AccountDisabled},
	"admin.policy.":     {models.PolicyImmediate, models.PolicyReview},
	"admin.acceptance.": {models.AcceptanceAutomatic, models.AcceptanceRequired},
	"audit.ok.":         models.AuditActions,
	"audit.no.":         models.AuditActions,
	// The recycle bin's time left, built from a share's (R23).
	"bin.": {"left_days", "left_hours", "left_soon"},
}

// use is one key found in one file.
type use struct{ key, where string }

func scanSources(t *testing.T) (literals []use, prefixes []use) {
	t.Helper()
	root := filepath.Join("..", "..")
	for _, dir := range sourceDirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			name := d.Name()
			// Generated _templ.go files repeat their .templ source; tests
			// may name keys that must not exist.
			if strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") ||
				!(strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".templ")) {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			for _, p := range keyPatterns {
				for _, m := range p.FindAllStringSubmatch(string(b), -1) {
					literals = append(literals, use{m[1], rel})
				}
			}
			for _, m := range prefixPattern.FindAllStringSubmatch(string(b), -1) {
				prefixes = append(prefixes, use{m[1], rel})
			}
			return nil
		})
		if err != nil {
			t.Fatalf("scan %s: %v", dir, err)
		}
	}
	return literals, prefixes
}

func TestEveryKeyInTheSourceExists(t *testing.T) {
	literals, prefixes := scanSources(t)
	// Guard the scanner itself: these are used today and must be found.
	found := map[string]bool{}
	for _, u := range literals {
		found[u.key] = true
	}
	for _, p := range prefixes {
		found[p.key] = true
	}
	for _, k := range []string{"login.invalid", "flash.signed_out", "images.bad_region", "error.internal_title", "state.", "region.", "images.tab."} {
		if !found[k] {
			t.Fatalf("scanner did not find %q: the patterns are out of date", k)
		}
	}
	if len(literals) < 100 {
		t.Fatalf("only %d literal keys found; the scanner is broken", len(literals))
	}

	var missing []string
	for _, u := range literals {
		if !Has(u.key) {
			missing = append(missing, u.key+" ("+u.where+")")
		}
	}
	for _, p := range prefixes {
		values, ok := prefixValues[p.key]
		if !ok {
			t.Errorf("%s builds keys with the prefix %q: add its values to prefixValues", p.where, p.key)
			continue
		}
		for _, v := range values {
			if !Has(p.key + v) {
				missing = append(missing, p.key+v+" ("+p.where+")")
			}
		}
	}
	sort.Strings(missing)
	for _, m := range slices.Compact(missing) {
		t.Errorf("key not in the catalogue: %s", m)
	}
}

func TestKeyPatterns(t *testing.T) {
	src := `
		i18n.T(ctx, "a.one")
		i18n.T(ctx, "a.two", n)
		i18n.T(ctx, "state." + s)
		i18n.Tr(web.Locale(c), "a.three")
		i18n.Tr("en", "a.four", 1)
		i18n.Tr("en", de.Msg.Key)
		models.Msg("a.five", id)
		Msg("a.six")
		return http.StatusNotFound, "error.seven", nil
		e.Key, e.Args = "a.eight", []any{n}
		e.Key, e.Args = "history."+s.Status, nil
		pages.HistoryEntry{At: t, Key: "a.nine",
			Args: nil}
	`
	var got []string
	for _, p := range keyPatterns {
		for _, m := range p.FindAllStringSubmatch(src, -1) {
			got = append(got, m[1])
		}
	}
	sort.Strings(got)
	want := []string{"a.eight", "a.five", "a.four", "a.nine", "a.one", "a.six", "a.three", "a.two", "error.seven"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("found %v, want %v", got, want)
	}
	var prefixes []string
	for _, m := range prefixPattern.FindAllStringSubmatch(src, -1) {
		prefixes = append(prefixes, m[1])
	}
	if strings.Join(prefixes, " ") != "state. history." {
		t.Errorf("prefixes %v, want [state. history.]", prefixes)
	}
}
