package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Bootstrap is what a first start produced, for the operator to read.
type Bootstrap struct {
	AdminCreated       bool
	AdminPassword      string // set only when AdminCreated
	PasswordWasGiven   bool   // taken from the environment rather than generated
	AdminAccountID     string
	DemoAccountsSeeded bool
}

// Seed makes a database ready to serve: SeedData, then SeedAdmin. Tests and
// tools use it; the server calls the two apart, creating the admin only once
// its listeners are bound (a start that fails must not use up the one-time
// password that it would never print).
func Seed(ctx context.Context, db *DB, adminPassword string) (Bootstrap, error) {
	if err := SeedData(ctx, db); err != nil {
		return Bootstrap{}, err
	}
	return SeedAdmin(ctx, db, adminPassword)
}

// SeedData writes the regions, zones and public catalogue (idempotent).
func SeedData(ctx context.Context, db *DB) error {
	// One transaction, serialised across replicas that start together: a
	// first start writes a few hundred rows, and one commit is also much
	// faster than one per row on SQLite.
	return db.tx(ctx, func(tx *gorm.DB) error {
		if err := seedLock(tx, db); err != nil {
			return err
		}
		if err := seedRegions(tx); err != nil {
			return err
		}
		return seedCatalogue(tx)
	})
}

// SeedAdmin creates a first admin when there is none. A generated admin
// password is one-time: the admin must change it at first sign-in.
func SeedAdmin(ctx context.Context, db *DB, adminPassword string) (Bootstrap, error) {
	out := Bootstrap{PasswordWasGiven: adminPassword != ""}
	// Hash before the transaction (argon2 takes tens of milliseconds), and
	// only when an admin may be missing.
	var admins int64
	if err := db.WithContext(ctx).Model(&User{}).Where("role = ?", RoleAdmin).Count(&admins).Error; err != nil {
		return out, fmt.Errorf("seed: %w", err)
	}
	if admins > 0 {
		return out, nil
	}
	if !out.PasswordWasGiven {
		var err error
		if adminPassword, err = RandomPassword(); err != nil {
			return out, err
		}
	}
	hash, err := hashPassword(adminPassword)
	if err != nil {
		return out, err
	}
	err = db.tx(ctx, func(tx *gorm.DB) error {
		if err := seedLock(tx, db); err != nil {
			return err
		}
		if err := tx.Model(&User{}).Where("role = ?", RoleAdmin).Count(&admins).Error; err != nil || admins > 0 {
			return err
		}
		acct, err := insertAccount(tx, NewAccount{Name: "Platform administration", Username: "admin"}, hash, RoleAdmin,
			!out.PasswordWasGiven)
		if err != nil {
			return fmt.Errorf("seed admin: %w", err)
		}
		out.AdminCreated, out.AdminPassword, out.AdminAccountID = true, adminPassword, acct.ID
		return nil
	})
	if err != nil {
		return Bootstrap{}, err
	}
	return out, nil
}

// seedLock serialises seeding across replicas that start together: an
// advisory lock on PostgreSQL; SQLite's write lock does it there.
func seedLock(tx *gorm.DB, db *DB) error {
	if db.Dialect == Postgres {
		return tx.Exec("SELECT pg_advisory_xact_lock(4243)").Error
	}
	return nil
}

// DemoUser is one of the demo accounts --demo creates.
type DemoUser struct {
	Username, AccountID, AccountName string
}

// DemoUsers are alice, bob and carol with fixed account IDs, so documentation
// and tests can name them.
var DemoUsers = []DemoUser{
	{"alice", "100000000001", "Alice's Studio"},
	{"bob", "100000000002", "Bob Logistics"},
	{"carol", "100000000003", "Carol Analytics"},
}

// demoImage is a custom image the demo gives an account.
type demoImage struct {
	owner, region, name, description, base string
	age                                    time.Duration
}

var demoImages = []demoImage{
	{"100000000001", "ap-guangzhou", "web-frontend-v3", "Nginx + Node 20 web tier", "Ubuntu Server 22.04 LTS 64-bit", 72 * time.Hour},
	{"100000000001", "ap-guangzhou", "postgres-16-base", "PostgreSQL 16 with tuned kernel", "Debian 12.8 64-bit", 48 * time.Hour},
	{"100000000001", "ap-guangzhou", "build-agent", "CI build agent with Go and Node", "TencentOS Server 4 for x86_64", 24 * time.Hour},
	{"100000000001", "ap-shanghai", "web-frontend-v3", "Nginx + Node 20 web tier", "Ubuntu Server 22.04 LTS 64-bit", 20 * time.Hour},
	{"100000000002", "ap-guangzhou", "warehouse-api", "Inventory API server", "Rocky Linux 9.4 64-bit", 36 * time.Hour},
	{"100000000003", "ap-beijing", "analytics-worker", "Spark worker node", "CentOS Stream 9 64-bit", 30 * time.Hour},
}

