package models_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"imageshare/models"
)

// Fixtures of the admin, audit and notification tests. Every name starts with
// "adm" so it cannot collide with the helpers of the package's other test files.

// admPassword is the password of every user these tests sign in with.
const admPassword = "correct-horse-battery"

// Codes the admin tests expect.
const (
	admNotFoundCode  = "ResourceNotFound"
	admChanged       = "FailedOperation.ShareStatusChanged"
	admMissing       = "MissingParameter"
	admTooLarge      = "InvalidParameterValue.TooLarge"
	admInvalid       = "InvalidParameterValue"
	admAccountNone   = "InvalidAccountId.NotFound"
	admIDInUse       = "InvalidParameterValue.AccountIdInUse"
	admUserInUse     = "InvalidParameterValue.UsernameInUse"
	admAuthFailure   = "AuthFailure"
	admAcctDisabled  = "AuthFailure.AccountDisabled"
	admOverQuota     = "OverQuota"
	admImageNotFound = "InvalidImageId.NotFound"
	admQuotaExceeded = "ImageQuotaLimitExceeded"
)

// admSeq numbers everything these tests name: account ids ("5" and 11
// digits, a form no other fixture of the package uses), usernames, requests.
var admSeq atomic.Int64

func admNewAccountID() string { return fmt.Sprintf("5%011d", admSeq.Add(1)) }

func admUsername(prefix string) string { return fmt.Sprintf("%s-%d", prefix, admSeq.Add(1)) }

// admSeed readies a fresh database with regions and zones only.
func admSeed(t testing.TB, db *models.DB) {
	t.Helper()
	if err := models.SeedRegions(db); err != nil {
		t.Fatalf("seed regions: %v", err)
	}
}

// admMember inserts an active account with one user of the given role and
// returns it as an actor. The password hash is not a real one: these users
// act, they do not sign in (admSignInUser makes users that do).
func admMember(t testing.TB, db *models.DB, name, role string) (models.Actor, models.User) {
	t.Helper()
	id := admNewAccountID()
	if err := db.Create(&models.Account{ID: id, Name: name, Status: models.AccountActive, CreatedAt: base}).Error; err != nil {
		t.Fatalf("create account %s: %v", name, err)
	}
	u := models.User{AccountID: id, Username: admUsername("adm"), PasswordHash: "not-a-hash", Role: role,
		Locale: models.LocaleEnglish, CreatedAt: base, UpdatedAt: base}
	if err := db.Create(&u).Error; err != nil {
		t.Fatalf("create user of %s: %v", name, err)
	}
	return models.Actor{UserID: u.ID, AccountID: id, Admin: role == models.RoleAdmin}, u
}

// admWorld is a platform admin ("root"), an owner with a NORMAL image in
// Guangzhou, and three recipient accounts, each with a member user. Nothing
// is shared; the policy is the default (immediate, cap 50).
type admWorld struct {
	db        *models.DB
	admin     *models.AdminStore
	shares    *models.ShareStore
	images    *models.ImageStore
	instances *models.InstanceStore
	notes     *models.NotificationStore
	audit     *models.AuditStore
	auth      *models.AuthStore
	sessions  *models.SessionStore
	quotas    *models.QuotaStore

	root, owner, alice, bob, carol models.Actor
	rootUser, ownerUser            models.User
	img                            models.Image
}

