package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Organizations (R25): admins define organizations, each a tree of units,
// and place accounts in them (at most one organization, at most one unit of
// it). An owner in an organization can then share with the organization or
// one of its units (share_target.go).

// Organization is an organization of accounts.
type Organization struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time
}

// OrgUnit is a unit of an organization; ParentID nil is the top level.
type OrgUnit struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	ParentID       *string
	Name           string
	CreatedAt      time.Time
}

// TableName is org_units.
func (OrgUnit) TableName() string { return "org_units" }

// orgUnitPath is one row of the units' closure: Unit lies Depth levels
// below Ancestor (0: itself).
type orgUnitPath struct {
	UnitID     string `gorm:"primaryKey"`
	AncestorID string `gorm:"primaryKey"`
	Depth      int
}

func (orgUnitPath) TableName() string { return "org_unit_paths" }

// orgMember places an account in an organization and, optionally, a unit.
type orgMember struct {
	AccountID      string `gorm:"primaryKey"`
	OrganizationID string
	UnitID         *string
	JoinedAt       time.Time
}

func (orgMember) TableName() string { return "org_members" }

// OrgCode is the code of every refusal about organizations and units.
const OrgCode = "InvalidParameterValue.InvalidOrganization"

// Prefixes of organization and unit ids, which share targets use too.
const (
	OrgIDPrefix  = "org-"
	UnitIDPrefix = "ou-"
)

// ValidOrgID reports whether s has the form of an organization id.
func ValidOrgID(s string) bool { return validID(s, OrgIDPrefix) }

// ValidUnitID reports whether s has the form of a unit id.
func ValidUnitID(s string) bool { return validID(s, UnitIDPrefix) }

// OrgStore manages organizations, their units and their members. Its
// changes are the admin's; MembershipOf answers any account about itself.
type OrgStore struct{ db *DB }

// NewOrgStore returns the organization store.
func NewOrgStore(db *DB) *OrgStore { return &OrgStore{db: db} }

func orgInvalid(field string, msg Message) *Error { return invalid(OrgCode, FieldError{field, msg}) }

// checkOrgName trims and checks a name of an organization or unit by the
// rule of every name people type (1-60 characters, no control characters).
func checkOrgName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if msg, ok := checkDisplayName(name); !ok {
		return name, orgInvalid("name", msg)
	}
	return name, nil
}

// lockOrg serialises the changes of one organization's tree and members
// (closure upkeep, emptiness checks): FOR UPDATE on PostgreSQL; on SQLite
// every write transaction holds the write lock already. A missing
// organization is refused on field.
func lockOrg(tx *gorm.DB, orgID, field string) (Organization, error) {
	var o Organization
	q := tx.Where("id = ?", orgID)
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(forUpdate())
	}
	err := q.Take(&o).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return o, orgInvalid(field, Msg("org.not_found", orgID))
	}
	return o, err
}

// unitForChange reads a unit and locks its organization.
func unitForChange(tx *gorm.DB, unitID, field string) (OrgUnit, error) {
	var u OrgUnit
	err := tx.Where("id = ?", unitID).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, orgInvalid(field, Msg("org.unit_not_found", unitID))
	}
	if err != nil {
		return u, err
	}
	_, err = lockOrg(tx, u.OrganizationID, field)
	return u, err
}

// CreateOrganization adds an organization with a unique name.
func (s *OrgStore) CreateOrganization(ctx context.Context, actor Actor, name string) (Organization, error) {
	var o Organization
	err := s.db.change(ctx, actor, "admin.org.create", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Detail = strings.TrimSpace(name)
		if err := requireAdmin(actor); err != nil {
			return err
		}
		name, err := checkOrgName(name)
		if err != nil {
			return err
		}
		if err := orgNameFree(tx, name, ""); err != nil {
			return err
		}
		o = Organization{ID: newID(OrgIDPrefix), Name: name, CreatedAt: time.Now().UTC()}
		ev.Resource = o.ID
		return tx.Create(&o).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return o, orgInvalid("name", Msg("org.name_taken", strings.TrimSpace(name)))
	}
	return o, wrap("create organization", err)
}

