package models

import "time"

// Image states (SPEC 2).
const (
	ImageCreating     = "CREATING"
	ImageNormal       = "NORMAL"
	ImageCreateFailed = "CREATEFAILED"
	ImageSyncing      = "SYNCING"
)

// Image sources.
const (
	SourceOfficial    = "OFFICIAL"
	SourceCreateImage = "CREATEIMAGE"
	SourceCopy        = "COPY"
)

// Image types, relative to the viewer (SPEC 2).
const (
	PublicImage  = "PUBLIC_IMAGE"
	PrivateImage = "PRIVATE_IMAGE"
	SharedImage  = "SHARED_IMAGE"
)

// Image is a VM image living in exactly one region. Public images have no
// owner account.
type Image struct {
	ID               string `gorm:"primaryKey"`
	RegionID         string
	OwnerAccountID   *string
	Name             string
	Description      string
	OSName           string
	Platform         string
	Architecture     string
	SizeGB           int
	State            string
	Source           string
	SourceImageID    string
	SourceInstanceID string
	Progress         int
	FailureReason    string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// ImageView is an image as one account sees it: its type relative to the
// viewer and, for shared images, who owns it.
type ImageView struct {
	Image
	Type      string
	OwnerName string
	// LiveShares counts pending and active shares; set by lists, for the owner.
	LiveShares int
}

// TypeFor returns the image's type relative to the viewer's account.
func (img *Image) TypeFor(accountID string) string {
	switch {
	case img.OwnerAccountID == nil:
		return PublicImage
	case *img.OwnerAccountID == accountID:
		return PrivateImage
	default:
		return SharedImage
	}
}
