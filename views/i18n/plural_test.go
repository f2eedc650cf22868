package i18n

import (
	"strings"
	"testing"
)

// Messages about a number read as a person would write them, in each
// language's plural rule, never with "(s)".
func TestPlurals(t *testing.T) {
	tests := []struct {
		locale, key string
		args        []any
		want        string
	}{
		{"en", "flash.shared", []any{1}, "Image shared with 1 account."},
		{"en", "flash.shared", []any{2}, "Image shared with 2 accounts."},
		{"en", "flash.shared", []any{0}, "Image shared with 0 accounts."},
		{"en", "detail.impact_instances", []any{1}, "1 instance"},
		{"en", "image.delete_shared", []any{3, "a, b, c"}, "The image is shared with 3 accounts: a, b, c. Cancel all its shares first, then delete it."},
		{"en", "share.over_cap", []any{1, 1, 0}, "An image can be shared with at most 1 account. It has 1; you can add 0 more."},
		{"pt-BR", "flash.shared", []any{1}, "Imagem compartilhada com 1 conta."},
		{"pt-BR", "flash.shared", []any{0}, "Imagem compartilhada com 0 conta."},
		{"pt-BR", "flash.shared", []any{2}, "Imagem compartilhada com 2 contas."},
		{"pt-BR", "flash.copy_started", []any{2, "x, y"}, "Copiando para 2 regiões: x, y. Acompanhe as cópias abaixo."},
		{"pt-BR", "flash.shares_revoked", []any{1}, "1 compartilhamento revogado."},
	}
	for _, tt := range tests {
		if got := Tr(tt.locale, tt.key, tt.args...); got != tt.want {
			t.Errorf("Tr(%s, %s, %v) = %q, want %q", tt.locale, tt.key, tt.args, got, tt.want)
		}
	}
	for _, locale := range Locales {
		for key, s := range catalogues[locale] {
			for _, bad := range []string{"(s)", "(es)", "(ões)", "(ns)"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s %s: %q writes a plural as %q", locale, key, s, bad)
				}
			}
			if strings.Count(s, pluralSep) > 1 {
				t.Errorf("%s %s: more than two plural forms", locale, key)
			}
			if one, other, ok := strings.Cut(s, pluralSep); ok && !equalVerbs(one, other) {
				t.Errorf("%s %s: the forms take different arguments", locale, key)
			}
		}
	}
}

func equalVerbs(a, b string) bool { return strings.Join(verbs(a), " ") == strings.Join(verbs(b), " ") }
