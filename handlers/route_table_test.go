package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

// Ids of the route table's resources: one of another account (bob's), and
// one of the same shape that names nothing.
var (
	foreignIDs = map[string]string{
		"/images/":              "img-demo0005", // bob's, not shared with alice
		"/instances/":           "ins-bobrt001",
		"/account/apikeys/":     "", // set by the test: bob's SecretId
		"/admin/accounts/":      handlertest.BobAccount,
		"/admin/shares/":        "424242", // bob's share, added by the test
		"/admin/images/":        "img-demo0005",
		"/uploads/":             "upl-bobup001", // models' TestUploadResumes shows another account's upload is not found
		"/images/recycle-bin/":  "img-bobbin01", // bob's, in his recycle bin: added by the test
		"/admin/organizations/": "org-demo0001",
	}
	unknownIDs = map[string]string{
		"/images/":              "img-zz0zz0zz",
		"/instances/":           "ins-zz0zz0zz",
		"/account/apikeys/":     "AKID" + strings.Repeat("Z", 32),
		"/admin/accounts/":      "199999999999",
		"/admin/shares/":        "424243",
		"/admin/images/":        "img-zz0zz0zz",
		"/uploads/":             "upl-zz0zz0zz",
		"/images/recycle-bin/":  "img-zz0zz0zz",
		"/admin/organizations/": "org-zz0zz0zz",
	}
)

// withID puts the id of a route's prefix into its :id.
func withID(path string, ids map[string]string) (string, string) {
	for prefix, id := range ids {
		if strings.HasPrefix(path, prefix+":id") {
			return strings.Replace(path, ":id", id, 1), id
		}
	}
	return "", ""
}

// consoleRoutes lists the console's routes with a method, the API's (signed,
// not console routes: POST /, /api, /api/) and the catch-alls of groups aside.
func consoleRoutes(t *testing.T, app *handlertest.App) []struct{ method, path string } {
	t.Helper()
	var out []struct{ method, path string }
	for _, r := range app.Echo.Routes() {
		if strings.Contains(r.Name, "api.(*Handler).Serve") || strings.Contains(r.Path, "*") ||
			r.Method == "echo_route_any" || r.Method == "RouteNotFound" {
			continue
		}
		out = append(out, struct{ method, path string }{r.Method, r.Path})
	}
	if len(out) < 40 {
		t.Fatalf("only %d routes found", len(out))
	}
	return out
}

// The route table, against forged requests: every POST route of the console
// refuses a missing CSRF token, another user's, and one from before the
// user's last sign-in, with 403, whatever the form (Findings 7 and the
// issue's route-table test).
func TestRouteTableRefusesBadCSRFTokens(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	stale := alice.CSRFToken()
	alice.Login(handlertest.Alice, handlertest.DemoPassword)
	foreign := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword).CSRFToken()
	tokens := map[string]string{"missing": "", "foreign": foreign, "stale": stale}
	for _, r := range consoleRoutes(t, app) {
		if r.method != http.MethodPost {
			continue
		}
		path := r.path
		if strings.Contains(path, ":id") {
			path, _ = withID(path, unknownIDs)
		}
		for name, token := range tokens {
			t.Run(name+" "+r.path, func(t *testing.T) {
				form := url.Values{"name": {"forged"}, "lang": {"pt-BR"}, "action": {"disable"}, "accounts": {handlertest.BobAccount}}
				if token != "" {
					form.Set("_csrf", token)
				}
				wantStatus(t, alice.PostRaw(path, form), http.StatusForbidden)
			})
		}
	}
	if !signedIn(t, alice) {
		t.Error("a forged request signed alice out")
	}
}