func admNewWorld(t testing.TB, db *models.DB) *admWorld {
	t.Helper()
	w := &admWorld{db: db, admin: models.NewAdminStore(db), shares: models.NewShareStore(db), images: models.NewImageStore(db),
		instances: models.NewInstanceStore(db), notes: models.NewNotificationStore(db), audit: models.NewAuditStore(db),
		auth:     models.NewAuthStore(db, models.LoginLimit{Window: time.Hour, PerUsername: 1000, PerIP: 1000}),
		sessions: models.NewSessionStore(db, models.SessionPolicy{Idle: time.Hour, Absolute: 24 * time.Hour}),
		quotas:   models.NewQuotaStore(db)}
	w.root, w.rootUser = admMember(t, db, "Platform Ops", models.RoleAdmin)
	w.owner, w.ownerUser = admMember(t, db, "Owner Co", models.RoleMember)
	w.alice, _ = admMember(t, db, "Alice Ltd", models.RoleMember)
	w.bob, _ = admMember(t, db, "Bob Inc", models.RoleMember)
	w.carol, _ = admMember(t, db, "Carol SA", models.RoleMember)
	w.img = w.addImage(t, w.owner, shGZ, "golden")
	// Settings are platform-wide: start every world from the defaults,
	// whatever a row before it set.
	shSetting(t, db, "share_policy", models.PolicyImmediate)
	shSetting(t, db, "share_cap", fmt.Sprint(models.DefaultShareCap))
	return w
}

// addImage adds a NORMAL x86_64 image of an account in a region.
func (w *admWorld) addImage(t testing.TB, owner models.Actor, region, name string) models.Image {
	t.Helper()
	return addImage(t, w.db, models.Image{OwnerAccountID: owned(owner.AccountID), RegionID: region, Name: name})
}

// policy sets the sharing policy and cap through the store, as an admin would.
func (w *admWorld) policy(t testing.TB, policy string, capN int) {
	t.Helper()
	if err := w.admin.SetSettings(t.Context(), w.root, models.Settings{SharePolicy: policy, ShareCap: capN}); err != nil {
		t.Fatalf("SetSettings(%s, %d): %v", policy, capN, err)
	}
}

// share shares an image of the owner with accounts through the store and
// returns the new share rows.
func (w *admWorld) share(t testing.TB, img models.Image, to ...models.Actor) []models.Share {
	t.Helper()
	ids := make([]string, len(to))
	for i, a := range to {
		ids[i] = a.AccountID
	}
	out, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: img.ID, AccountIDs: ids, RiskAccepted: true})
	if err != nil {
		t.Fatalf("share %s with %v: %v", img.ID, ids, err)
	}
	return out
}

// sees reports whether an account sees an image: in its shared tab of the
// image's region, and by id. The two must agree.
func (w *admWorld) sees(t testing.TB, who models.Actor, img models.Image) bool {
	t.Helper()
	page, err := w.images.List(t.Context(), who, models.ImageQuery{Region: img.RegionID, Tab: models.TabShared, PageSize: models.MaxPageSize})
	if err != nil {
		t.Fatalf("list the shared tab: %v", err)
	}
	inTab := slices.Contains(imageIDs(page.Images), img.ID)
	_, err = w.images.Get(t.Context(), who, img.ID)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("Get %s: %v", img.ID, err)
	}
	if byID := err == nil; byID != inTab {
		t.Fatalf("%s: in the shared tab %v but found by id %v", img.ID, inTab, byID)
	}
	return inTab
}

// admShare inserts a share row directly, created at a given time.
func admShare(t testing.TB, db *models.DB, img models.Image, recipient models.Actor, status string, at time.Time) models.Share {
	t.Helper()
	s := models.Share{ImageID: img.ID, RecipientAccountID: recipient.AccountID, Status: status, CreatedAt: at}
	if err := db.Create(&s).Error; err != nil {
		t.Fatalf("create share of %s with %s: %v", img.ID, recipient.AccountID, err)
	}
	return s
}

// admReadShare reads a share row as stored.
func admReadShare(t testing.TB, db *models.DB, id int64) models.Share {
	t.Helper()
	var s models.Share
	if err := db.Where("id = ?", id).Take(&s).Error; err != nil {
		t.Fatalf("read share %d: %v", id, err)
	}
	return s
}

// admShareIDs returns the ids of share rows.
func admShareIDs(shares []models.Share) []int64 {
	out := make([]int64, len(shares))
	for i, s := range shares {
		out[i] = s.ID
	}
	return out
}

