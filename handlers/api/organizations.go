package api

import (
	"context"

	"imageshare/models"
)

// DescribeOrganizations (extension, R25): the caller's organization, its
// units and their member accounts, so a program knows which OrganizationIds
// and UnitIds it may share with. Organization is null for an account in none.

// OrgAccount is a member account.
type OrgAccount struct {
	AccountId   string `json:"AccountId"`
	AccountName string `json:"AccountName"`
}

// OrgUnit is one unit, its parent (null at the top level), its own members
// and how many accounts its subtree holds.
type OrgUnit struct {
	UnitId           string       `json:"UnitId"`
	UnitName         string       `json:"UnitName"`
	ParentUnitId     *string      `json:"ParentUnitId"`
	MemberCount      int          `json:"MemberCount"`
	TotalMemberCount int          `json:"TotalMemberCount"`
	MemberSet        []OrgAccount `json:"MemberSet"`
}

// Organization is the caller's organization.
type Organization struct {
	OrganizationId   string `json:"OrganizationId"`
	OrganizationName string `json:"OrganizationName"`
	// MyUnitId is the caller's unit, null when it has none.
	MyUnitId         *string      `json:"MyUnitId"`
	TotalMemberCount int          `json:"TotalMemberCount"`
	MemberSet        []OrgAccount `json:"MemberSet"` // members without a unit
	UnitSet          []OrgUnit    `json:"UnitSet"`   // depth first, parents before children
}

type describeOrganizationsResponse struct {
	Organization *Organization `json:"Organization"`
	meta
}

func (h *Handler) describeOrganizations(ctx context.Context, c *call) (response, error) {
	tree, err := h.orgs.OrganizationOf(ctx, c.actor)
	if err != nil {
		return nil, err
	}
	out := &describeOrganizationsResponse{}
	if tree == nil {
		return out, nil
	}
	org := &Organization{OrganizationId: tree.Organization.ID, OrganizationName: tree.Organization.Name,
		TotalMemberCount: tree.TotalMembers, MemberSet: orgAccounts(tree.Members), UnitSet: []OrgUnit{}}
	for _, u := range tree.Flat() {
		org.UnitSet = append(org.UnitSet, OrgUnit{UnitId: u.Unit.ID, UnitName: u.Unit.Name, ParentUnitId: u.Unit.ParentID,
			MemberCount: u.DirectMembers, TotalMemberCount: u.TotalMembers, MemberSet: orgAccounts(u.Members)})
		for _, m := range u.Members {
			if m.AccountID == c.actor.AccountID {
				id := u.Unit.ID
				org.MyUnitId = &id
			}
		}
	}
	out.Organization = org
	return out, nil
}

func orgAccounts(members []models.OrgMember) []OrgAccount {
	out := make([]OrgAccount, len(members))
	for i, m := range members {
		out[i] = OrgAccount{AccountId: m.AccountID, AccountName: m.Name}
	}
	return out
}
