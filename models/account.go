package models

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Account statuses.
const (
	AccountActive   = "active"
	AccountDisabled = "disabled"
)

// Account is a tenant; share targets are accounts, never users.
type Account struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	Status    string
	CreatedAt time.Time
}

var accountIDPattern = regexp.MustCompile(`^[1-9][0-9]{9,11}$`)

// ValidAccountID reports whether s has the form of an account ID: a decimal
// string of 10-12 digits.
func ValidAccountID(s string) bool { return accountIDPattern.MatchString(s) }

// NewAccount is what an operator gives to create an account and its first user.
type NewAccount struct {
	ID       string // optional; generated when empty
	Name     string
	Username string
	Password string
	Admin    bool
}

// AccountStore creates and reads accounts.
type AccountStore struct{ db *DB }

// NewAccountStore returns the account store.
func NewAccountStore(db *DB) *AccountStore { return &AccountStore{db: db} }

// Create makes an account with its first user in one transaction. Used by the
// `account create` command, the bootstrap and (later) the admin pages.
func (s *AccountStore) Create(ctx context.Context, in NewAccount) (Account, error) {
	return s.create(ctx, Actor{}, in)
}

// create validates and writes an account and its first user on behalf of
// actor (the zero actor for operators at the command line).
func (s *AccountStore) create(ctx context.Context, actor Actor, in NewAccount) (Account, error) {
	in.ID = strings.TrimSpace(in.ID)
	in.Name = strings.TrimSpace(in.Name)
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	var fields []FieldError
	if in.ID != "" && !ValidAccountID(in.ID) {
		fields = append(fields, FieldError{"id", Msg("account.id_invalid")})
	}
	if msg, ok := checkDisplayName(in.Name); !ok {
		fields = append(fields, FieldError{"name", msg})
	}
	if msg, ok := checkUsername(in.Username); !ok {
		fields = append(fields, FieldError{"username", msg})
	}
	if msg, ok := checkNewPassword(in.Password); !ok {
		fields = append(fields, FieldError{"password", msg})
	}
	// Only an operator (the zero actor, at the command line) or an admin may
	// create accounts; hash only a request that can succeed (argon2 is slow).
	allowed := actor.UserID == 0 || actor.Admin
	var hash string
	if len(fields) == 0 && allowed {
		var err error
		if hash, err = hashPassword(in.Password); err != nil {
			return Account{}, err
		}
	}
	role := RoleMember
	if in.Admin {
		role = RoleAdmin
	}
	var acct Account
	err := s.db.change(ctx, actor, "account.create", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Detail = in.Username + " (" + role + ")"
		if !allowed {
			return requireAdmin(actor)
		}
		if len(fields) > 0 {
			return invalid("InvalidParameterValue", fields...)
		}
		var err error
		// A password an admin typed is one-time: its user chooses their own.
		// The operator's command line (actor zero) sets final passwords.
		acct, err = insertAccount(tx, in, hash, role, actor.UserID != 0)
		ev.Resource = acct.ID
		return err
	})
	if err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			// Lost a race with a concurrent create of the same id or username.
			return Account{}, &Error{Kind: ErrConflict, Code: "ResourceInUse", Msg: Msg("account.taken_concurrently")}
		}
		return Account{}, fmt.Errorf("create account: %w", err)
	}
	return acct, nil
}

// insertAccount writes an account and its first user in the caller's
// transaction, after checking that the id and username are free.
func insertAccount(tx *gorm.DB, in NewAccount, hash, role string, mustChange bool) (Account, error) {
	id := in.ID
	if id == "" {
		var err error
		if id, err = freeAccountID(tx); err != nil {
			return Account{}, err
		}
	} else if err := refuseIf(exists(tx, &Account{}, "id = ?", id))(
		invalid("InvalidParameterValue.AccountIdInUse", FieldError{"id", Msg("account.id_taken", id)})); err != nil {
		return Account{}, err
	}
	if err := refuseIf(exists(tx, &User{}, "username = ?", in.Username))(
		invalid("InvalidParameterValue.UsernameInUse", FieldError{"username", Msg("account.username_taken", in.Username)})); err != nil {
		return Account{}, err
	}
	now := time.Now().UTC()
	acct := Account{ID: id, Name: in.Name, Status: AccountActive, CreatedAt: now}
	if err := tx.Create(&acct).Error; err != nil {
		return Account{}, err
	}
	user := User{AccountID: id, Username: in.Username, PasswordHash: hash, Role: role, MustChangePassword: mustChange,
		CreatedAt: now, UpdatedAt: now}
	return acct, tx.Create(&user).Error
}

// Get returns an account by ID.
func (s *AccountStore) Get(ctx context.Context, id string) (Account, error) {
	var a Account
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return a, notFound("InvalidAccountId.NotFound", Msg("account.not_found", id))
	}
	return a, err
}

func freeAccountID(tx *gorm.DB) (string, error) {
	for range 20 {
		n, err := rand.Int(rand.Reader, big.NewInt(900_000_000_000))
		if err != nil {
			return "", err
		}
		id := fmt.Sprintf("%d", n.Int64()+100_000_000_000)
		taken, err := exists(tx, &Account{}, "id = ?", id)
		if err != nil {
			return "", err
		}
		if !taken {
			return id, nil
		}
	}
	return "", errors.New("no free account id after 20 tries")
}

// exists reports whether a row matches; a failed query is an error, never
// "no" (a database failure must not pass for a refusal or a free name).
func exists(tx *gorm.DB, model any, query string, args ...any) (bool, error) {
	var n int64
	if err := tx.Model(model).Where(query, args...).Limit(1).Count(&n).Error; err != nil {
		return false, err
	}
	return n > 0, nil
}

// refuseIf turns exists' answer into the refusal to return when a row was
// found (or the query's error); nil when none was.
func refuseIf(found bool, err error) func(refusal error) error {
	return func(refusal error) error {
		if err != nil {
			return err
		}
		if found {
			return refusal
		}
		return nil
	}
}

// refuseUnless is refuseIf's opposite: the refusal when no row was found.
func refuseUnless(found bool, err error) func(refusal error) error {
	return refuseIf(!found, err)
}

// checkDisplayName applies the shared rule for names people type: 1-60
// characters after trimming, no control characters.
func checkDisplayName(name string) (Message, bool) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return Msg("validation.required"), false
	case n > 60:
		return Msg("validation.too_long", 60), false
	case hasControl(name):
		return Msg("validation.control_chars"), false
	}
	return Message{}, true
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}
