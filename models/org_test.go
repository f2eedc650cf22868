package models_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// orgWorld is an admin, a member and three more accounts, with the
// organization store.
type orgWorld struct {
	db                 *models.DB
	orgs               *models.OrgStore
	root, member       models.Actor
	ann, ben, cid      models.Actor
	engineering, infra models.OrgUnit
	platform, finance  models.OrgUnit
	org                models.Organization
	other              models.Organization
	otherUnit          models.OrgUnit
}

func orgNewWorld(t *testing.T, db *models.DB) *orgWorld {
	t.Helper()
	w := &orgWorld{db: db, orgs: models.NewOrgStore(db)}
	w.root, _ = admMember(t, db, "Platform Ops", models.RoleAdmin)
	w.member, _ = admMember(t, db, "Member Co", models.RoleMember)
	w.ann, _ = admMember(t, db, "Ann", models.RoleMember)
	w.ben, _ = admMember(t, db, "Ben", models.RoleMember)
	w.cid, _ = admMember(t, db, "Cid", models.RoleMember)
	return w
}

// build makes Acme: Engineering > Platform, Engineering > Infra, Finance;
// and Other with one unit.
func (w *orgWorld) build(t *testing.T) {
	t.Helper()
	ctx := admCtx(t)
	w.org = orgMust(w.orgs.CreateOrganization(ctx, w.root, "  Acme  "))(t)
	w.engineering = orgMust(w.orgs.CreateUnit(ctx, w.root, w.org.ID, "", "Engineering"))(t)
	w.platform = orgMust(w.orgs.CreateUnit(ctx, w.root, w.org.ID, w.engineering.ID, "Platform"))(t)
	w.infra = orgMust(w.orgs.CreateUnit(ctx, w.root, w.org.ID, w.engineering.ID, "Infra"))(t)
	w.finance = orgMust(w.orgs.CreateUnit(ctx, w.root, w.org.ID, "", "Finance"))(t)
	w.other = orgMust(w.orgs.CreateOrganization(ctx, w.root, "Other"))(t)
	w.otherUnit = orgMust(w.orgs.CreateUnit(ctx, w.root, w.other.ID, "", "Engineering"))(t)
}

// orgMust takes a call's results, then the test that fails if it erred.
func orgMust[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func orgOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// orgRefused asserts a refusal with the organization code on field.
func orgRefused(t *testing.T, err error, code, field string) {
	t.Helper()
	e, ok := models.AsError(err)
	if !ok {
		t.Fatalf("got %v, want a refusal %s", err, code)
	}
	if e.Code != code {
		t.Fatalf("code %s, want %s (%v)", e.Code, code, err)
	}
	if field != "" {
		if _, ok := e.Field(field); !ok {
			t.Fatalf("refusal %v has no message on %q: %+v", err, field, e.Fields)
		}
	}
}

func (w *orgWorld) path(t *testing.T, account models.Actor) string {
	t.Helper()
	m, err := w.orgs.MembershipOf(admCtx(t), account.AccountID)
	orgOK(t, err)
	if m == nil {
		return "-"
	}
	return m.OrganizationName + ":" + strings.Join(m.UnitPath, ">")
}

func TestR25OrganizationNames(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := orgNewWorld(t, db)
		w.build(t)
		ctx := admCtx(t)
		if w.org.Name != "Acme" || !models.ValidOrgID(w.org.ID) || !models.ValidUnitID(w.platform.ID) {
			t.Fatalf("created %+v / %+v", w.org, w.platform)
		}
		for _, tc := range []struct {
			name, in string
		}{
			{"R25 empty name", "   "},
			{"R25 name too long", strings.Repeat("a", 61)},
			{"R25 control character", "Ac\x01me"},
			{"R25 name taken whatever the case", "ACME"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := w.orgs.CreateOrganization(ctx, w.root, tc.in)
				orgRefused(t, err, models.OrgCode, "name")
				orgRefused(t, w.orgs.RenameOrganization(ctx, w.root, w.other.ID, tc.in), models.OrgCode, "name")
			})
		}
		t.Run("R25 sibling unit names are unique, cousins may repeat", func(t *testing.T) {
			_, err := w.orgs.CreateUnit(ctx, w.root, w.org.ID, "", "engineering")
			orgRefused(t, err, models.OrgCode, "name")
			_, err = w.orgs.CreateUnit(ctx, w.root, w.org.ID, w.engineering.ID, "Platform")
			orgRefused(t, err, models.OrgCode, "name")
			orgRefused(t, w.orgs.RenameUnit(ctx, w.root, w.infra.ID, "platform"), models.OrgCode, "name")
			orgOK(t, errOf(w.orgs.CreateUnit(ctx, w.root, w.org.ID, w.finance.ID, "Platform")))
			orgOK(t, w.orgs.RenameUnit(ctx, w.root, w.infra.ID, "Infrastructure"))
			orgOK(t, w.orgs.RenameOrganization(ctx, w.root, w.other.ID, "Other Corp"))
		})
		t.Run("R25 unknown ids", func(t *testing.T) {
			_, err := w.orgs.CreateUnit(ctx, w.root, "org-zzzzzzzz", "", "X")
			orgRefused(t, err, models.OrgCode, "organization")
			_, err = w.orgs.CreateUnit(ctx, w.root, w.org.ID, w.otherUnit.ID, "X")
			orgRefused(t, err, models.OrgCode, "parent")
			orgRefused(t, w.orgs.RenameUnit(ctx, w.root, "ou-zzzzzzzz", "X"), models.OrgCode, "unit")
		})
	})
}

