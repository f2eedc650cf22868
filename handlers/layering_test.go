package handlers_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Views and handlers never decide a right: they read the Can and Notice the
// domain hands out with each image. So no hand-written file under views/ or
// handlers/ may compare an image's state or type, whether spelled as a
// string or as a models constant (the API, which only maps the domain's
// values to Tencent's names, included).
func TestNoImageStateOrTypeComparisonsOutsideModels(t *testing.T) {
	values := `(NORMAL|CREATING|SYNCING|CREATEFAILED|IMPORTING|IMPORTFAILED|PUBLIC_IMAGE|PRIVATE_IMAGE|SHARED_IMAGE)`
	consts := `models\.(Image(Normal|Creating|Syncing|CreateFailed|Importing|ImportFailed)|PublicImage|PrivateImage|SharedImage)\b`
	compare := regexp.MustCompile(`(==|!=)\s*("` + values + `"|` + consts + `)` +
		`|("` + values + `"|` + consts + `)\s*(==|!=)` +
		`|case\s+[^:]*("` + values + `"|` + consts + `)`)
	for _, root := range []string{".", "../views"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") ||
				!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(b), "\n") {
				if compare.MatchString(line) {
					t.Errorf("%s:%d compares an image state or type: %s", path, i+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
