package pages

import "time"

// Lifecycle is an image's deprecation, disabling and deletion protection
// (R21, R22) as the domain told the viewer about them.
type Lifecycle struct {
	// Deprecated now, for every viewer; Since is when it began.
	Deprecated bool
	Since      *time.Time
	// Scheduled is a deprecation still to come (the owner only).
	Scheduled *time.Time
	// Successor is what to use instead, if named.
	Successor *Successor
	Disabled  bool
	// Protected: deletion protection is on (the owner only).
	Protected bool
	Can       LifecycleActions
}

// Successor is the image a deprecation points to; Link when the viewer may
// open it.
type Successor struct {
	ID, Name string
	Link     bool
}

// LifecycleActions are the owner's lifecycle changes the domain allows.
type LifecycleActions struct {
	Deprecate, CancelDeprecation, Disable, Enable, Protect bool
}

// Owner reports whether the viewer may change the lifecycle at all.
func (a LifecycleActions) Owner() bool { return a.Protect }

// Any reports whether there is something to tell every viewer.
func (l Lifecycle) Any() bool { return l.Deprecated || l.Disabled }

// DeprecateView is the page that deprecates an image, now or later, naming
// a successor (R21).
type DeprecateView struct {
	Image ImageRow
	// When is "now" or "later"; At and AtUTC the picker's value.
	When, At, AtUTC string
	Successor       string
	Choices         []SuccessorChoice
	Errors          map[string]string // by field: at, successor, "" for the form
}

// SuccessorChoice is one of the owner's images that may succeed the image.
type SuccessorChoice struct{ ID, Name string }

// DisableView confirms disabling an image (R21).
type DisableView struct {
	Image ImageRow
	Error string
}

// deprecatedOptions are the picker's deprecated images, told below it.
func deprecatedOptions(images []ImageOption) []ImageOption {
	var out []ImageOption
	for _, img := range images {
		if img.Life.Deprecated {
			out = append(out, img)
		}
	}
	return out
}
