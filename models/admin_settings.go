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
	// Acceptance is R19's recipient consent; ExpiryNoticeDays how early R20
	// warns a recipient that its share ends.
	Acceptance       string
	ExpiryNoticeDays int
	// BinRetentionDays is how long deleted images stay in the recycle bin
	// (R23); 0 deletes at once.
	BinRetentionDays int
}

// Settings returns the sharing settings in force.
func (s *AdminStore) Settings(ctx context.Context, actor Actor) (Settings, error) {
	if err := requireAdmin(actor); err != nil {
		return Settings{}, err
	}
	policy, capN, err := NewShareStore(s.db).Policy(ctx)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{SharePolicy: policy, ShareCap: capN}
	return out, readLifecycleSettings(s.db.reader(ctx), &out)
}

// SetSettings changes the sharing policy and the cap. Neither touches existing
// shares: a lower cap blocks new shares of images above it, a policy or
// consent change applies to new shares only (R17, R19).
func (s *AdminStore) SetSettings(ctx context.Context, actor Actor, in Settings) error {
	err := s.db.change(ctx, actor, "admin.settings", func(tx *gorm.DB, ev *AuditEvent) error {
		if in.Acceptance == "" {
			// A change of the policy and cap only (callers from before R19):
			// the lifecycle's settings stay as they are.
			if err := readLifecycleSettings(tx, &in); err != nil {
				return err
			}
		}
		ev.Resource, ev.Detail = "settings", "policy="+in.SharePolicy+" cap="+strconv.Itoa(in.ShareCap)+
			" acceptance="+in.Acceptance+" expiry_notice_days="+strconv.Itoa(in.ExpiryNoticeDays)+
			" bin_retention_days="+strconv.Itoa(in.BinRetentionDays)
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
		lifecycle, more := lifecycleSettings(in)
		bin, binFields := binSettings(in)
		if fields = append(append(fields, more...), binFields...); len(fields) > 0 {
			return invalid("InvalidParameterValue", fields...)
		}
		lifecycle[settingSharePolicy], lifecycle[settingShareCap] = in.SharePolicy, strconv.Itoa(in.ShareCap)
		for k, v := range bin {
			lifecycle[k] = v
		}
		return putSettings(tx, lifecycle)
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
