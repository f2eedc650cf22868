package pages

import "time"

// InvitationRow is an image offered to the viewer's account (R19), with the
// owner it would trust (R8) and the answers the domain allows.
type InvitationRow struct {
	ImageID, ImageName, Region string
	OSName, Architecture       string
	OwnerAccountID, OwnerName  string
	OfferedAt                  time.Time
	ExpiresAt                  *time.Time
	CanAccept, CanDecline      bool
}

// DeclineView confirms declining an invitation, with an optional reason.
type DeclineView struct {
	Invitation InvitationRow
	Reason     string
	Error      string
}
