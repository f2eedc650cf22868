package models

import (
	"strings"
	"time"
)

// expiryLayouts are the forms an expiry may be given in: RFC 3339 (the
// API, and the browser's conversion of the picker to UTC), Tencent's
// "2006-01-02 15:04:05", and the date-time picker's own value, which
// carries no zone and is then read as UTC.
var expiryLayouts = []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"}

// ParseExpiry reads an expiry (R20) as a form or the API sends it: utc, if
// given, is the picker's value already converted to UTC by the browser;
// otherwise local is read. Both empty is no expiry (nil).
func ParseExpiry(local, utc string) (*time.Time, error) {
	s := strings.TrimSpace(utc)
	if s == "" {
		s = strings.TrimSpace(local)
	}
	if s == "" {
		return nil, nil
	}
	for _, layout := range expiryLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t, nil
		}
	}
	return nil, invalid("InvalidParameterValue", FieldError{"until", Msg("expiry.malformed")})
}
