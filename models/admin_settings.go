package models

import (
	"context"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings are the platform-wide sharing settings (R1's N, R17's policy).
type Settings struct {
	SharePolicy string
	ShareCap    int
}

// Settings returns the sharing settings in force.
func (s *AdminStore) Settings(ctx context.Context, actor Actor) (Settings, error) {
	if err := requireAdmin(actor); err != nil {
		return Settings{}, err
	}
	policy, capN, err := NewShareStore(s.db).Policy(ctx)
	return Settings{SharePolicy: policy, ShareCap: capN}, err
}

// SetSettings changes the sharing policy and the cap. Neither touches existing
// shares: a lower cap blocks new shares of images above it, a policy change
// applies to new shares only.
func (s *AdminStore) SetSettings(ctx context.Context, actor Actor, in Settings) error {
	err := s.db.change(ctx, actor, "admin.settings", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = "settings", "policy="+in.SharePolicy+" cap="+strconv.Itoa(in.ShareCap)
		if err := requireAdmin(actor); err != nil {
			return err
		}
		var fields []FieldError
		if in.SharePolicy != PolicyImmediate && in.SharePolicy != PolicyReview {
			fields = append(fields, FieldError{"policy", Msg("validation.invalid_choice")})
		}
		if in.ShareCap < MinShareCap || in.ShareCap > MaxShareCap {
			fields = append(fields, FieldError{"cap", Msg("admin.cap_range", MinShareCap, MaxShareCap)})
		}
		if len(fields) > 0 {
			return invalid("InvalidParameterValue", fields...)
		}
		return putSettings(tx, map[string]string{settingSharePolicy: in.SharePolicy, settingShareCap: strconv.Itoa(in.ShareCap)})
	})
	return wrap("set settings", err)
}

func putSettings(tx *gorm.DB, kv map[string]string) error {
	for k, v := range kv {
		err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value"})}).
			Create(&Setting{Key: k, Value: v}).Error
		if err != nil {
			return err
		}
	}
	return nil
}
