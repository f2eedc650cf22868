package models

// Share statuses of the lifecycle beyond the clouds (SPEC 3b).
const (
	// ShareOffered: active for the owner, waiting for the recipient's
	// consent (R19); it holds its place under the cap.
	ShareOffered = "offered"
	// ShareLeft: the recipient removed the image from its account (R18).
	ShareLeft = "left"
	// ShareDeclined: the recipient declined the offer, maybe saying why (R19).
	ShareDeclined = "declined"
	// ShareExpired: the share reached its expiry (R20).
	ShareExpired = "expired"
)

// ShareStatuses are every status a share can have, in lifecycle order: the
// admin's Shares filter offers them and the translation test checks them.
var ShareStatuses = []string{SharePending, ShareOffered, ShareActive, ShareLeft, ShareDeclined, ShareExpired,
	ShareCancelled, ShareRevoked, ShareRejected}

// liveStatuses are the shares that count toward N (R1, R19) and block
// deletion (R6): waiting for an admin, waiting for the recipient, or active.
var liveStatuses = []string{SharePending, ShareOffered, ShareActive}
