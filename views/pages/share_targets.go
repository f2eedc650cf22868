package pages

import "imageshare/models"

// ShareTargetsID is the share dialog's list of the owner's organization and
// units (R25), which the live check includes.
const ShareTargetsID = "share-targets"

// ShareRiskReachID is the risk notice's sentence on the reach of the
// organization and units chosen, which the live check swaps out of band.
const ShareRiskReachID = "share-risk-reach"

// TargetOption is the owner's organization or one of its units, as the
// share dialog offers it.
type TargetOption struct {
	ID, Kind, Name string
	Depth, Reach   int
	Checked        bool
}

// isGroup reports whether a target kind is an organization or a unit.
func isGroup(kind string) bool {
	return kind == models.TargetOrganization || kind == models.TargetUnit
}

// kindKey is the translation key of a group target's kind.
func kindKey(kind string) string {
	if kind == models.TargetOrganization {
		return "share.kind_organization"
	}
	return "share.kind_unit"
}

// depthClasses indent a unit by its depth in the tree (the classes are
// spelled out so Tailwind finds them).
var depthClasses = []string{"pl-0", "pl-5", "pl-10", "pl-14", "pl-16"}

func depthClass(depth int) string { return depthClasses[min(depth, len(depthClasses)-1)] }
