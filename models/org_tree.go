package models

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// OrganizationSummary is one organization in the admin's list.
type OrganizationSummary struct {
	Organization
	Units   int
	Members int
}

// OrgMember is an account placed in an organization, as lists show it.
type OrgMember struct {
	AccountID string
	Name      string
	// Active is the account's status: a disabled member stays placed but
	// is reached by no share.
	Active bool
}

// OrgTreeUnit is one unit in an organization's tree, with the units under
// it (by name), its own members, and the members of its whole subtree.
type OrgTreeUnit struct {
	Unit OrgUnit
	// Depth is 0 for a top-level unit, 1 under it, and so on.
	Depth         int
	Members       []OrgMember
	DirectMembers int
	TotalMembers  int
	Children      []OrgTreeUnit
}

// OrgTree is an organization with its units nested, and the members it has
// without a unit (its root).
type OrgTree struct {
	Organization Organization
	Members      []OrgMember
	Units        []OrgTreeUnit
	// TotalMembers counts every member, with or without a unit.
	TotalMembers int
}

// Flat lists the tree's units depth first (parents before children,
// siblings by name), each with its Depth: the order of an indented list or
// a <select>.
func (t OrgTree) Flat() []OrgTreeUnit {
	var out []OrgTreeUnit
	var walk func([]OrgTreeUnit)
	walk = func(units []OrgTreeUnit) {
		for _, u := range units {
			out = append(out, u)
			walk(u.Children)
		}
	}
	walk(t.Units)
	return out
}

// Membership is where an account sits in its organization, for its Account
// page. UnitPath names the units from the top down to the account's own
// (empty without a unit).
type Membership struct {
	OrganizationID   string
	OrganizationName string
	UnitID           string
	UnitName         string
	UnitPath         []string
}

// Organizations lists every organization by name with its unit and member
// counts.
func (s *OrgStore) Organizations(ctx context.Context, actor Actor) ([]OrganizationSummary, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	var out []OrganizationSummary
	err := s.db.reader(ctx).Table("organizations o").Select(`o.id, o.name, o.created_at,
		(SELECT COUNT(*) FROM org_units u WHERE u.organization_id = o.id) AS units,
		(SELECT COUNT(*) FROM org_members m WHERE m.organization_id = o.id) AS members`).
		Order("o.name, o.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	return out, nil
}

// Tree returns an organization with its units nested and their members.
func (s *OrgStore) Tree(ctx context.Context, actor Actor, orgID string) (OrgTree, error) {
	if err := requireAdmin(actor); err != nil {
		return OrgTree{}, err
	}
	return s.tree(ctx, orgID)
}

// orgMemberRow is a member with the unit it sits in.
type orgMemberRow struct {
	AccountID string
	Name      string
	Status    string
	UnitID    *string
}

// tree builds an organization's tree from three reads (organization, units,
// members), whatever its size.
func (s *OrgStore) tree(ctx context.Context, orgID string) (OrgTree, error) {
	var t OrgTree
	err := s.db.view(ctx, func(tx *gorm.DB) error {
		err := tx.Where("id = ?", orgID).Take(&t.Organization).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			// An organization that is not there is not found (a 404 for
			// its page), not bad input.
			return notFound(OrgCode, Msg("org.not_found", orgID))
		}
		if err != nil {
			return err
		}
		var units []OrgUnit
		if err := tx.Where("organization_id = ?", orgID).Order("name, id").Find(&units).Error; err != nil {
			return err
		}
		var members []orgMemberRow
		err = tx.Table("org_members m").Select("m.account_id, a.name, a.status, m.unit_id").
			Joins("JOIN accounts a ON a.id = m.account_id").Where("m.organization_id = ?", orgID).
			Order("a.name, m.account_id").Scan(&members).Error
		if err != nil {
			return err
		}
		t.Units, t.Members = nestUnits(units, members)
		t.TotalMembers = len(members)
		return nil
	})
	return t, wrap("organization tree", err)
}

// nestUnits arranges units (sorted by name) under their parents and places
// each member in its unit; the members without one are returned apart.
func nestUnits(units []OrgUnit, members []orgMemberRow) ([]OrgTreeUnit, []OrgMember) {
	children := make(map[string][]OrgUnit)
	for _, u := range units {
		parent := ""
		if u.ParentID != nil {
			parent = *u.ParentID
		}
		children[parent] = append(children[parent], u)
	}
	byUnit := make(map[string][]OrgMember)
	var root []OrgMember
	for _, m := range members {
		om := OrgMember{m.AccountID, m.Name, m.Status == AccountActive}
		if m.UnitID == nil {
			root = append(root, om)
			continue
		}
		byUnit[*m.UnitID] = append(byUnit[*m.UnitID], om)
	}
	var build func(parent string, depth int) []OrgTreeUnit
	build = func(parent string, depth int) []OrgTreeUnit {
		var out []OrgTreeUnit
		for _, u := range children[parent] {
			n := OrgTreeUnit{Unit: u, Depth: depth, Members: byUnit[u.ID], DirectMembers: len(byUnit[u.ID])}
			n.Children = build(u.ID, depth+1)
			n.TotalMembers = n.DirectMembers
			for _, c := range n.Children {
				n.TotalMembers += c.TotalMembers
			}
			out = append(out, n)
		}
		sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Unit.Name) < strings.ToLower(out[j].Unit.Name) })
		return out
	}
	return build("", 0), root
}

// MembershipOf says where an account sits in its organization; nil when it
// is in none.
func (s *OrgStore) MembershipOf(ctx context.Context, accountID string) (*Membership, error) {
	var row struct {
		OrganizationID   string
		OrganizationName string
		UnitID           *string
		UnitName         *string
	}
	err := s.db.view(ctx, func(tx *gorm.DB) error {
		err := tx.Table("org_members m").
			Select("m.organization_id, o.name AS organization_name, m.unit_id, u.name AS unit_name").
			Joins("JOIN organizations o ON o.id = m.organization_id").
			Joins("LEFT JOIN org_units u ON u.id = m.unit_id").
			Where("m.account_id = ?", accountID).Take(&row).Error
		if err != nil {
			return err
		}
		return nil
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("membership of %s: %w", accountID, err)
	}
	m := &Membership{OrganizationID: row.OrganizationID, OrganizationName: row.OrganizationName}
	if row.UnitID == nil {
		return m, nil
	}
	m.UnitID, m.UnitName = *row.UnitID, deref(row.UnitName)
	err = s.db.reader(ctx).Table("org_unit_paths p").Select("u.name").Joins("JOIN org_units u ON u.id = p.ancestor_id").
		Where("p.unit_id = ?", m.UnitID).Order("p.depth DESC").Scan(&m.UnitPath).Error
	if err != nil {
		return nil, fmt.Errorf("membership of %s: %w", accountID, err)
	}
	return m, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
