package api_test

import (
	"testing"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/models"
)

// R25 through the API: the demo organization (alice in its root, bob in
// Platform under Engineering, carol in none).
func TestR25OrganizationsAPI(t *testing.T) {
	w := newWorld(t)
	bob, carol := w.as("bob", gz), w.as("carol", gz)

	t.Run("R25 DescribeOrganizations shows the caller's organization", func(t *testing.T) {
		raw, err := w.extension(t, "bob", gz, "DescribeOrganizations", map[string]any{})
		ok(t, err)
		org := raw["Organization"].(map[string]any)
		units := org["UnitSet"].([]any)
		if org["OrganizationId"] != models.DemoOrgID || org["MyUnitId"] != models.DemoUnitPlatform || len(units) != 3 ||
			units[0].(map[string]any)["UnitName"] != "Engineering" || units[1].(map[string]any)["ParentUnitId"] != models.DemoUnitEngineer {
			t.Errorf("organization = %v", org)
		}
		raw, err = w.extension(t, "carol", gz, "DescribeOrganizations", map[string]any{})
		ok(t, err)
		if raw["Organization"] != nil {
			t.Errorf("carol's organization = %v; want null", raw["Organization"])
		}
	})
	t.Run("R25 a unit of another's organization, or under the wrong parameter, is refused", func(t *testing.T) {
		_, err := w.extension(t, "carol", bj, "ModifyImageSharePermission", map[string]any{"ImageId": carolBeijing,
			"UnitIds": []string{models.DemoUnitEngineer}, "Permission": "SHARE"})
		wantCode(t, err, models.OrgCode)
		_, err = w.extension(t, "alice", gz, "ModifyImageSharePermission", map[string]any{"ImageId": alicePostgres,
			"UnitIds": []string{bobAccount}, "Permission": "SHARE"})
		wantCode(t, err, models.OrgCode)
	})
	t.Run("R25 alice shares with a unit; bob in a unit below sees it, carol does not", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ModifyImageSharePermission", map[string]any{"ImageId": alicePostgres,
			"UnitIds": []string{models.DemoUnitEngineer}, "AccountIds": []string{carolAccount}, "Permission": "SHARE"})
		ok(t, err)
		if got := ids(describe(t, bob, byIDs(alicePostgres)).ImageSet); len(got) != 1 {
			t.Errorf("bob sees %v", got)
		}
		raw, err := w.extension(t, "alice", gz, "DescribeImageSharePermission", map[string]any{"ImageId": alicePostgres})
		ok(t, err)
		types := map[string]map[string]any{}
		for _, p := range raw["SharePermissionSet"].([]any) {
			m := p.(map[string]any)
			types[m["TargetType"].(string)] = m
		}
		unit, acct := types["UNIT"], types["ACCOUNT"]
		if unit == nil || unit["TargetId"] != models.DemoUnitEngineer || unit["TargetName"] != "Engineering" ||
			unit["Reach"].(float64) != 1 || unit["AccountId"] != "" || acct == nil || acct["AccountId"] != carolAccount {
			t.Errorf("permissions = %v", raw)
		}
		// The SDK's typed model still reads the answer.
		req := cvm.NewDescribeImageSharePermissionRequest()
		req.ImageId = &[]string{alicePostgres}[0]
		resp, err := w.as("alice", gz).DescribeImageSharePermission(req)
		ok(t, err)
		if len(resp.Response.SharePermissionSet) != 2 {
			t.Errorf("typed permissions = %d", len(resp.Response.SharePermissionSet))
		}
	})
	t.Run("R25 R15 CANCEL of the unit: bob loses it, carol keeps hers", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ModifyImageSharePermission", map[string]any{"ImageId": alicePostgres,
			"UnitIds": []string{models.DemoUnitEngineer}, "Permission": "CANCEL"})
		ok(t, err)
		if got := ids(describe(t, bob, byIDs(alicePostgres)).ImageSet); len(got) != 0 {
			t.Errorf("bob still sees %v", got)
		}
		if got := ids(describe(t, carol, byIDs(alicePostgres)).ImageSet); len(got) != 1 {
			t.Errorf("carol sees %v", got)
		}
	})
}
