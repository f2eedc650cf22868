package models_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imageshare/models"
)

// base is the instant test clocks and fixtures start at: whole seconds, so
// both dialects store it exactly.
var base = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// clock is a time source tests move by hand instead of sleeping.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: base} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// addAccount inserts an account row directly (no user, no password hashing).
func addAccount(t testing.TB, db *models.DB, id, name, status string) models.Account {
	t.Helper()
	a := models.Account{ID: id, Name: name, Status: status, CreatedAt: base}
	if err := db.Create(&a).Error; err != nil {
		t.Fatalf("create account %s: %v", id, err)
	}
	return a
}

var imageSeq atomic.Int64

// addImage inserts an image directly, filling the fields a test does not
// care about. Leave OwnerAccountID nil for a public image.
func addImage(t testing.TB, db *models.DB, img models.Image) models.Image {
	t.Helper()
	if img.ID == "" {
		img.ID = fmt.Sprintf("img-t%07d", imageSeq.Add(1))
	}
	if img.RegionID == "" {
		img.RegionID = models.DefaultRegion
	}
	if img.Name == "" {
		img.Name = img.ID
	}
	if img.Platform == "" {
		img.Platform, img.OSName = "Ubuntu", "Ubuntu Server 22.04 LTS 64-bit"
	}
	if img.OSName == "" {
		img.OSName = img.Platform
	}
	if img.Architecture == "" {
		img.Architecture = "x86_64"
	}
	if img.SizeGB == 0 {
		img.SizeGB = 20
	}
	if img.State == "" {
		img.State, img.Progress = models.ImageNormal, 100
	}
	if img.Source == "" {
		img.Source = models.SourceCreateImage
	}
	if img.CreatedAt.IsZero() {
		img.CreatedAt = base
	}
	img.UpdatedAt = img.CreatedAt
	if err := db.Create(&img).Error; err != nil {
		t.Fatalf("create image %s: %v", img.Name, err)
	}
	return img
}

// addShare inserts a share row directly, in any status.
func addShare(t testing.TB, db *models.DB, imageID, recipient, status string) models.Share {
	t.Helper()
	s := models.Share{ImageID: imageID, RecipientAccountID: recipient, Status: status, CreatedAt: base}
	// Omit the group target (R25), a column databases migrated only part
	// way lack.
	if err := db.Omit("TargetID").Create(&s).Error; err != nil {
		t.Fatalf("create share of %s with %s: %v", imageID, recipient, err)
	}
	return s
}

func owned(accountID string) *string { return &accountID }

// newUser creates an account and its user through the store, so the password
// hash is real.
func newUser(t testing.TB, db *models.DB, username, password string, admin bool) models.User {
	t.Helper()
	_, err := models.NewAccountStore(db).Create(t.Context(), models.NewAccount{
		Name: "Account of " + username, Username: username, Password: password, Admin: admin,
	})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	var u models.User
	if err := db.Where("username = ?", username).Take(&u).Error; err != nil {
		t.Fatalf("read user %s: %v", username, err)
	}
	return u
}

func setAccountStatus(t testing.TB, db *models.DB, accountID, status string) {
	t.Helper()
	if err := db.Model(&models.Account{}).Where("id = ?", accountID).Update("status", status).Error; err != nil {
		t.Fatalf("set account %s %s: %v", accountID, status, err)
	}
}

// domainError fails the test unless err carries a *models.Error.
func domainError(t testing.TB, err error) *models.Error {
	t.Helper()
	e, ok := models.AsError(err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *models.Error", err, err)
	}
	return e
}

func countRows(t testing.TB, db *models.DB, model any, where string, args ...any) int64 {
	t.Helper()
	q := db.Model(model)
	if where != "" {
		q = q.Where(where, args...)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		t.Fatalf("count %T: %v", model, err)
	}
	return n
}

func imageIDs(views []models.ImageView) []string {
	ids := make([]string, len(views))
	for i, v := range views {
		ids[i] = v.ID
	}
	return ids
}

// Fixtures of the image, instance and job tests.

var actorSeq atomic.Int64

// addActor creates an active account with a fresh id and returns it as the
// acting principal, so table rows sharing one database never see each
// other's accounts.
func addActor(t testing.TB, db *models.DB, name string) models.Actor {
	t.Helper()
	id := fmt.Sprintf("7%011d", actorSeq.Add(1))
	addAccount(t, db, id, name, models.AccountActive)
	return models.Actor{AccountID: id}
}

// regionsOnly readies a fresh database with regions and zones but no public
// catalogue: the tests see only the images they add.
func regionsOnly(t testing.TB, db *models.DB) {
	t.Helper()
	if err := models.SeedRegions(db); err != nil {
		t.Fatalf("seed regions: %v", err)
	}
}

var instanceSeq atomic.Int64

// addInstance inserts an instance directly: RUNNING, x86_64, in the default
// region, unless the test says otherwise.
func addInstance(t testing.TB, db *models.DB, ins models.Instance) models.Instance {
	t.Helper()
	if ins.ID == "" {
		ins.ID = fmt.Sprintf("ins-t%07d", instanceSeq.Add(1))
	}
	if ins.RegionID == "" {
		ins.RegionID = models.DefaultRegion
	}
	if ins.ZoneID == "" {
		ins.ZoneID = ins.RegionID + "-1"
	}
	if ins.Name == "" {
		ins.Name = ins.ID
	}
	if ins.InstanceType == "" {
		ins.InstanceType = "S5.MEDIUM2"
	}
	if ins.ImageID == "" {
		ins.ImageID = "img-00000000"
	}
	if ins.ImageName == "" {
		ins.ImageName = "origin"
	}
	if ins.Platform == "" {
		ins.Platform, ins.OSName = "Ubuntu", "Ubuntu Server 22.04 LTS 64-bit"
	}
	if ins.Architecture == "" {
		ins.Architecture = "x86_64"
	}
	if ins.DiskGB == 0 {
		ins.DiskGB = 40
	}
	if ins.State == "" {
		ins.State = models.InstanceRunning
	}
	if ins.CreatedAt.IsZero() {
		ins.CreatedAt = base
	}
	ins.UpdatedAt = ins.CreatedAt
	if err := db.Create(&ins).Error; err != nil {
		t.Fatalf("create instance %s: %v", ins.ID, err)
	}
	return ins
}

