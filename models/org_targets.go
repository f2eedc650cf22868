package models

import "context"

// OrganizationOf returns the tree of the actor's own organization (its
// units and member accounts, which every member may see), or nil when the
// actor's account is in none: what DescribeOrganizations answers.
func (s *OrgStore) OrganizationOf(ctx context.Context, actor Actor) (*OrgTree, error) {
	m, err := s.MembershipOf(ctx, actor.AccountID)
	if err != nil || m == nil {
		return nil, err
	}
	t, err := s.tree(ctx, m.OrganizationID)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// ShareTarget is a group an owner may share with (R25): its organization
// or one of its units, with how many accounts it reaches now (the owner
// excepted).
type ShareTarget struct {
	ID    string
	Kind  string // TargetOrganization or TargetUnit
	Name  string
	Depth int // 0 for the organization, 1 for a top-level unit, ...
	Reach int
}

// ShareTargets lists the groups the actor may share with: its organization
// first, then its units depth first; none when it is in no organization.
func (s *OrgStore) ShareTargets(ctx context.Context, actor Actor) ([]ShareTarget, error) {
	t, err := s.OrganizationOf(ctx, actor)
	if err != nil || t == nil {
		return nil, err
	}
	// Reach is what a share would reach: active members, the owner
	// excepted (as the share check counts them).
	reached := func(members []OrgMember) int {
		n := 0
		for _, m := range members {
			if m.Active && m.AccountID != actor.AccountID {
				n++
			}
		}
		return n
	}
	out := []ShareTarget{{ID: t.Organization.ID, Kind: TargetOrganization, Name: t.Organization.Name}}
	var walk func(units []OrgTreeUnit) int
	walk = func(units []OrgTreeUnit) int {
		sum := 0
		for _, u := range units {
			i := len(out)
			out = append(out, ShareTarget{ID: u.Unit.ID, Kind: TargetUnit, Name: u.Unit.Name, Depth: u.Depth + 1})
			out[i].Reach = reached(u.Members) + walk(u.Children)
			sum += out[i].Reach
		}
		return sum
	}
	out[0].Reach = reached(t.Members) + walk(t.Units)
	return out, nil
}
