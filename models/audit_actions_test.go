package models_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"imageshare/models"
)

// Every action the stores record is listed in AuditActions, so the console
// has a sentence for it.
func TestAuditActionsAreListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	pattern := regexp.MustCompile(`(?:change|transition|decide|newEvent)\(ctx, [^"\n]*?"([a-z_]+\.[a-z_.]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pattern.FindAllStringSubmatch(string(b), -1) {
			found++
			if !slices.Contains(models.AuditActions, m[1]) {
				t.Errorf("%s records %q, which AuditActions lacks", f, m[1])
			}
		}
	}
	if found < 20 {
		t.Fatalf("found only %d recorded actions: the pattern no longer matches the stores", found)
	}
}
