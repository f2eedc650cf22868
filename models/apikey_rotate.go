package models

import (
	"context"
	"encoding/base64"
	"fmt"

	"gorm.io/gorm"
)

// RotateMaster re-encrypts every API SecretKey under a new master key, in one
// transaction, and makes that key the database's: newKey is an operator's key
// kept outside the database (only its fingerprint is recorded) or, when nil,
// a fresh key kept in settings. It returns how many keys it re-encrypted.
//
// Run it with the servers stopped: one still holding the old key could
// neither read the re-encrypted keys nor make keys the others can read.
func (s *APIKeyStore) RotateMaster(ctx context.Context, newKey []byte) (int, error) {
	oldAEAD, err := s.cipher(ctx)
	if err != nil {
		return 0, fmt.Errorf("rotate master key: %w", err)
	}
	external := newKey != nil
	if !external {
		newKey = NewMasterKey()
	}
	newAEAD, err := secretCipher(newKey)
	if err != nil {
		return 0, fmt.Errorf("rotate master key: %w", err)
	}
	value := base64.StdEncoding.EncodeToString(newKey)
	if external {
		value = externalMarker + fingerprint(newKey)
	}
	var n int
	err = s.db.change(ctx, Actor{}, "apikey.rotate_master", func(tx *gorm.DB, ev *AuditEvent) error {
		var keys []APIKey
		if err := tx.Order("id").Find(&keys).Error; err != nil {
			return err
		}
		for _, k := range keys {
			secret, err := open(oldAEAD, k.SecretID, k.SecretEnc)
			if err != nil {
				return fmt.Errorf("api key %s: %w", k.SecretID, err)
			}
			enc, err := seal(newAEAD, k.SecretID, secret)
			if err != nil {
				return err
			}
			if err := tx.Model(&APIKey{}).Where("id = ?", k.ID).Update("secret_enc", enc).Error; err != nil {
				return err
			}
		}
		n = len(keys)
		ev.Resource, ev.Detail = "master-key", fmt.Sprintf("%d API keys re-encrypted, new key %s", n, fingerprint(newKey))
		return tx.Model(&Setting{}).Where("key = ?", settingMasterKey).Update("value", value).Error
	})
	if err != nil {
		return 0, fmt.Errorf("rotate master key: %w", err)
	}
	var kept []byte // the operator's key, or nil for one kept in settings
	if external {
		kept = newKey
	}
	s.db.keys.mu.Lock()
	s.db.keys.loaded, s.db.keys.external = newKey, kept
	s.db.keys.mu.Unlock()
	s.mu.Lock()
	s.aead = newAEAD
	s.mu.Unlock()
	return n, nil
}