func errOf[T any](_ T, err error) error { return err }

func TestR25OrganizationsAreAdminOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := orgNewWorld(t, db)
		w.build(t)
		ctx, m := admCtx(t), w.member
		mark := admMark(t, db)
		for name, err := range map[string]error{
			"create org":  errOf(w.orgs.CreateOrganization(ctx, m, "Mine")),
			"rename org":  w.orgs.RenameOrganization(ctx, m, w.org.ID, "Mine"),
			"delete org":  w.orgs.DeleteOrganization(ctx, m, w.other.ID),
			"create unit": errOf(w.orgs.CreateUnit(ctx, m, w.org.ID, "", "Mine")),
			"rename unit": w.orgs.RenameUnit(ctx, m, w.finance.ID, "Mine"),
			"move unit":   w.orgs.MoveUnit(ctx, m, w.finance.ID, w.engineering.ID),
			"delete unit": w.orgs.DeleteUnit(ctx, m, w.finance.ID),
			"membership":  w.orgs.SetMembership(ctx, m, m.AccountID, w.org.ID, ""),
			"list":        errOf(w.orgs.Organizations(ctx, m)),
			"tree":        errOf(w.orgs.Tree(ctx, m, w.org.ID)),
		} {
			if !errors.Is(err, models.ErrNotFound) {
				t.Errorf("R25 %s by a member: %v, want not found", name, err)
			}
		}
		// Each refusal is audited as one.
		for _, ev := range admSince(t, db, mark) {
			if ev.Outcome == models.OutcomeOK {
				t.Errorf("a member's attempt was recorded as done: %+v", ev)
			}
		}
		if got := w.path(t, m); got != "-" {
			t.Errorf("the member placed itself: %s", got)
		}
	})
}

