package models

import "time"

// Image states (SPEC 2).
const (
	ImageCreating     = "CREATING"
	ImageNormal       = "NORMAL"
	ImageCreateFailed = "CREATEFAILED"
	ImageSyncing      = "SYNCING"
	// An import (Tencent's states): IMPORTING -> NORMAL | IMPORTFAILED.
	ImageImporting    = "IMPORTING"
	ImageImportFailed = "IMPORTFAILED"
)

// Image sources.
const (
	SourceOfficial    = "OFFICIAL"
	SourceCreateImage = "CREATEIMAGE"
	SourceCopy        = "COPY"
	SourceImport      = "IMPORT"
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
	ImageContent
	ImageLifecycle
	ImageBin
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ImageView is an image as one account sees it: its type relative to the
// viewer, for shared images who owns it, and what the viewer may do with it
// and should be told about it. Every store method that hands out images
// hands them out this way.
type ImageView struct {
	Image
	Type      string
	OwnerName string
	// LiveShares counts the owner's pending and active shares with active
	// accounts; 0 for anyone else.
	LiveShares int
	Can        ImageCan
	Notice     ImageNotice
	// Tags are the image's tags, ordered by key (R24): filled by lists and
	// the detail page for everyone who sees the image.
	Tags []Tag
	// tagged: the image has tags to read (its row says so), so pages of
	// untagged images spend no query on them.
	tagged bool
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

// Tab is the Images page tab that lists the image for its viewer.
func (v ImageView) Tab() string {
	switch v.Type {
	case PrivateImage:
		return TabCustom
	case SharedImage:
		return TabShared
	}
	return TabPublic
}

// Ready reports whether the image is NORMAL: usable, as far as its state goes.
func (img Image) Ready() bool { return img.State == ImageNormal }

// Failed reports whether making or copying the image failed.
func (img Image) Failed() bool {
	return img.State == ImageCreateFailed || img.State == ImageImportFailed
}

// Origin is where the image's content first came from: SourceOfficial or
// SourceCreateImage, never SourceCopy. A copy keeps its source's origin, and
// since only custom images can be copied (R5) and custom images are made
// from instances, every copy, however many hops away, comes from an instance.
func (img Image) Origin() string {
	if img.Source == SourceCopy {
		return SourceCreateImage
	}
	return img.Source
}

// CopyOf is the image this one is a copy of, or "".
func (img Image) CopyOf() string {
	if img.Source == SourceCopy {
		return img.SourceImageID
	}
	return ""
}
