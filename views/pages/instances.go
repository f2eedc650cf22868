package pages

import (
	"net/url"
	"slices"
	"time"

	"imageshare/views/components"
)

// InstanceListID is the instances table.
const InstanceListID = "instance-list"

// InstanceListLiveID is the table's poller while instances change state.
const InstanceListLiveID = "instance-list-live"

// InstancesView is the Instances page of one region.
type InstancesView struct {
	Region string
	Rows   []InstanceRow
	// Watch are the rows a live poll asks about (WatchParam).
	Watch []string
}

// InstanceRow is one instance as lists and dialogs show it, with what its
// account may do with it as the domain decided.
type InstanceRow struct {
	ID, Name, State      string
	Region, Zone, Type   string
	ImageID, ImageName   string
	OSName, Architecture string
	CreatedAt            time.Time
	Busy, Running        bool
	Can                  InstanceActions
}

// InstanceActions are the actions on an instance.
type InstanceActions struct {
	Stop, Start, Reinstall, CreateImage, Terminate bool
}

// Tone is how the row's state reads at a glance.
func (r InstanceRow) Tone() components.Tone { return components.ToneOf(r.Running, r.Busy, false) }

// busyIDs are the rows changing state, which the list watches until they settle.
func (v InstancesView) busyIDs() []string {
	var ids []string
	for _, r := range v.Rows {
		if r.Busy {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// gone are watched rows no longer listed (terminated): the poll removes them.
func (v InstancesView) gone() []string {
	var ids []string
	for _, id := range v.Watch {
		if !slices.ContainsFunc(v.Rows, func(r InstanceRow) bool { return r.ID == id }) {
			ids = append(ids, id)
		}
	}
	return ids
}

// liveURL is the list's own URL, watching the busy rows ("" when none).
func (v InstancesView) liveURL() string {
	return withWatch("/instances?region="+url.QueryEscape(v.Region), v.busyIDs())
}

// LaunchForm is what the launch form submits.
type LaunchForm struct {
	Region, Zone, ImageID, InstanceType, Name string
	Count                                     int
}

// LaunchView is the launch page.
type LaunchView struct {
	Form        LaunchForm
	RegionFixed bool
	Zones       []string
	Types       []TypeOption
	Images      []ImageOption
	Errors      map[string]string
}

// TypeOption is one instance type in a picker.
type TypeOption struct {
	ID           string
	CPU, Memory  int
	Architecture string
}

// ImageOption is one image in a picker.
type ImageOption struct {
	ID, Name                  string
	Tab                       string // the group it is listed in, as on the Images page
	Trust                     bool   // R8: name the owner, warn
	OwnerAccountID, OwnerName string
	Architecture, OSName      string
	Life                      Lifecycle // R21: deprecated, and what to use instead
}

// ReinstallView is the reinstall page.
type ReinstallView struct {
	Instance InstanceRow
	Images   []ImageOption
	ImageID  string
	Errors   map[string]string
}

// ImageForm is the name and description of an image being made or edited.
type ImageForm struct {
	Name, Description string
	Errors            map[string]string
}

// CreateImageView is the "create image from instance" page.
type CreateImageView struct {
	Instance InstanceRow
	Form     ImageForm
	Quota    QuotaUse
}

// imageTabs are the picker's groups, in the Images page's tab order.
var imageTabs = []string{"public", "custom", "shared"}

func anyTrust(images []ImageOption) bool {
	for _, img := range images {
		if img.Trust {
			return true
		}
	}
	return false
}

// trustOwners is one shared image of each owner on offer, in order: the
// accounts the trust notice names.
func trustOwners(images []ImageOption) []ImageOption {
	var out []ImageOption
	for _, img := range images {
		if img.Trust && !slices.ContainsFunc(out, func(o ImageOption) bool { return o.OwnerAccountID == img.OwnerAccountID }) {
			out = append(out, img)
		}
	}
	return out
}

func imagesOfTab(images []ImageOption, tab string) []ImageOption {
	var out []ImageOption
	for _, img := range images {
		if img.Tab == tab {
			out = append(out, img)
		}
	}
	return out
}