// orgNameFree refuses a name another organization holds, whatever its case.
func orgNameFree(tx *gorm.DB, name, except string) error {
	return refuseIf(exists(tx, &Organization{}, "LOWER(name) = LOWER(?) AND id <> ?", name, except))(
		orgInvalid("name", Msg("org.name_taken", name)))
}

// RenameOrganization gives an organization another unique name.
func (s *OrgStore) RenameOrganization(ctx context.Context, actor Actor, orgID, name string) error {
	err := s.db.change(ctx, actor, "admin.org.rename", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = orgID, strings.TrimSpace(name)
		if err := requireAdmin(actor); err != nil {
			return err
		}
		name, err := checkOrgName(name)
		if err != nil {
			return err
		}
		if _, err := lockOrg(tx, orgID, "organization"); err != nil {
			return err
		}
		if err := orgNameFree(tx, name, orgID); err != nil {
			return err
		}
		return tx.Model(&Organization{}).Where("id = ?", orgID).Update("name", name).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return orgInvalid("name", Msg("org.name_taken", strings.TrimSpace(name)))
	}
	return wrap("rename organization", err)
}

// DeleteOrganization removes an organization that has no units and no
// members.
func (s *OrgStore) DeleteOrganization(ctx context.Context, actor Actor, orgID string) error {
	err := s.db.change(ctx, actor, "admin.org.delete", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = orgID
		if err := requireAdmin(actor); err != nil {
			return err
		}
		o, err := lockOrg(tx, orgID, "organization")
		if err != nil {
			return err
		}
		ev.Detail = o.Name
		if err := refuseUnlessEmpty(tx, "organization", o.Name,
			holder{&OrgUnit{}, "organization_id = ?", "org.delete_has_units", nil},
			holder{&orgMember{}, "organization_id = ?", "org.delete_has_members", nil},
			holder{&Share{}, "target_id = ? AND status IN ?", "org.delete_has_shares", liveStatuses},
		)(orgID); err != nil {
			return err
		}
		return tx.Delete(&Organization{}, "id = ?", orgID).Error
	})
	return wrap("delete organization", err)
}

// CreateUnit adds a unit to an organization, at the top level (parentUnitID
// "") or under one of its units; its name is unique among its siblings.
func (s *OrgStore) CreateUnit(ctx context.Context, actor Actor, orgID, parentUnitID, name string) (OrgUnit, error) {
	var u OrgUnit
	err := s.db.change(ctx, actor, "admin.unit.create", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = orgID, strings.TrimSpace(name)
		if err := requireAdmin(actor); err != nil {
			return err
		}
		name, err := checkOrgName(name)
		if err != nil {
			return err
		}
		if _, err := lockOrg(tx, orgID, "organization"); err != nil {
			return err
		}
		var parent *string
		if parentUnitID != "" {
			if err := unitInOrg(tx, parentUnitID, orgID, "parent"); err != nil {
				return err
			}
			parent = &parentUnitID
		}
		if err := unitNameFree(tx, orgID, parent, name, ""); err != nil {
			return err
		}
		u = OrgUnit{ID: newID(UnitIDPrefix), OrganizationID: orgID, ParentID: parent, Name: name, CreatedAt: time.Now().UTC()}
		ev.Resource = u.ID
		if err := tx.Create(&u).Error; err != nil {
			return err
		}
		if err := tx.Create(&orgUnitPath{UnitID: u.ID, AncestorID: u.ID}).Error; err != nil {
			return err
		}
		if parent == nil {
			return nil
		}
		return tx.Exec(`INSERT INTO org_unit_paths (unit_id, ancestor_id, depth)
			SELECT ?, ancestor_id, depth + 1 FROM org_unit_paths WHERE unit_id = ?`, u.ID, *parent).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return u, orgInvalid("name", Msg("org.unit_name_taken", strings.TrimSpace(name)))
	}
	return u, wrap("create unit", err)
}

