package i18n

// English strings of organizations (SPEC 3b, R25).
func init() { merge(en, enOrgs) }

var enOrgs = map[string]string{
	"org.not_found":                 "There is no organization %s.",
	"org.unit_not_found":            "There is no unit %s in this organization.",
	"org.name_taken":                "An organization named %s exists already.",
	"org.unit_name_taken":           "A unit named %s exists already at that place.",
	"org.delete_has_units":          "%s still has units: delete or move them first.",
	"org.delete_has_members":        "%s still has members: remove them first.",
	"org.unit_cycle":                "%s cannot move under itself or a unit below it.",
	"org.unit_delete_has_units":     "%s still has units under it: delete or move them first.",
	"org.unit_delete_has_members":   "%s still has members: move or remove them first.",
	"org.unit_without_org":          "Choose the organization of the unit.",
	"audit.ok.admin.org.create":     "Created organization %[1]s (%[2]s).",
	"audit.no.admin.org.create":     "Could not create organization %[2]s.",
	"audit.ok.admin.org.rename":     "Renamed organization %[1]s to %[2]s.",
	"audit.no.admin.org.rename":     "Could not rename organization %[1]s to %[2]s.",
	"audit.ok.admin.org.delete":     "Deleted organization %[1]s (%[2]s).",
	"audit.no.admin.org.delete":     "Could not delete organization %[1]s.",
	"audit.ok.admin.org.membership": "Placed account %[1]s in %[2]s.",
	"audit.no.admin.org.membership": "Could not place account %[1]s in %[2]s.",
	"audit.ok.admin.unit.create":    "Created unit %[1]s (%[2]s).",
	"audit.no.admin.unit.create":    "Could not create unit %[2]s in %[1]s.",
	"audit.ok.admin.unit.rename":    "Renamed unit %[1]s to %[2]s.",
	"audit.no.admin.unit.rename":    "Could not rename unit %[1]s to %[2]s.",
	"audit.ok.admin.unit.move":      "Moved unit %[1]s under %[2]s.",
	"audit.no.admin.unit.move":      "Could not move unit %[1]s under %[2]s.",
	"audit.ok.admin.unit.delete":    "Deleted unit %[1]s (%[2]s).",
	"audit.no.admin.unit.delete":    "Could not delete unit %[1]s.",
}
