package models_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"imageshare/models"
)

// FuzzParseAccountIDs: a pasted account list never panics, and gives
// distinct, non-empty items free of separators, in the order pasted.
func FuzzParseAccountIDs(f *testing.F) {
	for _, seed := range []string{"", "100012345678", "1000000001, 1000000002;1000000003\n1000000004\r\n",
		" ,;\t\n", "1000000001 1000000001", "abc 12 \xff\xfe 1000000001", "1000000001\x001000000002", "１０００"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids := models.ParseAccountIDs(s)
		for i, id := range ids {
			if id == "" || strings.ContainsAny(id, " ,;\t\r\n") || slices.Contains(ids[:i], id) {
				t.Fatalf("ParseAccountIDs(%q) = %q: item %d is empty, has a separator or repeats", s, ids, i)
			}
			if !strings.Contains(s, id) {
				t.Fatalf("ParseAccountIDs(%q) made up %q", s, id)
			}
		}
	})
}

// FuzzCheckText: the boundary's text check never panics, and what it
// accepts is valid UTF-8 without NUL or control bytes (tab, line feed and
// carriage return aside), which both databases store alike.
func FuzzCheckText(f *testing.F) {
	for _, seed := range []string{"", "web-frontend", "produção\n", "a\tb\r\n", "\x00", "\xff\xfe", "\x1b[31m",
		"\u0085", "\u200b", "\xc3", "emoji 🎉"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := models.CheckText("field", s)
		if err == nil {
			if !utf8.ValidString(s) {
				t.Fatalf("accepted invalid UTF-8 %q", s)
			}
			for _, b := range []byte(s) {
				if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f {
					t.Fatalf("accepted control byte %#x in %q", b, s)
				}
			}
			return
		}
		if e, ok := models.AsError(err); !ok || e.Code != "InvalidParameterValue" {
			t.Fatalf("refusal %v is not InvalidParameterValue", err)
		}
	})
}
