package pages

import (
	"net/url"
	"strconv"
	"time"

	"imageshare/views/components"
)

// ImageListID is the region the filters and pager swap.
const ImageListID = "image-list"

// ImageFilterCountID is the number of filters on, on the Images page's
// Filters toggle; a refiltered list swaps it.
const ImageFilterCountID = "image-filter-count"

// ImageListLiveID is the list's poller while rows are busy.
const ImageListLiveID = "image-list-live"

// ImagesView is the Images page: one tab of one region.
type ImagesView struct {
	Region    string
	Tab       string
	Tabs      []TabView
	Search    string
	Platform  string
	Tag       string // the tag filter, key or key=value (R24)
	Sort      string
	PageSize  int
	Platforms []string
	Sorts     []string
	Rows      []ImageRow
	Page      int
	Pages     int
	Total     int64
	AccountID string
	// Quota is set on the custom tab: the account's use in the region.
	Quota *QuotaUse
	// ShareCap is set on the custom tab, whose rows show their live shares
	// out of it.
	ShareCap int
	// Watch are the rows a live poll asks about (WatchParam).
	Watch []string
	// Invitations are the images offered to the account in the region
	// (R19), listed on the Shared with me tab; InvitationCount counts them
	// on every tab, for its badge.
	Invitations     []InvitationRow
	InvitationCount int64
}

// TabView is one tab with its count.
type TabView struct {
	ID    string
	Count int64
}

// QuotaUse is "Used of Limit".
type QuotaUse struct{ Used, Limit, Binned int }

// ImageRow is one image as a list shows it, with what the viewer may do
// with it as the domain decided.
type ImageRow struct {
	ID, Name, Description string
	Region                string
	Tab                   string // the Images tab it is listed under
	State                 string
	Progress              int
	OSName, Platform      string
	Architecture          string
	SizeGB                int
	Source                string
	CopyOf                string // the source image, for a copy
	CreatedAt             time.Time
	OwnerAccountID        string
	OwnerName             string
	LiveShares            int
	Can                   ImageActions
	Trust                 bool      // R8: warn before use, name the owner
	Tags                  []TagChip // R24
	Busy, Failed, Ready   bool
	Life                  Lifecycle // R21, R22
}

// Action is one thing the viewer may do, as the domain decided: allowed, or
// not, with the reason to show.
type Action struct {
	OK  bool
	Why string
	// Remedy is the step that lifts the refusal ("" when none): the page of
	// the action then still opens, to explain and offer it.
	Remedy string
}

// Offered reports whether the action is shown: allowed, or refused with a
// step the viewer can take.
func (a Action) Offered() bool { return a.OK || a.Remedy != "" }

// ImageActions are the actions on an image.
type ImageActions struct {
	Launch, Reinstall, Share, CancelShares, Copy, Edit, Delete, Manage Action
	Leave                                                              Action // R18
}

// Tone is how the row's state reads at a glance.
func (r ImageRow) Tone() components.Tone { return components.ToneOf(r.Ready, r.Busy, r.Failed) }

// URL returns the page's URL with the given tab and page, keeping filters.
func (v ImagesView) URL(tab string, page int) string {
	q := url.Values{}
	q.Set("region", v.Region)
	q.Set("tab", tab)
	if tab == v.Tab {
		if v.Search != "" {
			q.Set("q", v.Search)
		}
		if v.Platform != "" {
			q.Set("platform", v.Platform)
		}
		if v.Tag != "" {
			q.Set("tag", v.Tag)
		}
		if v.Sort != "" {
			q.Set("sort", v.Sort)
		}
		if v.PageSize != 20 && v.PageSize != 0 {
			q.Set("size", strconv.Itoa(v.PageSize))
		}
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return "/images?" + q.Encode()
}

// ClearURL is the current tab without search or filters.
func (v ImagesView) ClearURL() string {
	return "/images?" + url.Values{"region": {v.Region}, "tab": {v.Tab}}.Encode()
}

// busyIDs are the rows still being created or copied, which the list
// watches until they settle.
func (v ImagesView) busyIDs() []string {
	var ids []string
	for _, r := range v.Rows {
		if r.Busy {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// anyTrust reports whether a row is someone else's custom image (R8).
func (v *ImagesView) anyTrust() bool {
	for i := range v.Rows {
		if v.Rows[i].Trust {
			return true
		}
	}
	return false
}

// Filtered reports whether search or filters narrow the list.
func (v ImagesView) Filtered() bool { return v.Search != "" || v.Platform != "" || v.Tag != "" }

// ActiveFilters is how many filters narrow the list, for the Filters toggle:
// the search, the platform and the tag (the order is not a filter).
func (v ImagesView) ActiveFilters() int { return countSet(v.Search, v.Platform, v.Tag) }