// SeedDemo adds the demo accounts, their users (all with password), a few
// custom images and one share (alice's web-frontend-v3 with bob), unless they
// exist already.
func SeedDemo(ctx context.Context, db *DB, password string) error {
	accounts := NewAccountStore(db)
	for _, d := range DemoUsers {
		if _, err := accounts.Get(ctx, d.AccountID); err == nil {
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if _, err := accounts.Create(ctx, NewAccount{ID: d.AccountID, Name: d.AccountName, Username: d.Username, Password: password}); err != nil {
			return fmt.Errorf("seed demo %s: %w", d.Username, err)
		}
	}
	if err := db.tx(ctx, seedDemoOrg); err != nil {
		return fmt.Errorf("seed demo organization: %w", err)
	}
	return db.tx(ctx, func(tx *gorm.DB) error {
		seeded, err := exists(tx, &Image{}, "owner_account_id IN ?", []string{"100000000001", "100000000002", "100000000003"})
		if err != nil || seeded {
			return err
		}
		now := time.Now().UTC().Truncate(time.Second)
		ids := make(map[string]string)
		for i, d := range demoImages {
			var base Image
			if err := tx.Where("id = ?", publicImageID(d.region, d.base)).Take(&base).Error; err != nil {
				return fmt.Errorf("seed demo image %s: %w", d.name, err)
			}
			owner := d.owner
			img := Image{
				ID: fmt.Sprintf("img-demo%04d", i+1), RegionID: d.region, OwnerAccountID: &owner, Name: d.name,
				Description: d.description, OSName: base.OSName, Platform: base.Platform, Architecture: base.Architecture,
				SizeGB: base.SizeGB, State: ImageNormal, Source: SourceCreateImage, SourceImageID: base.ID,
				Progress: 100, CreatedAt: now.Add(-d.age), UpdatedAt: now.Add(-d.age),
			}
			if err := tx.Create(&img).Error; err != nil {
				return fmt.Errorf("seed demo image %s: %w", d.name, err)
			}
			ids[d.owner+"/"+d.region+"/"+d.name] = img.ID
		}
		var alice User
		if err := tx.Where("username = ?", "alice").Take(&alice).Error; err != nil {
			return err
		}
		return tx.Create(&Share{
			ImageID: ids["100000000001/ap-guangzhou/web-frontend-v3"], RecipientAccountID: "100000000002",
			Status: ShareActive, CreatedByUserID: &alice.ID, CreatedAt: now.Add(-12 * time.Hour),
		}).Error
	})
}

// Demo organization ids, fixed so documentation and tests can name them.
const (
	DemoOrgID         = "org-demo0001"
	DemoUnitEngineer  = "ou-demo0001"
	DemoUnitPlatform  = "ou-demo0002"
	DemoUnitFinance   = "ou-demo0003"
	demoOrgName       = "Demo Corp"
	demoOrgMemberRoot = "100000000001"
	demoOrgMemberUnit = "100000000002"
)

// seedDemoOrg adds Demo Corp (R25), unless it exists: units Engineering >
// Platform and Finance; alice in the organization without a unit, bob in
// Platform, carol in none. Nothing is shared with it.
func seedDemoOrg(tx *gorm.DB) error {
	seeded, err := exists(tx, &Organization{}, "id = ?", DemoOrgID)
	if err != nil || seeded {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	if err := tx.Create(&Organization{ID: DemoOrgID, Name: demoOrgName, CreatedAt: now}).Error; err != nil {
		return err
	}
	eng := DemoUnitEngineer
	units := []OrgUnit{
		{ID: DemoUnitEngineer, Name: "Engineering"},
		{ID: DemoUnitPlatform, Name: "Platform", ParentID: &eng},
		{ID: DemoUnitFinance, Name: "Finance"},
	}
	for _, u := range units {
		u.OrganizationID, u.CreatedAt = DemoOrgID, now
		if err := tx.Create(&u).Error; err != nil {
			return err
		}
	}
	paths := []orgUnitPath{
		{DemoUnitEngineer, DemoUnitEngineer, 0}, {DemoUnitPlatform, DemoUnitPlatform, 0},
		{DemoUnitPlatform, DemoUnitEngineer, 1}, {DemoUnitFinance, DemoUnitFinance, 0},
	}
	if err := tx.Create(&paths).Error; err != nil {
		return err
	}
	platform := DemoUnitPlatform
	return tx.Create(&[]orgMember{
		{AccountID: demoOrgMemberRoot, OrganizationID: DemoOrgID, JoinedAt: now},
		{AccountID: demoOrgMemberUnit, OrganizationID: DemoOrgID, UnitID: &platform, JoinedAt: now},
	}).Error
}
