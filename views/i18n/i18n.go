// Package i18n is the one translation catalogue of the console: every string
// a person reads goes through T. English and Portuguese (Brazil) are complete;
// a test keeps their keys identical.
package i18n

import (
	"context"
	"fmt"
	"strings"

	"imageshare/views/reqctx"
)

// Locales in the order the language switcher lists them.
var Locales = []string{"en", "pt-BR"}

var catalogues = map[string]map[string]string{"en": en, "pt-BR": ptBR}

// T translates key into the request's language.
func T(ctx context.Context, key string, args ...any) string {
	return Tr(reqctx.From(ctx).Locale, key, args...)
}

// Tr translates key into locale; an unknown key shows itself, so a missing
// entry is visible rather than silently blank (and a test finds it first).
func Tr(locale, key string, args ...any) string {
	cat, ok := catalogues[locale]
	if !ok {
		cat = en
	}
	s, ok := cat[key]
	if !ok {
		if s, ok = en[key]; !ok {
			return key
		}
	}
	// A message that uses none of its arguments (a sentence such as
	// "Signed in.") is whole as it is.
	if len(args) > 0 && strings.Contains(s, "%") {
		return fmt.Sprintf(pluralForm(locale, s, args), args...)
	}
	return s
}

// Has reports whether the catalogue knows key.
func Has(key string) bool {
	_, ok := en[key]
	return ok
}

// Negotiate picks a locale from an Accept-Language header: the first listed
// language we speak, by quality order as sent (browsers send it sorted).
func Negotiate(acceptLanguage string) string {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(tag)
		switch {
		case strings.HasPrefix(tag, "pt"):
			return "pt-BR"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "en"
}

// Valid reports whether locale has a catalogue.
func Valid(locale string) bool {
	_, ok := catalogues[locale]
	return ok
}

// Translatable is a message as the domain hands it out: a catalogue key and
// its arguments, some of which may be messages themselves (a region's
// display name, a state).
type Translatable interface {
	Translation() (key string, args []any)
}

// Message renders m in locale, translating message arguments first. The
// console and the API both render domain messages through it.
func Message(locale string, m Translatable) string {
	key, args := m.Translation()
	out := make([]any, len(args))
	for i, a := range args {
		if nested, ok := a.(Translatable); ok {
			out[i] = Message(locale, nested)
		} else {
			out[i] = a
		}
	}
	return Tr(locale, key, out...)
}