// admMeta is the request every audited call of these tests comes from.
var admMeta = models.RequestMeta{IP: "203.0.113.7", RequestID: "req-adm-1", Username: "meta-user"}

// admCtx returns the test's context carrying admMeta.
func admCtx(t testing.TB) context.Context {
	t.Helper()
	return models.WithRequestMeta(t.Context(), admMeta)
}

// admAnonCtx is admCtx for a request with no signed-in user (sign-in): the
// web layer gives it no username.
func admAnonCtx(t testing.TB) context.Context {
	t.Helper()
	return models.WithRequestMeta(t.Context(), models.RequestMeta{IP: admMeta.IP, RequestID: admMeta.RequestID})
}

// admMark returns the id of the newest audit event: admSince reads what came after.
func admMark(t testing.TB, db *models.DB) int64 {
	t.Helper()
	var ids []int64
	if err := db.Model(&models.AuditEvent{}).Order("id DESC").Limit(1).Pluck("id", &ids).Error; err != nil {
		t.Fatalf("read the audit log: %v", err)
	}
	if len(ids) == 0 {
		return 0
	}
	return ids[0]
}

// admSince returns the audit events written after mark, oldest first.
func admSince(t testing.TB, db *models.DB, mark int64) []models.AuditEvent {
	t.Helper()
	var out []models.AuditEvent
	if err := db.Where("id > ?", mark).Order("id").Find(&out).Error; err != nil {
		t.Fatalf("read the audit log: %v", err)
	}
	return out
}

// admEvent is what a test expects of one audit event.
type admEvent struct {
	action, account string
	userID          int64 // 0: none
	resource        string
	outcome         string
	username        string // "": admMeta's
}

// admOneEvent fails the test unless exactly one event was written since mark,
// matching want and carrying admMeta's address and request id, at a time
// between from and now.
func admOneEvent(t testing.TB, db *models.DB, mark int64, from time.Time, want admEvent) models.AuditEvent {
	t.Helper()
	evs := admSince(t, db, mark)
	if len(evs) != 1 {
		t.Fatalf("%d audit events written; want exactly one %+v: %s", len(evs), want, admDescribe(evs))
	}
	ev := evs[0]
	if want.username == "" {
		want.username = admMeta.Username
	}
	userID := int64(0)
	if ev.UserID != nil {
		userID = *ev.UserID
	}
	got := admEvent{action: ev.Action, account: ev.AccountID, userID: userID, resource: ev.Resource, outcome: ev.Outcome, username: ev.Username}
	if got != want {
		t.Errorf("audit event = %+v; want %+v", got, want)
	}
	if ev.IP != admMeta.IP || ev.RequestID != admMeta.RequestID {
		t.Errorf("audit event from %q, request %q; want %q, %q", ev.IP, ev.RequestID, admMeta.IP, admMeta.RequestID)
	}
	// PostgreSQL keeps microseconds: allow the rounding.
	if at := ev.At; at.Before(from.Add(-time.Millisecond)) || at.After(time.Now().Add(time.Millisecond)) {
		t.Errorf("audit event at %v; want between %v and now", at, from)
	}
	return ev
}

// admNoEvent fails the test when any audit event was written since mark.
func admNoEvent(t testing.TB, db *models.DB, mark int64) {
	t.Helper()
	if evs := admSince(t, db, mark); len(evs) != 0 {
		t.Errorf("%d audit events written; want none: %s", len(evs), admDescribe(evs))
	}
}

func admDescribe(evs []models.AuditEvent) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "[%s %s %s %s] ", e.Action, e.AccountID, e.Resource, e.Outcome)
	}
	return b.String()
}

