package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// AccountRow is an account as the admin's list shows it.
type AccountRow struct {
	Account
	Users int
}

// AccountPage is one page of accounts.
type AccountPage struct {
	Accounts       []AccountRow
	Total          int64
	Page, PageSize int
}

// Pages is the page count, at least 1.
func (p AccountPage) Pages() int { return pageCount(p.Total, p.PageSize) }

// ListAccounts returns accounts whose ID is search or whose name contains it,
// newest first.
func (s *AdminStore) ListAccounts(ctx context.Context, actor Actor, search string, page int) (AccountPage, error) {
	if err := requireAdmin(actor); err != nil {
		return AccountPage{}, err
	}
	out := AccountPage{Page: max(page, 1), PageSize: DefaultPageSize}
	q := s.db.WithContext(ctx).Table("accounts")
	if search = strings.TrimSpace(search); search != "" {
		q = q.Where("accounts.id = ? OR LOWER(accounts.name) LIKE ? ESCAPE '\\'", search, "%"+escapeLike(strings.ToLower(search))+"%")
	}
	if err := q.Count(&out.Total).Error; err != nil {
		return out, fmt.Errorf("list accounts: %w", err)
	}
	err := q.Select("accounts.*, (SELECT COUNT(*) FROM users WHERE users.account_id = accounts.id) AS users").
		Order("accounts.created_at DESC, accounts.id").Limit(out.PageSize).Offset(pageOffset(out.Page, out.PageSize)).
		Scan(&out.Accounts).Error
	if err != nil {
		return out, fmt.Errorf("list accounts: %w", err)
	}
	return out, nil
}

// AccountDetail is one account with its users and quota overrides.
type AccountDetail struct {
	Account Account
	Users   []User
	Quotas  []RegionQuota
}

// GetAccount returns an account with its users and per-region quotas.
func (s *AdminStore) GetAccount(ctx context.Context, actor Actor, id string) (AccountDetail, error) {
	var d AccountDetail
	if err := requireAdmin(actor); err != nil {
		return d, err
	}
	acct, err := NewAccountStore(s.db).Get(ctx, id)
	if err != nil {
		return d, err
	}
	d.Account = acct
	if err := s.db.WithContext(ctx).Where("account_id = ?", id).Order("username").Find(&d.Users).Error; err != nil {
		return d, fmt.Errorf("account users: %w", err)
	}
	d.Quotas, err = NewQuotaStore(s.db).Regions(ctx, Actor{AccountID: id})
	return d, err
}

// CreateAccount creates an account and its first user for an admin.
func (s *AdminStore) CreateAccount(ctx context.Context, actor Actor, in NewAccount) (Account, error) {
	return NewAccountStore(s.db).create(ctx, actor, in)
}

// AddUser adds a user to an existing account.
func (s *AdminStore) AddUser(ctx context.Context, actor Actor, accountID, username, password string, admin bool) error {
	username = strings.ToLower(strings.TrimSpace(username))
	var fields []FieldError
	if msg, ok := checkUsername(username); !ok {
		fields = append(fields, FieldError{"username", msg})
	}
	if msg, ok := checkNewPassword(password); !ok {
		fields = append(fields, FieldError{"password", msg})
	}
	var hash string
	if len(fields) == 0 && actor.Admin {
		var err error
		if hash, err = hashPassword(password); err != nil {
			return err
		}
	}
	role := RoleMember
	if admin {
		role = RoleAdmin
	}
	err := s.db.change(ctx, actor, "admin.user.create", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = accountID, username+" ("+role+")"
		if err := requireAdmin(actor); err != nil {
			return err
		}
		if len(fields) > 0 {
			return invalid("InvalidParameterValue", fields...)
		}
		if err := refuseUnless(exists(tx, &Account{}, "id = ?", accountID))(
			notFound("InvalidAccountId.NotFound", Msg("account.not_found", accountID))); err != nil {
			return err
		}
		if err := refuseIf(exists(tx, &User{}, "username = ?", username))(
			invalid("InvalidParameterValue.UsernameInUse", FieldError{"username", Msg("account.username_taken", username)})); err != nil {
			return err
		}
		now := time.Now().UTC()
		return tx.Create(&User{AccountID: accountID, Username: username, PasswordHash: hash, Role: role,
			MustChangePassword: true, CreatedAt: now, UpdatedAt: now}).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// Lost a race with another creation of the same username.
		return invalid("InvalidParameterValue.UsernameInUse", FieldError{"username", Msg("account.username_taken", username)})
	}
	return wrap("add user", err)
}

