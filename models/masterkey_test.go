package models_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// masterSetting reads the settings row of the master key.
func masterSetting(t *testing.T, db *models.DB) string {
	t.Helper()
	var v string
	if err := db.Model(&models.Setting{}).Where("key = ?", "api_master_key").Pluck("value", &v).Error; err != nil {
		t.Fatal(err)
	}
	return v
}

// resolves reports whether a fresh store (a restart, another replica) on db
// with its current master key reads back secret for id.
func resolves(t *testing.T, db *models.DB, id, secret string) bool {
	t.Helper()
	_, got, err := models.NewAPIKeyStore(db).Resolve(t.Context(), id)
	return err == nil && got == secret
}

// Finding 9 of the security review: the master key that encrypts the API
// SecretKeys lived in the same database, so any backup decrypted them. An
// operator's key is kept out of the database: only its fingerprint is
// stored, a process without it (or with another) refuses clearly, and
// RotateMaster moves existing keys from one master key to another.
func TestFinding9MasterKeyOutsideTheDatabase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := t.Context()
		alice, _ := userActor(t, db, "alice")
		operator, other := models.NewMasterKey(), models.NewMasterKey()

		// A database made with the default (stored) key, holding one API key.
		db.UseMasterKey(nil)
		id, secret, err := models.NewAPIKeyStore(db).Create(ctx, alice)
		if err != nil {
			t.Fatal(err)
		}
		stored := masterSetting(t, db)

		t.Run("Finding 9: an operator's key is refused while keys are encrypted with the stored one", func(t *testing.T) {
			db.UseMasterKey(operator)
			err := db.CheckMasterKey(ctx)
			if err == nil || !strings.Contains(err.Error(), "rotate-master") {
				t.Errorf("CheckMasterKey = %v; want a pointer to imageshare apikey rotate-master", err)
			}
			if masterSetting(t, db) != stored {
				t.Error("the refusal changed the stored key")
			}
		})

		t.Run("Finding 9: rotate-master moves the keys to the operator's key and out of the database", func(t *testing.T) {
			db.UseMasterKey(nil)
			n, err := models.NewAPIKeyStore(db).RotateMaster(ctx, operator)
			if err != nil || n != 1 {
				t.Fatalf("RotateMaster = %d, %v; want 1 key re-encrypted", n, err)
			}
			v := masterSetting(t, db)
			if !strings.HasPrefix(v, "external:") || strings.Contains(v, base64.StdEncoding.EncodeToString(operator)) {
				t.Errorf("settings hold %q; want only the operator's key's fingerprint", v)
			}
			db.UseMasterKey(operator)
			if !resolves(t, db, id, secret) {
				t.Error("the key does not decrypt with the operator's master key")
			}
		})

		t.Run("Finding 9: without the operator's key nothing decrypts, and nothing is made", func(t *testing.T) {
			db.UseMasterKey(nil)
			if err := db.CheckMasterKey(ctx); err == nil || !strings.Contains(err.Error(), "IMAGESHARE_MASTER_KEY") {
				t.Errorf("CheckMasterKey without the key = %v; want it asked for", err)
			}
			if resolves(t, db, id, secret) {
				t.Error("resolved without the master key")
			}
			if _, _, err := models.NewAPIKeyStore(db).Create(ctx, alice); err == nil {
				t.Error("made a key without the master key")
			}
		})

		t.Run("Finding 9: another key is refused by its fingerprint", func(t *testing.T) {
			db.UseMasterKey(other)
			if err := db.CheckMasterKey(ctx); err == nil || !strings.Contains(err.Error(), "fingerprint") {
				t.Errorf("CheckMasterKey with another key = %v; want a fingerprint mismatch", err)
			}
		})

		t.Run("Finding 9: rotate-master to a fresh stored key", func(t *testing.T) {
			db.UseMasterKey(operator)
			if n, err := models.NewAPIKeyStore(db).RotateMaster(ctx, nil); err != nil || n != 1 {
				t.Fatalf("RotateMaster = %d, %v", n, err)
			}
			db.UseMasterKey(nil)
			if v := masterSetting(t, db); v == stored || strings.HasPrefix(v, "external:") || !resolves(t, db, id, secret) {
				t.Errorf("settings %q: want a new stored key that decrypts the API key", v)
			}
		})
	})
}

// Finding 9: a database with no API key yet takes the operator's key as it
// is given, even if it had made a stored one (flash signing uses it too).
func TestFinding9FreshDatabaseAdoptsTheOperatorsKey(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := t.Context()
		if _, err := db.DeriveKey(ctx, "flash"); err != nil {
			t.Fatal(err)
		}
		operator := models.NewMasterKey()
		db.UseMasterKey(operator)
		if err := db.CheckMasterKey(ctx); err != nil {
			t.Fatalf("CheckMasterKey: %v", err)
		}
		if v := masterSetting(t, db); !strings.HasPrefix(v, "external:") {
			t.Errorf("settings hold %q; want the operator's key's fingerprint only", v)
		}
		alice, _ := userActor(t, db, "alice")
		id, secret, err := models.NewAPIKeyStore(db).Create(ctx, alice)
		if err != nil || !resolves(t, db, id, secret) {
			t.Fatalf("create and resolve under the operator's key: %v", err)
		}
	})
}

func TestParseMasterKey(t *testing.T) {
	good := base64.StdEncoding.EncodeToString(make([]byte, 32))
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{good, true},
		{good + "\n", true},
		{base64.StdEncoding.EncodeToString(make([]byte, 16)), false},
		{"not base64!", false},
		{"", false},
	} {
		if _, err := models.ParseMasterKey(tt.in); (err == nil) != tt.ok {
			t.Errorf("ParseMasterKey(%q) = %v; want ok %v", tt.in, err, tt.ok)
		}
	}
}
