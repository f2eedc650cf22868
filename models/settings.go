package models

import (
	"strconv"

	"gorm.io/gorm"
)

// Setting is one platform-wide setting, kept as text.
type Setting struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

// Sharing policies (R17).
const (
	PolicyImmediate = "immediate"
	PolicyReview    = "review"
)

// Share cap bounds (R1): 50 by default, as in the seed FAQ.
const (
	DefaultShareCap = 50
	MinShareCap     = 1
	MaxShareCap     = 500
)

const (
	settingShareCap    = "share_cap"
	settingSharePolicy = "share_policy"
)

// shareCap returns N of R1.
func shareCap(tx *gorm.DB) (int, error) {
	v, err := setting(tx, settingShareCap)
	if err != nil {
		return DefaultShareCap, err
	}
	return parseShareCap(v), nil
}

// parseShareCap reads a stored cap; anything missing or out of bounds is the
// default, so a bad row can never lift the cap.
func parseShareCap(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < MinShareCap || n > MaxShareCap {
		return DefaultShareCap
	}
	return n
}

// settingValue is a subquery for one setting's stored value (NULL when
// unset), for pages that read it in the same statement as their counts.
func settingValue(db *gorm.DB, key string) *gorm.DB {
	return db.Session(&gorm.Session{NewDB: true}).Model(&Setting{}).Select("value").Where("key = ?", key)
}

// sharePolicy returns the policy of R17.
func sharePolicy(tx *gorm.DB) (string, error) {
	v, err := setting(tx, settingSharePolicy)
	if err != nil || v != PolicyReview {
		return PolicyImmediate, err
	}
	return PolicyReview, nil
}

func setting(tx *gorm.DB, key string) (string, error) {
	var values []string
	if err := tx.Model(&Setting{}).Where("key = ?", key).Pluck("value", &values).Error; err != nil {
		return "", err
	}
	if len(values) == 0 {
		return "", nil
	}
	return values[0], nil
}