// ResetPassword gives a user a new one-time password: they must choose their
// own at next sign-in, and their sessions end now. With revokeKeys their API
// keys are deleted too.
func (s *AdminStore) ResetPassword(ctx context.Context, actor Actor, userID int64, password string, revokeKeys bool) error {
	msg, valid := checkNewPassword(password)
	var hash string
	if valid && actor.Admin {
		var err error
		if hash, err = hashPassword(password); err != nil {
			return err
		}
	}
	err := s.db.change(ctx, actor, "admin.user.reset_password", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = fmt.Sprintf("user:%d", userID)
		if err := requireAdmin(actor); err != nil {
			return err
		}
		if !valid {
			return invalid("InvalidParameterValue", FieldError{"password", msg})
		}
		res := tx.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{
			"password_hash": hash, "must_change_password": true, "updated_at": time.Now().UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return notFound("ResourceNotFound", Msg("error.not_found"))
		}
		// A user locked out by failed attempts can use the new password at once.
		if err := tx.Where("username = (SELECT username FROM users WHERE id = ?)", userID).Delete(&LoginFailure{}).Error; err != nil {
			return err
		}
		if err := revokeAPIKeys(tx, ev, userID, revokeKeys); err != nil {
			return err
		}
		return tx.Where("user_id = ?", userID).Delete(&Session{}).Error
	})
	return wrap("reset password", err)
}

// SetAccountStatus disables or enables an account. A disabled account's users
// cannot sign in (their sessions end), and its shares, given and received,
// stay but are hidden until it is enabled again.
func (s *AdminStore) SetAccountStatus(ctx context.Context, actor Actor, id, status string) error {
	action := "admin.account.enable"
	if status == AccountDisabled {
		action = "admin.account.disable"
	}
	err := s.db.change(ctx, actor, action, func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = id
		if err := requireAdmin(actor); err != nil {
			return err
		}
		if status != AccountActive && status != AccountDisabled {
			return invalid("InvalidParameterValue", FieldError{"status", Msg("validation.invalid_choice")})
		}
		if id == actor.AccountID && status == AccountDisabled {
			return invalid("UnsupportedOperation", FieldError{"status", Msg("admin.cannot_disable_self")})
		}
		res := tx.Model(&Account{}).Where("id = ?", id).Update("status", status)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return notFound("InvalidAccountId.NotFound", Msg("account.not_found", id))
		}
		if status == AccountDisabled {
			return tx.Where("user_id IN (SELECT id FROM users WHERE account_id = ?)", id).Delete(&Session{}).Error
		}
		return nil
	})
	return wrap("set account status", err)
}

// SetQuota overrides an account's custom-image quota in a region (R3). It never
// deletes images: an account above a lowered quota just cannot add more.
func (s *AdminStore) SetQuota(ctx context.Context, actor Actor, accountID, region string, quota int) error {
	err := s.db.change(ctx, actor, "admin.account.quota", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = accountID, fmt.Sprintf("%s=%d", region, quota)
		if err := requireAdmin(actor); err != nil {
			return err
		}
		if err := CheckRegion(region); err != nil {
			return err
		}
		if quota < 0 || quota > 1000 {
			return invalid("InvalidParameterValue", FieldError{"quota_" + region, Msg("admin.quota_range", 0, 1000)})
		}
		if err := refuseUnless(exists(tx, &Account{}, "id = ?", accountID))(
			notFound("InvalidAccountId.NotFound", Msg("account.not_found", accountID))); err != nil {
			return err
		}
		if err := tx.Where("account_id = ? AND region_id = ?", accountID, region).Delete(&AccountQuota{}).Error; err != nil {
			return err
		}
		return tx.Create(&AccountQuota{AccountID: accountID, RegionID: region, ImageQuota: quota}).Error
	})
	return wrap("set quota", err)
}