// admState describes every row a store call of these tests may write, but
// the audit log (the tests count its events on their own): images, shares,
// instances, jobs, pending shares and settings (snapshot), then accounts,
// users, sessions, quota overrides and notifications.
func admState(t testing.TB, db *models.DB) string {
	t.Helper()
	var (
		accounts []models.Account
		users    []models.User
		sessions []models.Session
		quotas   []models.AccountQuota
		notes    []models.Notification
	)
	for _, q := range []struct {
		dest  any
		order string
	}{{&accounts, "id"}, {&users, "id"}, {&sessions, "id"}, {&quotas, "account_id, region_id"}, {&notes, "id"}} {
		if err := db.Order(q.order).Find(q.dest).Error; err != nil {
			t.Fatalf("state: %v", err)
		}
	}
	var b strings.Builder
	b.WriteString(snapshot(t, db))
	for _, a := range accounts {
		fmt.Fprintf(&b, "account %s %q %s\n", a.ID, a.Name, a.Status)
	}
	for _, u := range users {
		fmt.Fprintf(&b, "user %d %s %s %s %s %v\n", u.ID, u.AccountID, u.Username, u.Role, u.PasswordHash, u.MustChangePassword)
	}
	for _, s := range sessions {
		fmt.Fprintf(&b, "session %s %d\n", s.ID, s.UserID)
	}
	for _, q := range quotas {
		fmt.Fprintf(&b, "quota %s %s %d\n", q.AccountID, q.RegionID, q.ImageQuota)
	}
	for _, n := range notes {
		fmt.Fprintf(&b, "note %d %s %s %s %s %q %v\n", n.ID, n.AccountID, n.Kind, n.ImageID, n.OtherAccountID, n.Reason, n.ReadAt != nil)
	}
	return b.String()
}

// admUnchanged fails the test when the database differs from an earlier admState.
func admUnchanged(t testing.TB, db *models.DB, before string) {
	t.Helper()
	if after := admState(t, db); after != before {
		t.Errorf("a refused or failed call changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// admNotes returns an account's notifications, oldest first, each as
// "kind image other-account reason".
func admNotes(t testing.TB, db *models.DB, who models.Actor) []string {
	t.Helper()
	var notes []models.Notification
	if err := db.Where("account_id = ?", who.AccountID).Order("id").Find(&notes).Error; err != nil {
		t.Fatalf("read notifications: %v", err)
	}
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = admNote(n.Kind, n.ImageID, n.OtherAccountID, n.Reason)
	}
	return out
}

func admNote(kind, imageID, other, reason string) string {
	return strings.TrimSpace(fmt.Sprintf("%s %s %s %s", kind, imageID, other, reason))
}

// admFailOn makes the database refuse one kind of write to a table (op is
// INSERT, UPDATE or DELETE), optionally only for rows matching when (an SQL
// condition on NEW), until the returned function undoes it. This is a failure
// at the database level inside a change, after the store's own checks passed.
func admFailOn(t testing.TB, db *models.DB, table, op, when string) func() {
	t.Helper()
	name := fmt.Sprintf("adm_fail_%s_%s", table, strings.ToLower(op))
	var stmts []string
	drop := "DROP TRIGGER " + name
	if db.Dialect == models.Postgres {
		cond := ""
		if when != "" {
			cond = "WHEN (" + when + ") "
		}
		stmts = []string{
			`CREATE OR REPLACE FUNCTION adm_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'adm: forced failure'; END $$`,
			fmt.Sprintf("CREATE TRIGGER %s BEFORE %s ON %s FOR EACH ROW %sEXECUTE FUNCTION adm_fail()", name, op, table, cond),
		}
		drop += " ON " + table
	} else {
		cond := ""
		if when != "" {
			cond = "WHEN " + when + " "
		}
		stmts = []string{fmt.Sprintf("CREATE TRIGGER %s BEFORE %s ON %s FOR EACH ROW %sBEGIN SELECT RAISE(ABORT, 'adm: forced failure'); END",
			name, op, table, cond)}
	}
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatalf("install failure on %s %s: %v", op, table, err)
		}
	}
	return func() {
		t.Helper()
		if err := db.Exec(drop).Error; err != nil {
			t.Fatalf("remove failure on %s %s: %v", op, table, err)
		}
	}
}

