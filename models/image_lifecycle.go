package models

import "time"

// LifecycleCan is what the viewer may change about an image's lifecycle
// (R21, R22): only its owner, each verdict from the rule that guards the
// change.
type LifecycleCan struct {
	Deprecate         Verdict // R21: deprecate now or later, or change the time or successor
	CancelDeprecation Verdict // R21: a deprecation, now or scheduled, to cancel
	Disable           Verdict // R21: an image in use
	Enable            Verdict // R21: a disabled image
	Protect           Verdict // R22: turn deletion protection on or off
}

// LifecycleNotice is what to tell the viewer about an image's lifecycle.
type LifecycleNotice struct {
	// Deprecated: deprecated now (R21), for every viewer; launches still
	// work, with a warning. Successor, if set, is what to use instead.
	Deprecated bool
	Successor  *ImageRef
	// DeprecationScheduled is, for the owner only, a deprecation still to
	// come, so it can be seen and cancelled before anyone else is told.
	DeprecationScheduled *time.Time
	// DeprecatedSince is when a deprecation in force began.
	DeprecatedSince *time.Time
	// Disabled: its owner disabled it; no new use by anyone (R21).
	Disabled bool
	// Protected: deletion protection is on (R22); told to the owner only.
	Protected bool
}

// decideLifecycle fills the lifecycle verdicts and notices of an image as
// its viewer sees it at now.
func (v *ImageView) decideLifecycle(now time.Time) {
	owner := ownerRefusal(v, OpEdit)
	v.Can.LifecycleCan = LifecycleCan{
		Deprecate:         verdict(owner),
		CancelDeprecation: verdict(cancelDeprecationRefusal(v)),
		Disable:           verdict(disableRefusal(v)),
		Enable:            verdict(enableRefusal(v)),
		Protect:           verdict(owner),
	}
	n := LifecycleNotice{Deprecated: v.deprecatedAt(now), Disabled: v.Disabled}
	switch {
	case n.Deprecated:
		n.DeprecatedSince = v.DeprecateAt
	case owner == nil && v.DeprecateAt != nil:
		n.DeprecationScheduled = v.DeprecateAt
	}
	if owner == nil {
		n.Protected = v.DeletionProtection
	}
	v.Notice.LifecycleNotice = n
}
