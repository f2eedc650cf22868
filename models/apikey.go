package models

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// APIKey is a SecretId/SecretKey pair with which a user's automation signs
// API requests (TC3-HMAC-SHA256). It acts with its user's rights.
type APIKey struct {
	ID         int64 `gorm:"primaryKey"`
	SecretID   string
	UserID     int64
	SecretEnc  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// TableName is explicit: GORM would call it "api_keys" too, but the
// migration is the source of truth.
func (APIKey) TableName() string { return "api_keys" }

// APIKeyInfo is a key as its user sees it in a list: never the SecretKey.
type APIKeyInfo struct {
	SecretID   string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// Key shapes, as Tencent Cloud's: "AKID" + 32 characters, and a 32-character
// secret. Alphanumerics only, so they survive any shell or config file.
const (
	secretIDPrefix  = "AKID"
	secretIDLen     = 32
	secretKeyLen    = 32
	keyAlphabet     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	apiKeyKDFInfo   = "imageshare api secret keys v1"
	secretEncPrefix = "v1:"
	// apiKeyTouchEvery bounds how often last_used_at is written.
	apiKeyTouchEvery = time.Minute
)

// APIKeyStore creates, lists, deletes and resolves API keys.
//
// The SecretKey must be recoverable, since the server recomputes each
// request's HMAC with it (a hash would not do), so it is stored encrypted
// with AES-256-GCM under a key derived (HKDF-SHA256) from the master key (see
// masterkey.go: kept in the database by default, or outside it by the
// operator, so that a backup alone does not decrypt the keys). The "v1:"
// prefix on each ciphertext leaves room for another scheme later;
// RotateMaster re-encrypts every key under a new master key.
type APIKeyStore struct {
	db *DB

	mu   sync.Mutex
	aead cipher.AEAD // cached once loaded; never cached after a failure

	used *lastUsed // last_used_at, written by the job worker
}

// NewAPIKeyStore returns the API key store.
func NewAPIKeyStore(db *DB) *APIKeyStore {
	return &APIKeyStore{db: db, used: newLastUsed("api_keys", "secret_id", "last_used_at", apiKeyTouchEvery)}
}

// Create makes a new key for the actor's user and returns it; the SecretKey
// is shown this once and never again.
func (s *APIKeyStore) Create(ctx context.Context, actor Actor) (secretID, secretKey string, err error) {
	aead, err := s.cipher(ctx)
	if err != nil {
		return "", "", fmt.Errorf("create api key: %w", err)
	}
	secretID = secretIDPrefix + randomKeyString(secretIDLen)
	secretKey = randomKeyString(secretKeyLen)
	enc, err := seal(aead, secretID, secretKey)
	if err != nil {
		return "", "", fmt.Errorf("create api key: %w", err)
	}
	err = s.db.change(ctx, actor, "apikey.create", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = secretID
		if err := requireActiveUser(tx, actor.UserID); err != nil {
			return err
		}
		return tx.Create(&APIKey{SecretID: secretID, UserID: actor.UserID, SecretEnc: enc, CreatedAt: time.Now().UTC()}).Error
	})
	if err != nil {
		return "", "", wrap("create api key", err)
	}
	return secretID, secretKey, nil
}

// List returns the actor's user's keys, newest first.
func (s *APIKeyStore) List(ctx context.Context, actor Actor) ([]APIKeyInfo, error) {
	var out []APIKeyInfo
	err := s.db.WithContext(ctx).Model(&APIKey{}).Select("secret_id, created_at, last_used_at").
		Where("user_id = ?", actor.UserID).Order("created_at DESC, id DESC").Limit(100).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	return out, nil
}

// Delete removes one of the actor's user's keys; requests signed with it fail
// from then on. Another user's key does not exist for the actor.
func (s *APIKeyStore) Delete(ctx context.Context, actor Actor, secretID string) error {
	err := s.db.change(ctx, actor, "apikey.delete", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = secretID
		res := tx.Where("secret_id = ? AND user_id = ?", secretID, actor.UserID).Delete(&APIKey{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return notFound("ResourceNotFound", Msg("error.not_found"))
		}
		return nil
	})
	return wrap("delete api key", err)
}

// Resolve finds the user behind a SecretId and the SecretKey to verify the
// request's signature with. An unknown key, and the key of a user whose
// account is disabled, are both AuthFailure.SecretIdNotFound (as Tencent
// answers for a deleted or disabled key).
func (s *APIKeyStore) Resolve(ctx context.Context, secretID string) (SessionUser, string, error) {
	unknown := &Error{Kind: ErrNotFound, Code: "AuthFailure.SecretIdNotFound", Msg: Msg("api.secret_id_unknown")}
	if !validSecretID(secretID) {
		return SessionUser{}, "", unknown
	}
	var row struct {
		SessionUser
		SecretEnc string
	}
	err := s.db.WithContext(ctx).Table("api_keys").
		Select("api_keys.secret_enc, users.id AS user_id, users.username, users.account_id, "+
			"accounts.name AS account_name, users.role, users.locale").
		Joins("JOIN users ON users.id = api_keys.user_id").
		Joins("JOIN accounts ON accounts.id = users.account_id").
		Where("api_keys.secret_id = ? AND accounts.status = ?", secretID, AccountActive).
		Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return SessionUser{}, "", unknown
	}
	if err != nil {
		return SessionUser{}, "", fmt.Errorf("resolve api key: %w", err)
	}
	aead, err := s.cipher(ctx)
	if err != nil {
		return SessionUser{}, "", fmt.Errorf("resolve api key: %w", err)
	}
	secretKey, err := open(aead, secretID, row.SecretEnc)
	if err != nil {
		return SessionUser{}, "", fmt.Errorf("resolve api key %s: %w", secretID, err)
	}
	return row.SessionUser, secretKey, nil
}

