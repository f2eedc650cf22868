package api_test

import (
	"strings"
	"testing"

	"imageshare/models"
)

func TestR26ShareImages(t *testing.T) {
	w := newWorld(t)
	alice := w.as("alice", gz)
	live := func(t *testing.T, ids ...string) int {
		t.Helper()
		n := 0
		for _, id := range ids {
			n += len(permissions(t, alice, id))
		}
		return n
	}

	t.Run("R26 R14 an image already shared with bob refuses the lot, naming it", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ShareImages", map[string]any{
			"ImageIds": []string{alicePostgres, sharedWithBob, aliceBuild}, "AccountIds": []string{bobAccount}})
		e := wantCode(t, err, "FailedOperation.AccountAlreadyExists")
		if !strings.Contains(e.GetMessage(), sharedWithBob) || strings.Contains(e.GetMessage(), alicePostgres) {
			t.Errorf("message %q; want it to name %s alone", e.GetMessage(), sharedWithBob)
		}
		if n := live(t, alicePostgres, aliceBuild); n != 0 {
			t.Errorf("%d permissions after a refusal; want none", n)
		}
	})
	t.Run("R26 R4 an image of another region is not found in this one", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ShareImages", map[string]any{
			"ImageIds": []string{alicePostgres, aliceShanghai}, "AccountIds": []string{carolAccount}})
		wantCode(t, err, "InvalidImageId.NotFound")
	})
	t.Run("R26 R9 bob cannot share alice's image shared with him", func(t *testing.T) {
		_, err := w.extension(t, "bob", gz, "ShareImages", map[string]any{
			"ImageIds": []string{sharedWithBob, bobWarehouse}, "AccountIds": []string{carolAccount}})
		wantCode(t, err, "UnauthorizedOperation.ImageNotBelongToAccount")
	})
	t.Run("R26 missing parameters and malformed ids", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ShareImages", map[string]any{"ImageIds": []string{alicePostgres}})
		wantCode(t, err, "MissingParameter")
		_, err = w.extension(t, "alice", gz, "ShareImages", map[string]any{"AccountIds": []string{carolAccount}})
		wantCode(t, err, "MissingParameter")
		_, err = w.extension(t, "alice", gz, "ShareImages", map[string]any{"ImageIds": []string{"img-BAD"}, "AccountIds": []string{carolAccount}})
		wantCode(t, err, "InvalidImageId.Malformed")
	})
	t.Run("R26 DryRun checks and shares nothing", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ShareImages", map[string]any{
			"ImageIds": []string{alicePostgres, aliceBuild}, "AccountIds": []string{carolAccount}, "DryRun": true})
		wantCode(t, err, "DryRunOperation")
		if n := live(t, alicePostgres, aliceBuild); n != 0 {
			t.Errorf("%d permissions after a dry run", n)
		}
	})
	t.Run("R26 every image shared with every account at once", func(t *testing.T) {
		raw, err := w.extension(t, "alice", gz, "ShareImages", map[string]any{
			"ImageIds": []string{alicePostgres, aliceBuild, alicePostgres}, "AccountIds": []string{bobAccount, carolAccount}})
		ok(t, err)
		if got := raw["ImageIds"].([]any); len(got) != 2 || got[0] != alicePostgres || raw["ShareStatus"] != "ACTIVE" {
			t.Errorf("response %v", raw)
		}
		if n := live(t, alicePostgres, aliceBuild); n != 4 {
			t.Errorf("%d permissions; want 2 per image", n)
		}
		var events int64
		w.db.Model(&models.AuditEvent{}).Where("action = ? AND outcome = ? AND resource IN ?", "share.create", models.OutcomeOK,
			[]string{alicePostgres, aliceBuild}).Count(&events)
		if events != 2 {
			t.Errorf("%d share.create events; want one per image", events)
		}
	})
}
