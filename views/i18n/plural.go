package i18n

import "strings"

// pluralSep separates the forms of a message that depends on a number:
// "one form|other form", chosen by the first integer argument and the
// language's plural rule. Every form takes the same arguments.
const pluralSep = "|"

// pluralForm picks the form of s for args in locale; s without forms is
// returned as it is.
func pluralForm(locale, s string, args []any) string {
	one, other, ok := strings.Cut(s, pluralSep)
	if !ok {
		return s
	}
	for _, a := range args {
		if n, isInt := toInt(a); isInt {
			if pluralOne(locale, n) {
				return one
			}
			return other
		}
	}
	return other
}

// pluralOne is CLDR's "one" category for whole numbers: 1 in English; 0 and
// 1 in Portuguese (Brazil).
func pluralOne(locale string, n int64) bool {
	if locale == "pt-BR" {
		return n == 0 || n == 1
	}
	return n == 1
}

func toInt(a any) (int64, bool) {
	switch n := a.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	}
	return 0, false
}
