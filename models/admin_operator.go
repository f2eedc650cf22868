package models

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// OperatorUsername names the person at the server's command line in the
// audit log.
const OperatorUsername = "(operator)"

// OperatorResetPassword gives the named user a generated one-time password,
// for an operator at the command line (a lost first admin password): the
// same change as an admin's reset, so the user must choose their own at next
// sign-in and their sessions end now.
func (s *AdminStore) OperatorResetPassword(ctx context.Context, username string) (string, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	var u User
	err := s.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", notFound("InvalidParameterValue", Msg("error.not_found"))
	}
	if err != nil {
		return "", fmt.Errorf("find user: %w", err)
	}
	password, err := RandomPassword()
	if err != nil {
		return "", err
	}
	if m := requestMeta(ctx); m.Username == "" {
		ctx = WithUsername(ctx, OperatorUsername)
	}
	if err := s.ResetPassword(ctx, Actor{Admin: true}, u.ID, password, false); err != nil {
		return "", err
	}
	return password, nil
}
