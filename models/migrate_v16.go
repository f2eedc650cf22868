package models

// schemaV16 is organizations (R25): an organization holds a tree of units.
// org_unit_paths is the tree's closure (each unit with every unit above it
// and itself, at its distance), kept on create and move, so "which units
// contain this one" and "which units are under this one" are one indexed
// lookup each, whatever the depth. org_members places an account in at most
// one organization (the primary key) and at most one of its units; the
// composite key keeps the unit inside the member's organization. A unit's
// name is unique among its siblings (top-level units are siblings of each
// other: the COALESCE).
const schemaV16 = `
CREATE TABLE organizations (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX organizations_name ON organizations(name);
CREATE TABLE org_units (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations(id),
	parent_id       TEXT REFERENCES org_units(id),
	name            TEXT NOT NULL,
	created_at      {{ts}} NOT NULL
);
CREATE UNIQUE INDEX org_units_id_org ON org_units(id, organization_id);
CREATE UNIQUE INDEX org_units_sibling_name ON org_units(organization_id, COALESCE(parent_id, ''), name);
CREATE INDEX org_units_parent ON org_units(parent_id);
CREATE TABLE org_unit_paths (
	unit_id     TEXT NOT NULL REFERENCES org_units(id),
	ancestor_id TEXT NOT NULL REFERENCES org_units(id),
	depth       INTEGER NOT NULL,
	PRIMARY KEY (unit_id, ancestor_id)
);
CREATE INDEX org_unit_paths_ancestor ON org_unit_paths(ancestor_id, unit_id);
CREATE TABLE org_members (
	account_id      TEXT PRIMARY KEY REFERENCES accounts(id),
	organization_id TEXT NOT NULL REFERENCES organizations(id),
	unit_id         TEXT,
	joined_at       {{ts}} NOT NULL,
	FOREIGN KEY (unit_id, organization_id) REFERENCES org_units(id, organization_id)
);
CREATE INDEX org_members_org ON org_members(organization_id, unit_id);
CREATE INDEX org_members_unit ON org_members(unit_id, account_id)
`
