package models

import "time"

// Share statuses (SPEC 2).
const (
	SharePending   = "pending"
	ShareActive    = "active"
	ShareRejected  = "rejected"
	ShareCancelled = "cancelled"
	ShareRevoked   = "revoked"
)

// Share is a share permission of an image with a recipient account. Rows are
// kept for history; at most one pending or active row per (image, account)
// is enforced by a partial unique index.
type Share struct {
	ID                 int64 `gorm:"primaryKey"`
	ImageID            string
	RecipientAccountID string
	Status             string
	CreatedByUserID    *int64
	CreatedAt          time.Time
	DecidedByUserID    *int64
	DecidedAt          *time.Time
	Reason             string
}
