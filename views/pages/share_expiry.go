package pages

import "time"

// ExpiryView changes when one share ends (R20): move it or remove it.
type ExpiryView struct {
	Image                  ImageRow
	AccountID, AccountName string
	ExpiresAt              *time.Time
	Until, UntilUTC        string // the picker's value, as typed or as stored (UTC)
	Error                  string
}

// PickerValue is how a date-time picker shows a stored time (in UTC, which
// app.js converts the answer from when it runs).
func PickerValue(at *time.Time) string {
	if at == nil {
		return ""
	}
	return at.UTC().Format("2006-01-02T15:04")
}

// timeLeft is how long until at, as a catalogue key and its number: days,
// then hours, then "within the hour".
func timeLeft(at, now time.Time) (string, int) {
	d := at.Sub(now)
	switch {
	case d >= 24*time.Hour:
		return "expiry.left_days", int(d / (24 * time.Hour))
	case d >= time.Hour:
		return "expiry.left_hours", int(d / time.Hour)
	}
	return "expiry.left_soon", 0
}