// The route table, against probing: every route with an :id answers alice,
// for another account's resource, exactly as for one that does not exist
// (same status, same page once the request id is set aside), so ids reveal
// nothing (SPEC 2).
func TestRouteTableForeignIDsLookUnknown(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	now := time.Now().UTC()
	bobInstance := models.Instance{ID: foreignIDs["/instances/"], AccountID: handlertest.BobAccount, RegionID: "ap-guangzhou",
		ZoneID: "ap-guangzhou-1", Name: "bob-web", InstanceType: "S5.MEDIUM2", ImageID: "img-demo0005", ImageName: "warehouse",
		OSName: "Ubuntu", Platform: "Ubuntu", Architecture: "x86_64", DiskGB: 20, State: models.InstanceRunning,
		CreatedAt: now, UpdatedAt: now}
	if err := app.DB.Create(&bobInstance).Error; err != nil {
		t.Fatal(err)
	}
	bobShare := models.Share{ID: 424242, ImageID: "img-demo0005", RecipientAccountID: "100000000003",
		Status: models.ShareActive, CreatedAt: now}
	if err := app.DB.Create(&bobShare).Error; err != nil {
		t.Fatal(err)
	}
	purgeAt := now.Add(time.Hour)
	bobBinned := models.Image{ID: foreignIDs["/images/recycle-bin/"], RegionID: "ap-guangzhou",
		Name: "bob-binned", OSName: "Ubuntu", Platform: "Ubuntu", Architecture: "x86_64", SizeGB: 20, State: models.ImageNormal,
		Source: models.SourceCreateImage, ImageBin: models.ImageBin{BinnedAt: &now, PurgeAt: &purgeAt}, CreatedAt: now, UpdatedAt: now}
	bob := handlertest.BobAccount
	bobBinned.OwnerAccountID = &bob
	if err := app.DB.Create(&bobBinned).Error; err != nil {
		t.Fatal(err)
	}
	bobKey, _, err := models.NewAPIKeyStore(app.DB).Create(t.Context(), models.Actor{UserID: userID(t, app, handlertest.Bob),
		AccountID: handlertest.BobAccount})
	if err != nil {
		t.Fatal(err)
	}
	foreign := map[string]string{}
	for k, v := range foreignIDs {
		foreign[k] = v
	}
	foreign["/account/apikeys/"] = bobKey
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	requestID := regexp.MustCompile(`[0-9a-f]{32}`)
	answer := func(method, path, id string) (int, string) {
		var r *handlertest.Response
		if method == http.MethodPost {
			r = alice.Post(path, url.Values{"accounts": {"100000000003"}, "risk": {"yes"}, "all": {"1"}})
		} else {
			r = alice.Get(path)
		}
		// The page may name the id it was asked for, no more.
		return r.StatusCode, requestID.ReplaceAllString(strings.ReplaceAll(r.Body, id, "ID"), "REQUEST-ID")
	}
	tested := 0
	for _, r := range consoleRoutes(t, app) {
		if !strings.Contains(r.path, ":id") {
			continue
		}
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			theirs, theirID := withID(r.path, foreign)
			nobodys, nobodysID := withID(r.path, unknownIDs)
			if theirs == "" || nobodys == "" {
				t.Fatalf("no ids for %s: add its prefix to the route table test", r.path)
			}
			s1, b1 := answer(r.method, theirs, theirID)
			s2, b2 := answer(r.method, nobodys, nobodysID)
			if s1 != s2 || b1 != b2 {
				t.Errorf("another account's id: %d, an unknown id: %d; the pages differ: %v", s1, s2, b1 != b2)
			}
			if s1 != http.StatusNotFound {
				t.Errorf("status %d, want 404", s1)
			}
		})
		tested++
	}
	if tested < 15 {
		t.Errorf("only %d routes with an :id", tested)
	}
	// The probes changed nothing of bob's.
	var still models.Instance
	if err := app.DB.Where("id = ?", bobInstance.ID).Take(&still).Error; err != nil || still.State != models.InstanceRunning {
		t.Errorf("bob's instance after the probes: %+v, %v", still, err)
	}
}

func userID(t *testing.T, app *handlertest.App, username string) int64 {
	t.Helper()
	var u models.User
	if err := app.DB.Where("username = ?", username).Take(&u).Error; err != nil {
		t.Fatal(err)
	}
	return u.ID
}
