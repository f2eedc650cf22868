package handlers_test

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"imageshare/models"
)

// Organizations in SPEC 9's data set (R25): 10 organizations of 100 units
// each (10 top-level units with 9 below each: 1,000 units), every bench
// account in one unit, and a unit share of every fifth account's first
// image; plus alice's bench images 1, 4, 7... shared with Demo Corp's
// Engineering, which bob (in Platform, below it) sees beside his own shares.
const (
	benchOrgs         = 10
	benchUnitsPerOrg  = 100
	benchTopUnits     = 10
	benchGroupShareOf = 5
)

func benchUnitID(org, unit int) string { return fmt.Sprintf("ou-b%03d%03d", org, unit) }

func fillOrganizations(tx *gorm.DB, accounts []models.Account, now time.Time) error {
	var orgs, units, paths, members []string
	for o := range benchOrgs {
		orgs = append(orgs, fmt.Sprintf("('org-b%07d', 'Bench org %02d', '%s')", o, o, now.Format(time.RFC3339)))
		for u := range benchUnitsPerOrg {
			parent, id := "NULL", benchUnitID(o, u)
			paths = append(paths, fmt.Sprintf("('%s', '%s', 0)", id, id))
			if u >= benchTopUnits {
				top := benchUnitID(o, u%benchTopUnits)
				parent = "'" + top + "'"
				paths = append(paths, fmt.Sprintf("('%s', '%s', 1)", id, top))
			}
			units = append(units, fmt.Sprintf("('%s', 'org-b%07d', %s, 'Unit %03d', '%s')", id, o, parent, u, now.Format(time.RFC3339)))
		}
	}
	var groupShares []models.Share
	for i, a := range accounts {
		o, u := i%benchOrgs, (i/benchOrgs)%benchUnitsPerOrg
		members = append(members, fmt.Sprintf("('%s', 'org-b%07d', '%s', '%s')", a.ID, o, benchUnitID(o, u), now.Format(time.RFC3339)))
		if i%benchGroupShareOf == 0 {
			target := benchUnitID(o, u)
			groupShares = append(groupShares, models.Share{ImageID: fmt.Sprintf("img-b%07d", i*benchImagesPer),
				TargetID: &target, Status: models.ShareActive, CreatedAt: now})
		}
	}
	for j := 1; j < 30; j += 3 {
		target := models.DemoUnitEngineer
		groupShares = append(groupShares, models.Share{ImageID: fmt.Sprintf("img-alice%03d", j), TargetID: &target,
			Status: models.ShareActive, CreatedAt: now})
	}
	for _, insert := range []struct {
		head string
		rows []string
	}{
		{"INSERT INTO organizations (id, name, created_at) VALUES ", orgs},
		{"INSERT INTO org_units (id, organization_id, parent_id, name, created_at) VALUES ", units},
		{"INSERT INTO org_unit_paths (unit_id, ancestor_id, depth) VALUES ", paths},
		{"INSERT INTO org_members (account_id, organization_id, unit_id, joined_at) VALUES ", members},
	} {
		for start := 0; start < len(insert.rows); start += 500 {
			batch := insert.rows[start:min(start+500, len(insert.rows))]
			if err := tx.Exec(insert.head + strings.Join(batch, ", ")).Error; err != nil {
				return fmt.Errorf("%s: %w", insert.head, err)
			}
		}
	}
	return tx.Omit("recipient_account_id").CreateInBatches(groupShares, 500).Error
}
