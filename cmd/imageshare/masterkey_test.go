package main

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"imageshare/models"
)

// decryptFromBackup tries what anyone holding a copy of the database could:
// decrypt an API key's SecretKey with the master key found in its settings.
func decryptFromBackup(t *testing.T, dbPath, secretID string) (string, bool) {
	t.Helper()
	db, err := models.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var master, enc string
	db.Model(&models.Setting{}).Where("key = ?", "api_master_key").Pluck("value", &master)
	db.Model(&models.APIKey{}).Where("secret_id = ?", secretID).Pluck("secret_enc", &enc)
	raw, err := base64.StdEncoding.DecodeString(master)
	if err != nil || len(raw) != 32 {
		return "", false
	}
	key, _ := hkdf.Key(sha256.New, raw, nil, "imageshare api secret keys v1", 32)
	block, _ := aes.NewCipher(key)
	aead, _ := cipher.NewGCM(block)
	sealed, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(enc, "v1:"))
	if len(sealed) < aead.NonceSize() {
		return "", false
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(secretID))
	return string(plain), err == nil
}

// Finding 9 of the security review: the master key that encrypts the API
// SecretKeys lived in the same database, so any backup decrypted them. Given
// IMAGESHARE_MASTER_KEY (or --master-key-file), the database never holds it;
// `imageshare apikey rotate-master` moves existing keys to it; a server
// started without it refuses to run.
func TestFinding9MasterKeyKeptOutOfBackups(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "keys.db")
	if _, _, err := runCmd(t, nil, "account", "create", "--db", dbPath, "--name", "Dave", "--user", "dave",
		"--password", "dave-password"); err != nil {
		t.Fatal(err)
	}
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	operatorKey := base64.StdEncoding.EncodeToString(raw)
	keyFile := filepath.Join(dir, "master.key")
	if err := os.WriteFile(keyFile, []byte(operatorKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	withKey := env{"IMAGESHARE_DB": dbPath, "IMAGESHARE_MASTER_KEY": operatorKey}.get

	t.Run("Finding 9: a key made with the operator's master key cannot be decrypted from a backup", func(t *testing.T) {
		out, _, err := runCmd(t, withKey, "apikey", "create", "--user", "dave")
		if err != nil {
			t.Fatal(err)
		}
		m := keyLines.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("printed %q", out)
		}
		if plain, ok := decryptFromBackup(t, dbPath, m[1]); ok {
			t.Errorf("the database alone decrypts the SecretKey (%s)", plain)
		}
	})

	t.Run("Finding 9: rotate-master moves keys made with a stored master key out of reach", func(t *testing.T) {
		other := filepath.Join(dir, "stored.db")
		if _, _, err := runCmd(t, nil, "account", "create", "--db", other, "--name", "Erin", "--user", "erin",
			"--password", "erin-password"); err != nil {
			t.Fatal(err)
		}
		out, _, err := runCmd(t, nil, "apikey", "create", "--db", other, "--user", "erin")
		if err != nil {
			t.Fatal(err)
		}
		m := keyLines.FindStringSubmatch(out)
		if _, ok := decryptFromBackup(t, other, m[1]); !ok {
			t.Fatal("a key under the stored master key should decrypt from the database: the test is wrong")
		}
		out, _, err = runCmd(t, nil, "apikey", "rotate-master", "--db", other, "--new-master-key-file", keyFile)
		if err != nil || !strings.Contains(out, "Re-encrypted 1 API keys") {
			t.Fatalf("rotate-master: %q, %v", out, err)
		}
		if plain, ok := decryptFromBackup(t, other, m[1]); ok {
			t.Errorf("after rotate-master the database alone still decrypts the SecretKey (%s)", plain)
		}
		if _, _, err := runCmd(t, nil, "apikey", "create", "--db", other, "--user", "erin", "--master-key-file", keyFile); err != nil {
			t.Errorf("apikey create with the new key file: %v", err)
		}
	})

	t.Run("Finding 9: a server without the operator's master key refuses to start", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := run(ctx, []string{"--addr", "127.0.0.1:0", "--api-addr", "", "--log-format", "text"},
			env{"IMAGESHARE_DB": dbPath}.get, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "IMAGESHARE_MASTER_KEY") {
			t.Errorf("run without the key = %v; want a refusal naming IMAGESHARE_MASTER_KEY", err)
		}
	})

	t.Run("Finding 9: a server with it starts, and warns when it has none", func(t *testing.T) {
		srv := startServer(t, withKey, "--addr", "127.0.0.1:0", "--api-addr", "", "--log-format", "text")
		srv.stop(t)
		if strings.Contains(srv.stderr.String(), "kept in the database") {
			t.Error("warned about a stored master key while using the operator's")
		}
		fresh := startServer(t, env{}.get, "--addr", "127.0.0.1:0", "--api-addr", "", "--log-format", "text",
			"--db", filepath.Join(dir, "fresh.db"))
		fresh.stop(t)
		if !regexp.MustCompile(`level=WARN .*master key .*kept in the database`).MatchString(fresh.stderr.String()) {
			t.Errorf("no warning about the stored master key:\n%s", fresh.stderr.String())
		}
	})
}
