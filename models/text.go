package models

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckText is the one check every text input passes at the boundary, the
// console's forms and query strings and the API's JSON alike: valid UTF-8,
// and no NUL or other control character but tab, line feed and carriage
// return (prose and pasted lists carry those; R16 narrows names further).
// PostgreSQL refuses such bytes with an error (a 500) where SQLite stores
// them, so without it the two databases would disagree. field names the
// input for the API's message.
func CheckText(field, s string) error {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, forbiddenRune) {
		return nil
	}
	return &Error{Kind: ErrInvalid, Code: "InvalidParameterValue", Msg: Msg("validation.bad_text"),
		Fields: []FieldError{{field, Msg("validation.bad_text_in", field)}}}
}

func forbiddenRune(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }
