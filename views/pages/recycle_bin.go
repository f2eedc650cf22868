package pages

import (
	"context"
	"strings"
	"time"

	"imageshare/views/i18n"
)

// RecycleBinID is the root of the recycle bin's list.
const RecycleBinID = "recycle-bin"

// RecycleBinView is the Recycle bin page of one region (R23).
type RecycleBinView struct {
	Region string
	Rows   []BinRow
	// Error is a refused restore or permanent delete, in words.
	Error string
}

// BinRow is one image in the recycle bin.
type BinRow struct {
	ID, Name, OSName string
	SizeGB           int
	DeletedAt        time.Time
	// Left is how long until the purge job deletes it for good.
	Left    time.Duration
	Restore Action
}

// PurgeImageView confirms deleting a binned image for good.
type PurgeImageView struct {
	Row    BinRow
	Region string
}

// binTimeLeft words how long an image stays in the bin, counted as a
// share's time left is (days, then hours), to the nearest hour: an image
// deleted a moment ago for 7 days has 7 days left.
func binTimeLeft(ctx context.Context, d time.Duration) string {
	now := time.Now()
	key, n := timeLeft(now.Add(d.Round(time.Hour)), now)
	return i18n.T(ctx, "bin."+strings.TrimPrefix(key, "expiry."), n)
}

// quotaText is "7 of 10 custom images used", naming how many of them wait in
// the recycle bin when some do (R23: they count until purged).
func quotaText(ctx context.Context, used, limit, binned int) string {
	if binned == 0 {
		return i18n.T(ctx, "images.quota_use", used, limit)
	}
	return i18n.T(ctx, "images.quota_use_binned", used, limit, i18n.T(ctx, "bin.quota_note", binned))
}

func binURL(region string) string { return "/images/recycle-bin?region=" + region }

// deleteText says what deleting will do: move the image to the recycle bin
// for some days, or delete it for good.
func deleteText(ctx context.Context, v DeleteImageView) string {
	region := i18n.T(ctx, "region."+v.Image.Region)
	if v.BinDays > 0 {
		return i18n.T(ctx, "delete.text_bin", v.Image.Name, v.Image.ID, region, v.BinDays)
	}
	return i18n.T(ctx, "delete.text", v.Image.Name, v.Image.ID, region)
}
