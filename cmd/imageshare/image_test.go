package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/storage/diskimage"
)

// The operators' import verifies the file and stores it: the printed
// checksum is the file's, and the format is read from its headers.
func TestImageImportCommand(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "i.db")
	db, err := models.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.Seed(t.Context(), db, "admin-password"); err != nil {
		t.Fatal(err)
	}
	if err := db.Create(&models.Account{ID: "100000000042", Name: "ops", Status: models.AccountActive}).Error; err != nil {
		t.Fatal(err)
	}
	db.Close()
	var disk bytes.Buffer
	if _, err := diskimage.WriteQCOW2(&disk, 4<<30, []byte("cli")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "golden.qcow2")
	if err := os.WriteFile(file, disk.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(disk.Bytes())
	var out, errOut bytes.Buffer
	err = run(t.Context(), []string{"image", "import", "--db", dbPath, "--storage", "file://" + filepath.Join(dir, "images"),
		"--file", file, "--account", "100000000042", "--region", "ap-shanghai"}, env{}.get, &out, &errOut)
	if err != nil {
		t.Fatalf("image import: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "is NORMAL: qcow2") || !strings.Contains(out.String(), hex.EncodeToString(sum[:])) {
		t.Errorf("printed %q; want NORMAL, qcow2 and the file's sha256", out.String())
	}
	err = run(t.Context(), []string{"image", "import", "--db", dbPath, "--storage", "file://" + filepath.Join(dir, "images"),
		"--file", filepath.Join(dir, "i.db"), "--account", "100000000042", "--name", "not-a-disk"}, env{}.get, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "import.failed_format") {
		t.Errorf("importing a database file: %v; want a format refusal", err)
	}
}