func TestR25UnitTreeMoves(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := orgNewWorld(t, db)
		w.build(t)
		ctx := admCtx(t)
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, w.org.ID, w.platform.ID))
		if got := w.path(t, w.ann); got != "Acme:Engineering>Platform" {
			t.Fatalf("ann at %s", got)
		}
		for _, tc := range []struct {
			name, unit, parent string
		}{
			{"R25 a unit cannot move under itself", w.engineering.ID, w.engineering.ID},
			{"R25 a unit cannot move under a descendant", w.engineering.ID, w.platform.ID},
			{"R25 a unit cannot move to another organization", w.finance.ID, w.otherUnit.ID},
		} {
			t.Run(tc.name, func(t *testing.T) {
				orgRefused(t, w.orgs.MoveUnit(ctx, w.root, tc.unit, tc.parent), models.OrgCode, "parent")
			})
		}
		// Engineering (with Platform under it) moves under Finance: Platform's
		// path follows, two levels down.
		orgOK(t, w.orgs.MoveUnit(ctx, w.root, w.engineering.ID, w.finance.ID))
		if got := w.path(t, w.ann); got != "Acme:Finance>Engineering>Platform" {
			t.Fatalf("after the move ann at %s", got)
		}
		// Finance cannot now move under Platform (its grandchild).
		orgRefused(t, w.orgs.MoveUnit(ctx, w.root, w.finance.ID, w.platform.ID), models.OrgCode, "parent")
		// Platform to the top level, then back under Infra.
		orgOK(t, w.orgs.MoveUnit(ctx, w.root, w.platform.ID, ""))
		if got := w.path(t, w.ann); got != "Acme:Platform" {
			t.Fatalf("at the top ann at %s", got)
		}
		orgOK(t, w.orgs.MoveUnit(ctx, w.root, w.platform.ID, w.infra.ID))
		if got := w.path(t, w.ann); got != "Acme:Finance>Engineering>Infra>Platform" {
			t.Fatalf("under infra ann at %s", got)
		}
		// A name taken at the destination refuses the move.
		dup := orgMust(w.orgs.CreateUnit(ctx, w.root, w.org.ID, "", "Infra"))(t)
		orgRefused(t, w.orgs.MoveUnit(ctx, w.root, dup.ID, w.engineering.ID), models.OrgCode, "name")
	})
}

func TestR25Membership(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := orgNewWorld(t, db)
		w.build(t)
		ctx := admCtx(t)
		mark := admMark(t, db)
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, w.org.ID, ""))
		if got := w.path(t, w.ann); got != "Acme:" {
			t.Fatalf("ann at %s", got)
		}
		orgRefused(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, w.org.ID, w.otherUnit.ID), models.OrgCode, "unit")
		orgRefused(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, "org-zzzzzzzz", ""), models.OrgCode, "organization")
		orgRefused(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, "", w.finance.ID), models.OrgCode, "unit")
		orgRefused(t, w.orgs.SetMembership(ctx, w.root, "199999999999", w.org.ID, ""), "InvalidAccountId.NotFound", "account")
		if got := w.path(t, w.ann); got != "Acme:" {
			t.Fatalf("a refused change moved ann to %s", got)
		}
		// One organization at a time: joining another leaves the first.
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, w.other.ID, w.otherUnit.ID))
		if got := w.path(t, w.ann); got != "Other:Engineering" {
			t.Fatalf("ann at %s", got)
		}
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, "", ""))
		if got := w.path(t, w.ann); got != "-" {
			t.Fatalf("ann left but is at %s", got)
		}
		var done []string
		for _, ev := range admSince(t, db, mark) {
			if ev.Action == "admin.org.membership" && ev.Outcome == models.OutcomeOK {
				done = append(done, ev.Detail)
			}
		}
		want := []string{w.org.ID, w.other.ID + "/" + w.otherUnit.ID, ""}
		if !slices.Equal(done, want) {
			t.Errorf("audited memberships %q, want %q", done, want)
		}
	})
}