// Used notes that a request signed with the key was accepted; the job worker
// writes last_used_at, at most once a minute per key and process (lastUsed),
// so a client's reads never take the write lock.
func (s *APIKeyStore) Used(secretID string) {
	s.used.use(secretID, time.Time{}, time.Now().UTC())
}

// revokeAPIKeys deletes a user's keys, when asked to, in the transaction of
// a password change, and says so in its audit event.
func revokeAPIKeys(tx *gorm.DB, ev *AuditEvent, userID int64, revoke bool) error {
	if !revoke {
		return nil
	}
	res := tx.Where("user_id = ?", userID).Delete(&APIKey{})
	if res.Error != nil {
		return res.Error
	}
	ev.Detail = fmt.Sprintf("api keys deleted: %d", res.RowsAffected)
	return nil
}

// UserActor returns the principal of a user named at the command line (the
// `apikey create` sub-command), refusing unknown users and disabled accounts.
func (s *APIKeyStore) UserActor(ctx context.Context, username string) (Actor, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	var u User
	err := s.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Actor{}, notFound("InvalidParameterValue", Msg("error.not_found"))
	}
	if err != nil {
		return Actor{}, fmt.Errorf("find user: %w", err)
	}
	if err := requireActiveUser(s.db.WithContext(ctx), u.ID); err != nil {
		return Actor{}, err
	}
	return Actor{UserID: u.ID, AccountID: u.AccountID, Admin: u.Role == RoleAdmin}, nil
}

// requireActiveUser refuses a user whose account is disabled (or who is gone):
// such a user could not sign in, so no key of theirs may be made.
func requireActiveUser(tx *gorm.DB, userID int64) error {
	var n int64
	err := tx.Table("users").Joins("JOIN accounts ON accounts.id = users.account_id").
		Where("users.id = ? AND accounts.status = ?", userID, AccountActive).Count(&n).Error
	if err != nil {
		return err
	}
	if n == 0 {
		return invalid("InvalidParameterValue", FieldError{"user", Msg("login.account_disabled")})
	}
	return nil
}

// cipher returns the AEAD that seals SecretKeys under the master key.
func (s *APIKeyStore) cipher(ctx context.Context) (cipher.AEAD, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aead != nil {
		return s.aead, nil
	}
	master, err := s.db.masterSecret(ctx)
	if err != nil {
		return nil, err
	}
	aead, err := secretCipher(master)
	if err != nil {
		return nil, err
	}
	s.aead = aead
	return aead, nil
}

// secretCipher is the AEAD of SecretKeys under a master key.
func secretCipher(master []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, master, nil, apiKeyKDFInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("derive api key cipher: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts a SecretKey, bound to its SecretId (as additional data), so a
// ciphertext copied onto another key's row does not decrypt.
func seal(aead cipher.AEAD, secretID, secretKey string) (string, error) {
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := aead.Seal(nonce, nonce, []byte(secretKey), []byte(secretID))
	return secretEncPrefix + base64.StdEncoding.EncodeToString(sealed), nil
}

func open(aead cipher.AEAD, secretID, enc string) (string, error) {
	b64, ok := strings.CutPrefix(enc, secretEncPrefix)
	if !ok {
		return "", errors.New("unknown secret encoding")
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) < aead.NonceSize() {
		return "", errors.New("malformed secret")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(secretID))
	if err != nil {
		return "", errors.New("secret does not decrypt with the master key")
	}
	return string(plain), nil
}

func randomKeyString(n int) string {
	b := make([]byte, n)
	limit := big.NewInt(int64(len(keyAlphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, limit)
		if err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		b[i] = keyAlphabet[k.Int64()]
	}
	return string(b)
}

func validSecretID(s string) bool {
	rest, ok := strings.CutPrefix(s, secretIDPrefix)
	if !ok || len(rest) != secretIDLen {
		return false
	}
	return !strings.ContainsFunc(rest, func(r rune) bool { return !strings.ContainsRune(keyAlphabet, r) })
}