// unitInOrg refuses a unit that is not one of the organization's.
func unitInOrg(tx *gorm.DB, unitID, orgID, field string) error {
	return refuseUnless(exists(tx, &OrgUnit{}, "id = ? AND organization_id = ?", unitID, orgID))(
		orgInvalid(field, Msg("org.unit_not_found", unitID)))
}

// unitNameFree refuses a name a sibling holds, whatever its case.
func unitNameFree(tx *gorm.DB, orgID string, parent *string, name, except string) error {
	q := tx.Model(&OrgUnit{}).Where("organization_id = ? AND LOWER(name) = LOWER(?) AND id <> ?", orgID, name, except)
	if parent == nil {
		q = q.Where("parent_id IS NULL")
	} else {
		q = q.Where("parent_id = ?", *parent)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return orgInvalid("name", Msg("org.unit_name_taken", name))
	}
	return nil
}

// RenameUnit gives a unit another name, unique among its siblings.
func (s *OrgStore) RenameUnit(ctx context.Context, actor Actor, unitID, name string) error {
	err := s.db.change(ctx, actor, "admin.unit.rename", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = unitID, strings.TrimSpace(name)
		if err := requireAdmin(actor); err != nil {
			return err
		}
		name, err := checkOrgName(name)
		if err != nil {
			return err
		}
		u, err := unitForChange(tx, unitID, "unit")
		if err != nil {
			return err
		}
		if err := unitNameFree(tx, u.OrganizationID, u.ParentID, name, unitID); err != nil {
			return err
		}
		return tx.Model(&OrgUnit{}).Where("id = ?", unitID).Update("name", name).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return orgInvalid("name", Msg("org.unit_name_taken", strings.TrimSpace(name)))
	}
	return wrap("rename unit", err)
}

// MoveUnit puts a unit, with everything under it, under another unit of the
// same organization (newParentUnitID "": the top level). A unit cannot move
// under itself or under a unit below it. Members move with their units:
// what they see follows at once (visibility reads the tree, nothing is
// copied).
func (s *OrgStore) MoveUnit(ctx context.Context, actor Actor, unitID, newParentUnitID string) error {
	var name string // the unit's, for a clash found only by the index
	err := s.db.change(ctx, actor, "admin.unit.move", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = unitID, newParentUnitID
		if err := requireAdmin(actor); err != nil {
			return err
		}
		u, err := unitForChange(tx, unitID, "unit")
		if err != nil {
			return err
		}
		name = u.Name
		var parent *string
		if newParentUnitID != "" {
			if err := unitInOrg(tx, newParentUnitID, u.OrganizationID, "parent"); err != nil {
				return err
			}
			if err := refuseIf(exists(tx, &orgUnitPath{}, "unit_id = ? AND ancestor_id = ?", newParentUnitID, unitID))(
				orgInvalid("parent", Msg("org.unit_cycle", u.Name))); err != nil {
				return err
			}
			parent = &newParentUnitID
		}
		if err := unitNameFree(tx, u.OrganizationID, parent, u.Name, unitID); err != nil {
			return err
		}
		if err := tx.Model(&OrgUnit{}).Where("id = ?", unitID).Update("parent_id", parent).Error; err != nil {
			return err
		}
		// The subtree forgets the units above the moved one, then learns
		// the new parent's, each at its distance.
		err = tx.Exec(`DELETE FROM org_unit_paths
			WHERE unit_id IN (SELECT unit_id FROM org_unit_paths WHERE ancestor_id = ?)
			AND ancestor_id NOT IN (SELECT unit_id FROM org_unit_paths WHERE ancestor_id = ?)`, unitID, unitID).Error
		if err != nil || parent == nil {
			return err
		}
		return tx.Exec(`INSERT INTO org_unit_paths (unit_id, ancestor_id, depth)
			SELECT s.unit_id, p.ancestor_id, s.depth + p.depth + 1
			FROM org_unit_paths s, org_unit_paths p WHERE s.ancestor_id = ? AND p.unit_id = ?`, unitID, *parent).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return orgInvalid("parent", Msg("org.unit_name_taken", name))
	}
	return wrap("move unit", err)
}

