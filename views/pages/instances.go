package pages

import (
	"slices"
	"time"

	"imageshare/views/components"
)

// InstanceListID is the instances table, refreshed while any instance changes state.
const InstanceListID = "instance-list"

// InstancesView is the Instances page of one region.
type InstancesView struct {
	Region string
	Rows   []InstanceRow
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

// Live reports whether any row is changing state, so the list should refresh.
func (v InstancesView) Live() bool {
	for _, r := range v.Rows {
		if r.Busy {
			return true
		}
	}
	return false
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