// wantError fails the test unless err is a domain error with this code that
// unwraps to kind, and returns it for closer checks.
func wantError(t testing.TB, err error, code string, kind error) *models.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s (%v)", code, kind)
	}
	e := domainError(t, err)
	if e.Code != code || !errors.Is(err, kind) {
		t.Fatalf("error = %v (kind %v); want %s (%v)", err, e.Kind, code, kind)
	}
	return e
}

// readImage reads an image row as stored, whoever owns it.
func readImage(t testing.TB, db *models.DB, id string) models.Image {
	t.Helper()
	var img models.Image
	if err := db.Where("id = ?", id).Take(&img).Error; err != nil {
		t.Fatalf("read image %s: %v", id, err)
	}
	return img
}

// readInstance reads an instance row as stored, whatever its state.
func readInstance(t testing.TB, db *models.DB, id string) models.Instance {
	t.Helper()
	var ins models.Instance
	if err := db.Where("id = ?", id).Take(&ins).Error; err != nil {
		t.Fatalf("read instance %s: %v", id, err)
	}
	return ins
}

// jobsOf returns the jobs stored for an image or an instance, oldest first.
func jobsOf(t testing.TB, db *models.DB, column, id string) []models.Job {
	t.Helper()
	var jobs []models.Job
	if err := db.Where(column+" = ?", id).Order("id").Find(&jobs).Error; err != nil {
		t.Fatalf("read jobs of %s: %v", id, err)
	}
	return jobs
}

// snapshot describes every row a domain call may write but the audit log
// (images, shares, instances, jobs, pending shares, settings), so a test can
// assert that a refused call changed nothing at all.
func snapshot(t testing.TB, db *models.DB) string {
	t.Helper()
	var (
		images    []models.Image
		shares    []models.Share
		instances []models.Instance
		jobs      []models.Job
		pending   []models.PendingShare
		settings  []models.Setting
		b         strings.Builder
	)
	for _, q := range []struct {
		dest  any
		order string
	}{{&images, "id"}, {&shares, "id"}, {&instances, "id"}, {&jobs, "id"}, {&pending, "image_id"}, {&settings, "key"}} {
		if err := db.Order(q.order).Find(q.dest).Error; err != nil {
			t.Fatalf("snapshot: %v", err)
		}
	}
	for _, i := range images {
		owner := "-"
		if i.OwnerAccountID != nil {
			owner = *i.OwnerAccountID
		}
		fmt.Fprintf(&b, "image %s %s %s %q %q %s %d %s\n", i.ID, owner, i.RegionID, i.Name, i.Description, i.State,
			i.Progress, i.UpdatedAt.UTC().Format(time.RFC3339Nano))
	}
	for _, s := range shares {
		fmt.Fprintf(&b, "share %d %s %s %s %v %v %q\n", s.ID, s.ImageID, s.RecipientAccountID, s.Status,
			s.DecidedByUserID != nil, s.DecidedAt != nil, s.Reason)
	}
	for _, i := range instances {
		fmt.Fprintf(&b, "instance %s %s %s %s %s\n", i.ID, i.AccountID, i.State, i.ImageID, i.OSName)
	}
	for _, j := range jobs {
		fmt.Fprintf(&b, "job %d %s %s %s %s %d\n", j.ID, j.Kind, j.ImageID, j.InstanceID, j.State, j.Steps)
	}
	for _, p := range pending {
		fmt.Fprintf(&b, "pending %s %q %s %q\n", p.ImageID, p.AccountIDs, p.State, p.Error)
	}
	for _, s := range settings {
		fmt.Fprintf(&b, "setting %s=%s\n", s.Key, s.Value)
	}
	return b.String()
}

// unchanged fails the test when the database differs from an earlier snapshot.
func unchanged(t testing.TB, db *models.DB, before string) {
	t.Helper()
	if after := snapshot(t, db); after != before {
		t.Errorf("a refused call changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// drain steps q until no job is due and returns how many steps it applied.
// A step error fails the test, and so does a queue that never empties.
func drain(t testing.TB, q *models.JobQueue) int {
	t.Helper()
	for n := 0; n < 10_000; n++ {
		did, err := q.Step(t.Context())
		if err != nil {
			t.Fatalf("job step %d: %v", n+1, err)
		}
		if !did {
			return n
		}
	}
	t.Fatal("the job queue never emptied")
	return 0
}

// launch starts n instances of an x86_64 type from an image, in zone 1 of region.
func launch(t *testing.T, s *models.InstanceStore, actor models.Actor, region, imageID string, n int) []models.Instance {
	t.Helper()
	out, err := s.Launch(t.Context(), actor, models.Launch{Region: region, Zone: region + "-1", ImageID: imageID,
		InstanceType: "S5.MEDIUM2", Name: "web", Count: n})
	if err != nil {
		t.Fatalf("Launch from %s: %v", imageID, err)
	}
	return out
}
