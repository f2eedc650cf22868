package pages

import "time"

// InstanceListID is the instances table, refreshed while any instance changes state.
const InstanceListID = "instance-list"

// InstancesView is the Instances page of one region.
type InstancesView struct {
	Region string
	Rows   []InstanceRow
}

// InstanceRow is one instance as lists and dialogs show it.
type InstanceRow struct {
	ID, Name, State      string
	Region, Zone, Type   string
	ImageID, ImageName   string
	OSName, Architecture string
	CreatedAt            time.Time
}

// Busy reports whether the instance is between states.
func (r InstanceRow) Busy() bool { return r.State == "PENDING" || r.State == "REINSTALLING" }

// Live reports whether any row is changing state, so the list should refresh.
func (v InstancesView) Live() bool {
	for _, r := range v.Rows {
		if r.Busy() {
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
	ID, Name, Type            string
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

func hasShared(images []ImageOption) bool {
	for _, img := range images {
		if img.Type == "SHARED_IMAGE" {
			return true
		}
	}
	return false
}

func imagesOfType(images []ImageOption, typ string) []ImageOption {
	var out []ImageOption
	for _, img := range images {
		if img.Type == typ {
			out = append(out, img)
		}
	}
	return out
}
