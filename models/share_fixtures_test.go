package models_test

import (
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"imageshare/models"
)

// Fixtures of the sharing tests. Every name starts with "sh" so it cannot
// collide with the helpers of the package's other test files.

// Regions the sharing tests use.
const (
	shGZ = "ap-guangzhou" // where the shared image lives
	shSH = "ap-shanghai"  // another region
	shBJ = "ap-beijing"   // a third one
)

// shAccountSeq numbers the accounts the sharing tests create: "6" and 11
// digits, a form no other fixture of the package uses.
var shAccountSeq atomic.Int64

func shNewAccountID() string { return fmt.Sprintf("6%011d", shAccountSeq.Add(1)) }

// shSeed readies a fresh database with the regions and zones only.
func shSeed(t testing.TB, db *models.DB) {
	t.Helper()
	if err := models.SeedRegions(db); err != nil {
		t.Fatalf("seed regions: %v", err)
	}
}

// shAccount inserts an account row directly and returns its id.
func shAccount(t testing.TB, db *models.DB, name, status string) string {
	t.Helper()
	id := shNewAccountID()
	a := models.Account{ID: id, Name: name, Status: status, CreatedAt: base}
	if err := db.Create(&a).Error; err != nil {
		t.Fatalf("create account %s: %v", name, err)
	}
	return id
}

// shUser inserts an active account with one member user and returns it as
// an actor: shares and pending shares record the user who made them, so the
// owner of a test needs a real user row.
func shUser(t testing.TB, db *models.DB, name string) (models.Actor, models.User) {
	t.Helper()
	id := shAccount(t, db, name, models.AccountActive)
	u := models.User{AccountID: id, Username: "sh-" + id, PasswordHash: "not-a-hash", Role: models.RoleMember,
		Locale: models.LocaleEnglish, CreatedAt: base, UpdatedAt: base}
	if err := db.Create(&u).Error; err != nil {
		t.Fatalf("create user of %s: %v", name, err)
	}
	return models.Actor{UserID: u.ID, AccountID: id}, u
}

// shSetting writes one platform setting, replacing any earlier value.
func shSetting(t testing.TB, db *models.DB, key, value string) {
	t.Helper()
	if err := db.Where("key = ?", key).Delete(&models.Setting{}).Error; err != nil {
		t.Fatalf("clear setting %s: %v", key, err)
	}
	if err := db.Create(&models.Setting{Key: key, Value: value}).Error; err != nil {
		t.Fatalf("set %s = %s: %v", key, value, err)
	}
}

// shCap sets the share cap N (R1) for the next test row: capN, or the
// default when empty.
func shCap(t testing.TB, db *models.DB, capN string) {
	t.Helper()
	if err := db.Where("key = ?", "share_cap").Delete(&models.Setting{}).Error; err != nil {
		t.Fatalf("clear the share cap: %v", err)
	}
	if capN != "" {
		shSetting(t, db, "share_cap", capN)
	}
}

// shWorld is one owner with a NORMAL image in Guangzhou, and named accounts
// to share it with. Table rows refer to accounts by name; w.id turns a name
// into its account id (and passes anything else through unchanged).
type shWorld struct {
	db        *models.DB
	shares    *models.ShareStore
	images    *models.ImageStore
	instances *models.InstanceStore
	quotas    *models.QuotaStore
	owner     models.Actor
	ownerUser models.User
	img       models.Image
	ids       map[string]string
}

// shNewWorld makes the owner ("Owner Co"), its image, the active accounts
// alice, bob and carol, the disabled account "disabled", an id of the right
// form that names no account ("unknown"), a malformed id ("malformed") and
// the owner's own id ("self"). Nothing is shared yet.
func shNewWorld(t testing.TB, db *models.DB) *shWorld {
	t.Helper()
	w := &shWorld{db: db, shares: models.NewShareStore(db), images: models.NewImageStore(db),
		instances: models.NewInstanceStore(db), quotas: models.NewQuotaStore(db)}
	w.owner, w.ownerUser = shUser(t, db, "Owner Co")
	w.img = addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ, Name: "golden",
		Description: "the golden image"})
	w.ids = map[string]string{
		"self":      w.owner.AccountID,
		"alice":     shAccount(t, db, "Alice Ltd", models.AccountActive),
		"bob":       shAccount(t, db, "Bob Inc", models.AccountActive),
		"carol":     shAccount(t, db, "Carol SA", models.AccountActive),
		"disabled":  shAccount(t, db, "Gone Corp", models.AccountDisabled),
		"unknown":   shNewAccountID(),
		"malformed": "12345",
	}
	return w
}