func TestR25TreeAndCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := orgNewWorld(t, db)
		w.build(t)
		ctx := admCtx(t)
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, w.org.ID, ""))
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ben.AccountID, w.org.ID, w.platform.ID))
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.cid.AccountID, w.org.ID, w.engineering.ID))
		tree := orgMust(w.orgs.Tree(ctx, w.root, w.org.ID))(t)
		if tree.TotalMembers != 3 || len(tree.Members) != 1 || tree.Members[0].AccountID != w.ann.AccountID ||
			tree.Members[0].Name != "Ann" {
			t.Fatalf("root: %+v", tree)
		}
		var flat []string
		for _, u := range tree.Flat() {
			flat = append(flat, strings.Repeat("-", u.Depth)+u.Unit.Name+":"+strconv.Itoa(u.DirectMembers)+"/"+strconv.Itoa(u.TotalMembers))
		}
		want := []string{"Engineering:1/2", "-Infra:0/0", "-Platform:1/1", "Finance:0/0"}
		if !slices.Equal(flat, want) {
			t.Errorf("tree %q, want %q", flat, want)
		}
		list := orgMust(w.orgs.Organizations(ctx, w.root))(t)
		var rows []string
		for _, o := range list {
			rows = append(rows, o.Name+":"+strconv.Itoa(o.Units)+"/"+strconv.Itoa(o.Members))
		}
		if !slices.Equal(rows, []string{"Acme:4/3", "Other:1/0"}) {
			t.Errorf("organizations %q", rows)
		}
		// An unknown organization is not found (its page is a 404), not bad input.
		if _, err := w.orgs.Tree(ctx, w.root, "org-zzzzzzzz"); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("Tree of an unknown organization: %v; want not found", err)
		}
	})
}

func TestR25DeleteOnlyWhenEmpty(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := orgNewWorld(t, db)
		w.build(t)
		ctx := admCtx(t)
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, w.org.ID, w.platform.ID))
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ben.AccountID, w.other.ID, ""))
		orgRefused(t, w.orgs.DeleteUnit(ctx, w.root, w.engineering.ID), models.OrgCode, "unit")
		orgRefused(t, w.orgs.DeleteUnit(ctx, w.root, w.platform.ID), models.OrgCode, "unit")
		orgRefused(t, w.orgs.DeleteOrganization(ctx, w.root, w.org.ID), models.OrgCode, "organization")
		orgOK(t, w.orgs.DeleteUnit(ctx, w.root, w.otherUnit.ID))
		orgRefused(t, w.orgs.DeleteOrganization(ctx, w.root, w.other.ID), models.OrgCode, "organization")
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ben.AccountID, "", ""))
		orgOK(t, w.orgs.DeleteOrganization(ctx, w.root, w.other.ID))
		orgOK(t, w.orgs.SetMembership(ctx, w.root, w.ann.AccountID, w.org.ID, w.engineering.ID))
		orgOK(t, w.orgs.DeleteUnit(ctx, w.root, w.platform.ID))
		orgOK(t, w.orgs.DeleteUnit(ctx, w.root, w.infra.ID))
		orgRefused(t, w.orgs.DeleteUnit(ctx, w.root, w.platform.ID), models.OrgCode, "unit")
		list := orgMust(w.orgs.Organizations(ctx, w.root))(t)
		if len(list) != 1 || list[0].Units != 2 {
			t.Errorf("left %+v", list)
		}
		// A deleted unit's name is free again.
		orgOK(t, errOf(w.orgs.CreateUnit(ctx, w.root, w.org.ID, w.engineering.ID, "Platform")))
	})
}

func TestR25DemoOrganization(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		orgOK(t, models.SeedData(admCtx(t), db))
		orgOK(t, models.SeedDemo(admCtx(t), db, "demo-password-1"))
		orgOK(t, models.SeedDemo(admCtx(t), db, "demo-password-1"))
		orgs := models.NewOrgStore(db)
		for id, want := range map[string]string{"100000000001": "Demo Corp:", "100000000002": "Demo Corp:Engineering>Platform"} {
			m, err := orgs.MembershipOf(admCtx(t), id)
			orgOK(t, err)
			if m == nil || m.OrganizationName+":"+strings.Join(m.UnitPath, ">") != want {
				t.Errorf("%s: %+v, want %s", id, m, want)
			}
		}
		if m, err := orgs.MembershipOf(admCtx(t), "100000000003"); err != nil || m != nil {
			t.Errorf("carol: %+v %v", m, err)
		}
	})
}
