package models

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The master key encrypts the secrets the database must keep readable (API
// SecretKeys, see APIKeyStore) and derives the keys that sign what the
// console hands browsers (DeriveKey). By default it is made on first use and
// kept in the settings table, so every replica finds it without
// configuration; but then any copy of the database (a backup) holds it next
// to what it protects. An operator can keep it outside instead
// (IMAGESHARE_MASTER_KEY or --master-key-file, given to every replica and
// command): the settings row then holds only its fingerprint, so a process
// without it, or with another one, stops with a clear message instead of
// encrypting with a key the others do not have.
const (
	// settingMasterKey holds the key in base64, or externalMarker and the
	// fingerprint of an operator's key.
	settingMasterKey = "api_master_key"
	externalMarker   = "external:"
	// MasterKeySize is the master key's length in bytes.
	MasterKeySize = 32
)

// masterKey is a database handle's view of the master key.
type masterKey struct {
	mu       sync.Mutex
	external []byte // the operator's key; nil: the one in settings
	loaded   []byte // the key in use, once read
}

// ParseMasterKey decodes an operator's master key: 32 random bytes in base64,
// as `openssl rand -base64 32` prints them.
func ParseMasterKey(s string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(key) != MasterKeySize {
		return nil, errors.New("a master key is 32 random bytes in base64, e.g. from `openssl rand -base64 32`")
	}
	return key, nil
}

// NewMasterKey returns a fresh random master key.
func NewMasterKey() []byte {
	key := make([]byte, MasterKeySize)
	if _, err := rand.Read(key); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return key
}

// UseMasterKey makes db use the operator's master key rather than one kept in
// its settings (nil: the one in settings). Call it before anything uses the
// key.
func (db *DB) UseMasterKey(key []byte) {
	db.keys.mu.Lock()
	defer db.keys.mu.Unlock()
	db.keys.external, db.keys.loaded = key, nil
}

// CheckMasterKey reads the master key now (making it if none exists yet), so
// a server started with the wrong key, or without the one the database
// expects, stops at start rather than at the first API call.
func (db *DB) CheckMasterKey(ctx context.Context) error {
	_, err := db.masterSecret(ctx)
	return err
}

// DeriveKey returns a 32-byte key for one purpose ("flash", say), derived
// from the master key so that each purpose has its own.
func (db *DB) DeriveKey(ctx context.Context, purpose string) ([]byte, error) {
	master, err := db.masterSecret(ctx)
	if err != nil {
		return nil, err
	}
	return hkdf.Key(sha256.New, master, nil, "imageshare "+purpose+" v1", 32)
}

// masterSecret returns the master key in use, reading (or making) it once.
func (db *DB) masterSecret(ctx context.Context) ([]byte, error) {
	db.keys.mu.Lock()
	defer db.keys.mu.Unlock()
	if db.keys.loaded != nil {
		return db.keys.loaded, nil
	}
	var key []byte
	var err error
	if db.keys.external != nil {
		key, err = db.externalKey(ctx, db.keys.external)
	} else {
		key, err = db.storedKey(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	db.keys.loaded = key
	return key, nil
}

// storedKey reads the key kept in settings, making it on first use. Replicas
// starting together race on the insert; ON CONFLICT DO NOTHING lets the first
// one win and everyone reads the winner's value.
func (db *DB) storedKey(ctx context.Context) ([]byte, error) {
	v, err := db.putSettingOnce(ctx, base64.StdEncoding.EncodeToString(NewMasterKey()))
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(v, externalMarker) {
		return nil, errors.New("this database's master key is kept outside it: give it with IMAGESHARE_MASTER_KEY or --master-key-file")
	}
	key, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(key) != MasterKeySize {
		return nil, errors.New("the master key in settings is not 32 bytes of base64")
	}
	return key, nil
}

// externalKey checks the operator's key against the fingerprint in settings,
// recording it on first use. A database whose key is still kept in settings
// adopts the operator's key when no secret is encrypted with the old one yet.
func (db *DB) externalKey(ctx context.Context, key []byte) ([]byte, error) {
	marker := externalMarker + fingerprint(key)
	v, err := db.putSettingOnce(ctx, marker)
	if err != nil || v == marker {
		return key, err
	}
	if strings.HasPrefix(v, externalMarker) {
		return nil, fmt.Errorf("the given master key (fingerprint %s) is not this database's (%s)",
			fingerprint(key), strings.TrimPrefix(v, externalMarker))
	}
	err = db.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&APIKey{}).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return errors.New("the API keys are encrypted with the master key kept in the database: " +
				"move them to the given key with `imageshare apikey rotate-master --new-master-key-file FILE` " +
				"(servers stopped), then start with it")
		}
		return tx.Model(&Setting{}).Where("key = ?", settingMasterKey).Update("value", marker).Error
	})
	if err != nil {
		return nil, err
	}
	return key, nil
}

// putSettingOnce stores value as the master key setting unless one exists,
// and returns the one that does.
func (db *DB) putSettingOnce(ctx context.Context, value string) (string, error) {
	tx := db.WithContext(ctx)
	v, err := setting(tx, settingMasterKey)
	if err != nil || v != "" {
		return v, err
	}
	err = tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoNothing: true}).
		Create(&Setting{Key: settingMasterKey, Value: value}).Error
	if err != nil {
		return "", err
	}
	return setting(tx, settingMasterKey)
}

// fingerprint names a master key without revealing it.
func fingerprint(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("imageshare master key fingerprint"))
	return hex.EncodeToString(m.Sum(nil))[:16]
}