// admSignInUser creates an account with a user who can sign in with
// admPassword, through the admin store, and returns the user.
func admSignInUser(t testing.TB, w *admWorld, admin bool) models.User {
	t.Helper()
	username := admUsername("signer")
	_, err := w.admin.CreateAccount(t.Context(), w.root, models.NewAccount{Name: "Account of " + username,
		Username: username, Password: admPassword, Admin: admin})
	if err != nil {
		t.Fatalf("create account of %s: %v", username, err)
	}
	return admUser(t, w.db, username)
}

// admUser reads a user by username.
func admUser(t testing.TB, db *models.DB, username string) models.User {
	t.Helper()
	var u models.User
	if err := db.Where("username = ?", username).Take(&u).Error; err != nil {
		t.Fatalf("read user %s: %v", username, err)
	}
	return u
}

// admActor is the actor of a user.
func admActor(u models.User) models.Actor {
	return models.Actor{UserID: u.ID, AccountID: u.AccountID, Admin: u.Role == models.RoleAdmin}
}

// admSessions counts the sessions of a user.
func admSessions(t testing.TB, db *models.DB, userID int64) int64 {
	t.Helper()
	return countRows(t, db, &models.Session{}, "user_id = ?", userID)
}

// admRace runs call while another transaction, open on its own connection,
// has run stmt and not committed: call must block on that transaction's row
// locks (on PostgreSQL, the only dialect where two writers interleave), then
// the other transaction commits and call finishes. It returns call's error.
// No sleeps: it polls PostgreSQL for a backend blocked by the other one.
func admRace(t *testing.T, db *models.DB, stmt string, args []any, call func() error) error {
	t.Helper()
	if db.Dialect != models.Postgres {
		t.Skip("SQLite's BEGIN IMMEDIATE serialises writers: no interleaving to test")
	}
	other := db.Begin()
	if other.Error != nil {
		t.Fatalf("begin: %v", other.Error)
	}
	defer other.Rollback()
	var pid int64
	if err := other.Raw("SELECT pg_backend_pid()").Scan(&pid).Error; err != nil {
		t.Fatalf("backend pid: %v", err)
	}
	if err := other.Exec(stmt, args...).Error; err != nil {
		t.Fatalf("the other transaction: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- call() }()
	blocked := false
	for deadline := time.Now().Add(10 * time.Second); !blocked && time.Now().Before(deadline); {
		select {
		case err := <-done:
			// It did not wait for the other transaction at all.
			other.Rollback()
			t.Fatalf("the call finished before the other transaction committed: %v", err)
		default:
		}
		var n int64
		if err := db.Raw("SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))", pid).Scan(&n).Error; err != nil {
			t.Fatalf("poll locks: %v", err)
		}
		blocked = n > 0
	}
	if !blocked {
		t.Fatal("the call never blocked on the other transaction")
	}
	if err := other.Commit().Error; err != nil {
		t.Fatalf("commit the other transaction: %v", err)
	}
	return <-done
}

// admRenameAway moves a table out of the way, so every statement naming it
// fails, until the returned function puts it back. Both dialects keep the
// foreign keys of other tables pointing at it.
func admRenameAway(t testing.TB, db *models.DB, table string) func() {
	t.Helper()
	if err := db.Exec("ALTER TABLE " + table + " RENAME TO adm_gone_" + table).Error; err != nil {
		t.Fatalf("rename %s: %v", table, err)
	}
	return func() {
		t.Helper()
		if err := db.Exec("ALTER TABLE adm_gone_" + table + " RENAME TO " + table).Error; err != nil {
			t.Fatalf("rename %s back: %v", table, err)
		}
	}
}
