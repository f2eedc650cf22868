package pages

import (
	"strings"
	"time"
)

// The forms of an organization's page, named in OrgForm.Action so a refused
// one comes back open, with its values and the domain's message.
const (
	OrgFormRename     = "rename"
	OrgFormDelete     = "delete"
	OrgFormUnitCreate = "unit_create"
	OrgFormUnitRename = "unit_rename"
	OrgFormUnitMove   = "unit_move"
	OrgFormUnitDelete = "unit_delete"
	OrgFormAssign     = "assign"
	OrgFormRemove     = "remove"
)

// AdminOrgsView is Admin > Organizations: the list and the create form.
type AdminOrgsView struct {
	Rows []AdminOrgRow
	// Name and Errors are the create form's value and messages after a refusal.
	Name   string
	Errors map[string]string
}

// AdminOrgRow is one organization in the list.
type AdminOrgRow struct {
	ID, Name       string
	Units, Members int
	CreatedAt      time.Time
}

// AdminOrgView is one organization's page: its tree of units and members,
// and the forms that change them.
type AdminOrgView struct {
	ID, Name     string
	TotalMembers int
	// Members are the accounts in the organization without a unit.
	Members []OrgMemberRow
	Units   []OrgUnitNode
	// Options are the units depth first, for the <select>s.
	Options []OrgUnitOption
	// Accounts are suggestions for the add-member form's account field.
	Accounts []OrgMemberRow
	Form     OrgForm
}

// OrgMemberRow is an account in the organization (or one to add).
type OrgMemberRow struct{ AccountID, Name string }

// OrgUnitNode is one unit of the tree with its own members and the units
// under it.
type OrgUnitNode struct {
	ID, Name      string
	ParentID      string // "" at the top level
	Depth         int
	Direct, Total int
	Members       []OrgMemberRow
	Children      []OrgUnitNode
}

// OrgUnitOption is a unit in a <select>, indented by its depth.
type OrgUnitOption struct {
	ID, Name string
	Depth    int
}

// Label is the option's text, indented so the tree shows in the list.
func (o OrgUnitOption) Label() string {
	return strings.Repeat("\u00a0\u00a0\u00a0", o.Depth) + o.Name
}

// OrgForm is the form of the organization's page the domain refused: which
// one (Action, and the Unit or Account it was about), the values as typed
// and a message per field ("" for one that belongs to no field shown).
type OrgForm struct {
	Action  string
	Unit    string
	Account string
	Values  map[string]string
	Errors  map[string]string
}

// Is reports whether f is the refused form action about unit (or account).
func (f OrgForm) Is(action, about string) bool {
	return f.Action == action && (about == "" || about == f.Unit || about == f.Account)
}

// Value is what the refused form held in field, or def for any other form.
func (f OrgForm) Value(action, about, field, def string) string {
	if f.Is(action, about) {
		if v, ok := f.Values[field]; ok {
			return v
		}
	}
	return def
}

// Error is the message of the refused form for the first of fields that has
// one; the field "" is the form's message that belongs to no field shown.
func (f OrgForm) Error(action, about string, fields ...string) string {
	if !f.Is(action, about) {
		return ""
	}
	for _, name := range fields {
		if msg := f.Errors[name]; msg != "" {
			return msg
		}
	}
	return ""
}

// Place is where an account sits in its organization: "Demo Corp ·
// Engineering › Platform" on the Account pages.
type Place struct {
	OrgID, OrgName string
	UnitPath       []string
}

// Units is the unit path as one text ("" without a unit).
func (p Place) Units() string { return strings.Join(p.UnitPath, " › ") }