// id returns the account id of a named account, or name itself.
func (w *shWorld) id(name string) string {
	if id, ok := w.ids[name]; ok {
		return id
	}
	return name
}

// idsOf maps names to account ids.
func (w *shWorld) idsOf(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = w.id(n)
	}
	return out
}

// as is the named account acting (with no user: recipients in these tests
// only read, or are refused before anything is written). "owner" is the owner.
func (w *shWorld) as(name string) models.Actor {
	if name == "owner" || name == "" {
		return w.owner
	}
	return models.Actor{AccountID: w.id(name)}
}

// addShare inserts a share of the world's image with a named account directly.
func (w *shWorld) addShare(t testing.TB, name, status string) {
	t.Helper()
	addShare(t, w.db, w.img.ID, w.id(name), status)
}

// share shares the world's image as the owner, with the risk accepted, and
// fails the test on any error.
func (w *shWorld) share(t testing.TB, names ...string) []models.Share {
	t.Helper()
	out, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf(names...), RiskAccepted: true})
	if err != nil {
		t.Fatalf("share %s with %v: %v", w.img.ID, names, err)
	}
	return out
}

// sharedTab returns the ids in the shared tab of a region, as an account sees it.
func (w *shWorld) sharedTab(t testing.TB, actor models.Actor, region string) []models.ImageView {
	t.Helper()
	page, err := w.images.List(t.Context(), actor, models.ImageQuery{Region: region, Tab: models.TabShared, PageSize: models.MaxPageSize})
	if err != nil {
		t.Fatalf("list the shared tab of %s: %v", region, err)
	}
	if int(page.Total) != len(page.Images) {
		t.Fatalf("shared tab of %s: total %d but %d rows", region, page.Total, len(page.Images))
	}
	return page.Images
}

// launch launches one instance from an image in a region, as actor.
func (w *shWorld) launch(t testing.TB, actor models.Actor, region, imageID string) ([]models.Instance, error) {
	t.Helper()
	return w.instances.Launch(t.Context(), actor, models.Launch{Region: region, Zone: region + "-1", ImageID: imageID,
		InstanceType: "S5.MEDIUM2", Name: "from-shared", Count: 1})
}

// shLive counts the pending and active shares of an image.
func shLive(t testing.TB, db *models.DB, imageID string) int64 {
	t.Helper()
	return countRows(t, db, &models.Share{}, "image_id = ? AND status IN ?", imageID,
		[]string{models.SharePending, models.ShareActive})
}

// shStatuses returns the status of each share row of an image with an
// account, oldest first: its history.
func shStatuses(t testing.TB, db *models.DB, imageID, accountID string) []string {
	t.Helper()
	var out []string
	err := db.Model(&models.Share{}).Where("image_id = ? AND recipient_account_id = ?", imageID, accountID).
		Order("id").Pluck("status", &out).Error
	if err != nil {
		t.Fatalf("read shares of %s with %s: %v", imageID, accountID, err)
	}
	return out
}

// shField is one expected field error: the field (an account name of the
// world, or a literal field such as "risk") and its message key.
type shField struct{ field, key string }

// shWantFields fails the test unless e carries exactly these field errors,
// in this order, each with its key and, for account fields, the account id
// as the message's first argument.
func shWantFields(t testing.TB, w *shWorld, e *models.Error, want []shField) {
	t.Helper()
	var got, exp []string
	for _, f := range e.Fields {
		arg := ""
		if len(f.Msg.Args) > 0 && fmt.Sprint(f.Msg.Args[0]) == f.Field {
			arg = f.Field // an account's message names it; other fields' arguments are not compared
		}
		got = append(got, f.Field+" "+f.Msg.Key+" "+arg)
	}
	for _, f := range want {
		id, arg := w.id(f.field), ""
		if _, isAccount := w.ids[f.field]; isAccount {
			arg = id // a message about an account names it
		}
		exp = append(exp, id+" "+f.key+" "+arg)
	}
	if !slices.Equal(got, exp) {
		t.Errorf("fields = %q; want %q", got, exp)
	}
}

// shStep steps a job queue until no job is due; a step error fails the test.
func shStep(t testing.TB, db *models.DB) {
	t.Helper()
	q := models.NewJobQueue(db, 0)
	for n := 0; ; n++ {
		if n > 10_000 {
			t.Fatal("the job queue never emptied")
		}
		did, err := q.Step(t.Context())
		if err != nil {
			t.Fatalf("job step %d: %v", n+1, err)
		}
		if !did {
			return
		}
	}
}

func shViewIDs(views []models.ImageView) []string {
	out := make([]string, len(views))
	for i, v := range views {
		out[i] = v.ID
	}
	return out
}
