package models_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestAsErrorAndSentinels(t *testing.T) {
	coded := &models.Error{Kind: models.ErrConflict, Code: "ResourceInUse", Msg: models.Msg("account.taken_concurrently"),
		Fields: []models.FieldError{{Field: "username", Msg: models.Msg("account.username_taken", "bob")}}}
	tests := []struct {
		name     string
		err      error
		wantCode string // "" when AsError must find nothing
		is       error
		isNot    error
	}{
		{"a coded error is found and is its kind", coded, "ResourceInUse", models.ErrConflict, models.ErrNotFound},
		{"a wrapped coded error is found and is its kind", fmt.Errorf("create account: %w", coded), "ResourceInUse", models.ErrConflict, models.ErrInvalid},
		{"a bare sentinel is no coded error", fmt.Errorf("look up session: %w", models.ErrNotFound), "", models.ErrNotFound, models.ErrConflict},
		{"a foreign error is no coded error", errors.New("disk full"), "", nil, models.ErrLimited},
		{"nil is no coded error", nil, "", nil, models.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := models.AsError(tt.err)
			if ok != (tt.wantCode != "") || (ok && e.Code != tt.wantCode) {
				t.Errorf("AsError(%v) = %v, %v; want code %q", tt.err, e, ok, tt.wantCode)
			}
			if tt.is != nil && !errors.Is(tt.err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", tt.err, tt.is)
			}
			if errors.Is(tt.err, tt.isNot) {
				t.Errorf("errors.Is(%v, %v) = true", tt.err, tt.isNot)
			}
		})
	}
}

func TestErrorDetails(t *testing.T) {
	e := &models.Error{Kind: models.ErrInvalid, Code: "InvalidParameterValue", Msg: models.Msg("validation.required"),
		Fields: []models.FieldError{{Field: "name", Msg: models.Msg("validation.required")}, {Field: "password", Msg: models.Msg("password.too_short", 8)}}}
	tests := []struct {
		name    string
		field   string
		wantKey string // "" when the field has no message
	}{
		{"the first field's message", "name", "validation.required"},
		{"a later field's message", "password", "password.too_short"},
		{"a field without a message", "username", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, ok := e.Field(tt.field)
			if ok != (tt.wantKey != "") || msg.Key != tt.wantKey {
				t.Errorf("Field(%q) = %+v, %v; want key %q", tt.field, msg, ok, tt.wantKey)
			}
		})
	}
	t.Run("Error() names the code and the message key", func(t *testing.T) {
		if s := e.Error(); !strings.Contains(s, e.Code) || !strings.Contains(s, e.Msg.Key) {
			t.Errorf("Error() = %q; want it to name %s and %s", s, e.Code, e.Msg.Key)
		}
	})
}

// Store methods return coded errors that callers can branch on with errors.Is.
func TestStoreErrorsAreCoded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		tests := []struct {
			name     string
			call     func() error
			kind     error
			wantCode string
		}{
			{"unknown account is ErrNotFound", func() error {
				_, err := models.NewAccountStore(db).Get(t.Context(), "100000000999")
				return err
			}, models.ErrNotFound, "InvalidAccountId.NotFound"},
			{"R5: unknown region is ErrNotFound", func() error { return models.CheckRegion("mars-north-1") },
				models.ErrNotFound, "InvalidParameterValue.InvalidRegion"},
			{"admin overview for a member is ErrNotFound", func() error {
				_, err := models.NewAdminStore(db).Overview(t.Context(), models.Actor{AccountID: meID})
				return err
			}, models.ErrNotFound, "ResourceNotFound"},
			{"invalid account input is ErrInvalid", func() error {
				_, err := models.NewAccountStore(db).Create(t.Context(), models.NewAccount{})
				return err
			}, models.ErrInvalid, "InvalidParameterValue"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call()
				if e := domainError(t, err); !errors.Is(err, tt.kind) || e.Code != tt.wantCode {
					t.Errorf("error = %v (kind %v); want %s, %v", err, e.Kind, tt.wantCode, tt.kind)
				}
			})
		}
	})
}
