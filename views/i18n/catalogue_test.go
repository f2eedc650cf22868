package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	if len(catalogues) != len(Locales) {
		t.Fatalf("%d catalogues for %d locales", len(catalogues), len(Locales))
	}
	for _, locale := range Locales {
		if len(catalogues[locale]) == 0 {
			t.Fatalf("no catalogue for %s", locale)
		}
	}
	base := catalogues["en"]
	for _, locale := range Locales {
		cat := catalogues[locale]
		for key := range base {
			if _, ok := cat[key]; !ok {
				t.Errorf("%s lacks %q", locale, key)
			}
		}
		for key := range cat {
			if _, ok := base[key]; !ok {
				t.Errorf("%s has %q, which en lacks", locale, key)
			}
		}
	}
}

func TestCataloguesHaveNoEmptyValues(t *testing.T) {
	for _, locale := range Locales {
		for key, s := range catalogues[locale] {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s %q is empty", locale, key)
			}
		}
	}
}

// verbPattern finds fmt verbs (not %%).
var verbPattern = regexp.MustCompile(`%[-+# 0]*(?:\[\d+\])?\d*(?:\.\d+)?[a-zA-Z]`)

func verbs(s string) []string {
	return verbPattern.FindAllString(strings.ReplaceAll(s, "%%", ""), -1)
}

func TestFormatVerbsMatch(t *testing.T) {
	for key, s := range catalogues["en"] {
		want := verbs(s)
		for _, locale := range Locales {
			other, ok := catalogues[locale][key]
			if !ok {
				continue // reported by TestCataloguesHaveTheSameKeys
			}
			if got := verbs(other); !slices.Equal(got, want) {
				t.Errorf("%q: %s has verbs %v, en has %v", key, locale, got, want)
			}
		}
	}
}

func TestVerbsHelper(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Showing %d–%d of %d", []string{"%d", "%d", "%d"}},
		{"There is no region called %q.", []string{"%q"}},
		{"100%% sure, %s", []string{"%s"}},
		{"no verbs", nil},
	}
	for _, tt := range tests {
		if got := verbs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("verbs(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTrFallsBack(t *testing.T) {
	tests := []struct {
		name, locale, key string
		args              []any
		want              string
	}{
		{"english", "en", "pager.range", []any{1, 20, 25}, "Showing 1–20 of 25"},
		{"portuguese", "pt-BR", "pager.range", []any{1, 20, 25}, "Mostrando 1–20 de 25"},
		{"unknown locale speaks English", "xx", "login.title", nil, "Sign in"},
		{"unknown key shows itself", "pt-BR", "no.such.key", nil, "no.such.key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tr(tt.locale, tt.key, tt.args...); got != tt.want {
				t.Errorf("Tr = %q, want %q", got, tt.want)
			}
		})
	}
}