// DeleteUnit removes a unit that has no units under it and no members.
func (s *OrgStore) DeleteUnit(ctx context.Context, actor Actor, unitID string) error {
	err := s.db.change(ctx, actor, "admin.unit.delete", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = unitID
		if err := requireAdmin(actor); err != nil {
			return err
		}
		u, err := unitForChange(tx, unitID, "unit")
		if err != nil {
			return err
		}
		ev.Detail = u.Name
		// A live share naming the unit would hold its owner's place under
		// the cap (R1) while reaching no one: its owner cancels it first.
		if err := refuseUnlessEmpty(tx, "unit", u.Name,
			holder{&OrgUnit{}, "parent_id = ?", "org.unit_delete_has_units", nil},
			holder{&orgMember{}, "unit_id = ?", "org.unit_delete_has_members", nil},
			holder{&Share{}, "target_id = ? AND status IN ?", "org.delete_has_shares", liveStatuses},
		)(unitID); err != nil {
			return err
		}
		if err := tx.Delete(&orgUnitPath{}, "unit_id = ?", unitID).Error; err != nil {
			return err
		}
		return tx.Delete(&OrgUnit{}, "id = ?", unitID).Error
	})
	return wrap("delete unit", err)
}

// SetMembership places an account in an organization (orgID "": in none)
// and one of its units (unitID "": the organization without a unit). What
// the account sees through organization shares changes at once.
func (s *OrgStore) SetMembership(ctx context.Context, actor Actor, accountID, orgID, unitID string) error {
	err := s.db.change(ctx, actor, "admin.org.membership", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = accountID, strings.Trim(orgID+"/"+unitID, "/")
		if err := requireAdmin(actor); err != nil {
			return err
		}
		if err := refuseUnless(exists(tx, &Account{}, "id = ?", accountID))(
			invalid("InvalidAccountId.NotFound", FieldError{"account", Msg("account.not_found", accountID)})); err != nil {
			return err
		}
		if orgID == "" {
			if unitID != "" {
				return orgInvalid("unit", Msg("org.unit_without_org"))
			}
			return tx.Delete(&orgMember{}, "account_id = ?", accountID).Error
		}
		if _, err := lockOrg(tx, orgID, "organization"); err != nil {
			return err
		}
		m := orgMember{AccountID: accountID, OrganizationID: orgID, JoinedAt: time.Now().UTC()}
		if unitID != "" {
			if err := unitInOrg(tx, unitID, orgID, "unit"); err != nil {
				return err
			}
			m.UnitID = &unitID
		}
		if err := tx.Delete(&orgMember{}, "account_id = ?", accountID).Error; err != nil {
			return err
		}
		return tx.Create(&m).Error
	})
	return wrap("set membership", err)
}

// holder is what keeps an organization or unit from being deleted: rows of
// a model that name it (where takes its id, then status), refused with msg.
type holder struct {
	model  any
	where  string
	msg    string
	status []string // the statuses that hold it, when where asks
}

// refuseUnlessEmpty refuses, on field, the delete of the organization or
// unit called name while any holder names its id; the first found is the
// refusal.
func refuseUnlessEmpty(tx *gorm.DB, field, name string, holders ...holder) func(id string) error {
	return func(id string) error {
		for _, h := range holders {
			args := []any{id}
			if h.status != nil {
				args = append(args, h.status)
			}
			if err := refuseIf(exists(tx, h.model, h.where, args...))(orgInvalid(field, Msg(h.msg, name))); err != nil {
				return err
			}
		}
		return nil
	}
}
