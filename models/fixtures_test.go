package models_test

import (
	"fmt"
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
	if err := db.Create(&s).Error; err != nil {
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
