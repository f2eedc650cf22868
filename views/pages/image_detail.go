package pages

import (
	"time"

	"imageshare/views/components"
)

// ImageStatusID is the state block of the image detail page, refreshed while
// the image or its copies are in progress.
const ImageStatusID = "image-status"

// ImageDetailLiveID is the detail page's poller while work is under way.
const ImageDetailLiveID = "image-detail-live"

// ImageDetailTabsID is the detail page's tab row, whose counts a live poll
// refreshes; ImageDetailPanelID is the open tab's content.
const (
	ImageDetailTabsID  = "image-detail-tabs"
	ImageDetailPanelID = "image-detail-panel"
)

// The detail page's tabs (?tab=): everyone has the overview; the owner
// (Can.Manage) also has the image's sharing and its history.
const (
	DetailOverview = "overview"
	DetailSharing  = "sharing"
	DetailHistory  = "history"
)

// DetailURL is the address of one tab of an image's detail page.
func DetailURL(imageID, tab string) string {
	if tab == "" || tab == DetailOverview {
		return "/images/" + imageID
	}
	return "/images/" + imageID + "?tab=" + tab
}

// ImageDetailView is the image detail page.
type ImageDetailView struct {
	// Tab is the open tab (OpenTab sets it).
	Tab              string
	Image            ImageRow
	Type             string // for its label: public, yours, shared with you
	Source           string
	SourceInstanceID string
	FailureReason    string
	Form             ImageForm
	Copies           []CopyRow
	Impact           []ImpactRow
	Shares           []ShareRow // live shares, for the owner
	Error            string     // a refused action that has no form here
	History          []HistoryEntry
	// Pending is the copy-then-share step of this image, if it is a copy (R12).
	Pending *PendingStep
	// Watch are the image and copies a live poll asks about (WatchParam).
	Watch []string
	// SharesTotal live shares of at most ShareCap (R1); Shares and History
	// are one page each, with their pagers.
	SharesTotal, ShareCap     int
	HistoryTotal              int
	SharesPager, HistoryPager components.Pagination
	// Edit shows the name and description form at the top of the page.
	Edit bool
	// AccessEnds is when the viewer's share of someone else's image ends (R20).
	AccessEnds *time.Time
	// Content is the bytes behind the image, if it holds any.
	Content *ImageContentView
	// Tags is the tags section (R24).
	Tags ImageTagsView
}

// PendingStep is a translatable line about sharing a copy once it is ready.
type PendingStep struct {
	Key  string
	Args []any
}

// CopyRow is a copy of the image in another region.
type CopyRow struct {
	ID, Name, Region, State string
	Tone                    components.Tone
	Busy                    bool
	Progress                int
	Pending                 *PendingStep
}

// ImpactRow is how many live instances one account launched from the image.
type ImpactRow struct {
	AccountID, AccountName string
	Instances              int
}

// DetailTab is one tab of the detail page, with the number of rows it lists.
type DetailTab struct {
	ID      string
	Count   int
	Counted bool
}

// Tabs are the tabs the viewer has: Sharing and History only where the
// domain lets the viewer manage the image.
func (v ImageDetailView) Tabs() []DetailTab {
	if !v.Image.Can.Manage.OK {
		return []DetailTab{{ID: DetailOverview}}
	}
	return []DetailTab{{ID: DetailOverview}, {ID: DetailSharing, Count: v.SharesTotal, Counted: true},
		{ID: DetailHistory, Count: v.HistoryTotal, Counted: true}}
}

// OpenTab opens the tab asked for if the viewer has it, else the overview
// (which also holds the edit form, so Edit opens it).
func (v *ImageDetailView) OpenTab(tab string) {
	v.Tab = DetailOverview
	if v.Edit {
		return
	}
	for _, t := range v.Tabs() {
		if t.ID == tab {
			v.Tab = tab
		}
	}
}

func (v ImageDetailView) onOverview() bool { return v.Tab != DetailSharing && v.Tab != DetailHistory }

// settled reports whether a live poll watched the image itself until now,
// and it is no longer busy: then whatever its work changed is swapped in.
func (v ImageDetailView) settled() bool { return watching(v.Watch, v.Image.ID) && !v.Image.Busy }

// busyIDs are what the open tab watches until it settles: the image, and on
// the overview (which lists them) its copies in progress.
func (v ImageDetailView) busyIDs() []string {
	var ids []string
	if v.Image.Busy {
		ids = append(ids, v.Image.ID)
	}
	if !v.onOverview() {
		return ids
	}
	for _, c := range v.Copies {
		if c.Busy {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// CopyView is the copy page.
type CopyView struct {
	Image   ImageRow
	Form    CopyForm
	Targets []CopyTarget
}

// CopyForm is what the copy form submits.
type CopyForm struct {
	Name         string
	Regions      []string
	ShareWith    string
	RiskAccepted bool
	Errors       map[string]string
	// AccountErrors are the refusals of the accounts to share the copies with.
	AccountErrors []string
}

// CopyTarget is a region the image can be copied to, with the quota there.
type CopyTarget struct {
	Region              string
	Used, Limit, Binned int
}

// Full reports whether the region has no quota left.
func (t CopyTarget) Full() bool { return t.Used >= t.Limit }

// Chosen reports whether the form had the region ticked.
func (f CopyForm) Chosen(region string) bool {
	for _, r := range f.Regions {
		if r == region {
			return true
		}
	}
	return false
}

// DeleteImageView is the delete confirmation page.
type DeleteImageView struct {
	Image  ImageRow
	Impact []ImpactRow
	Error  string
	// InShared is set when R6 refused: the page offers to cancel all shares.
	InShared bool
	// Refused: the domain refuses the delete; no delete button is offered.
	Refused bool
	// Protected is set when R22 refused: the page links to turning it off.
	Protected bool
	// BinDays is how long the image will wait in the recycle bin (R23); 0:
	// the delete is for good.
	BinDays int
}

func totalInstances(rows []ImpactRow) int {
	n := 0
	for _, r := range rows {
		n += r.Instances
	}
	return n
}
