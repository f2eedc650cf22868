package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Tag is a key and a value on an image (R24). Keys are unique per image;
// the value may be empty.
type Tag struct {
	Key   string
	Value string
}

// String is the tag as the console's filter writes it: key=value.
func (t Tag) String() string { return t.Key + "=" + t.Value }

// imageTag is one row of image_tags.
type imageTag struct {
	ImageID  string `gorm:"primaryKey"`
	TagKey   string `gorm:"primaryKey"`
	TagValue string
}

func (imageTag) TableName() string { return "image_tags" }

// Tag limits (R24, Tencent's tag rules).
const (
	MaxImageTags = 50
	maxTagKey    = 127
	maxTagValue  = 255
	// MaxTagFilters bounds the tag filters of one list request, so no URL
	// or API call builds an unbounded statement.
	MaxTagFilters = 10
	// maxTagAuditDetail bounds the tags an audit row spells out.
	maxTagAuditDetail = 500
)

// reservedTagPrefixes are the key prefixes Tencent keeps for itself.
var reservedTagPrefixes = []string{"qcs:", "project:"}

// tagPunctuation are the characters besides letters, digits and spaces that
// Tencent allows in tags (its English and Chinese punctuation).
const tagPunctuation = "+-=._:/@()[],;><【】（）："

// validTagText reports whether every character is one Tencent allows in a
// tag: letters (any script, with their marks), digits, spaces and
// tagPunctuation.
func validTagText(s string) bool {
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == ' ' ||
			strings.ContainsRune(tagPunctuation, r)) {
			return false
		}
	}
	return true
}

// NormalizeTags trims every key and value, as the store does before it
// checks them (Tencent refuses spaces at either end; people paste them).
func NormalizeTags(tags []Tag) []Tag {
	out := make([]Tag, len(tags))
	for i, t := range tags {
		out[i] = Tag{Key: strings.TrimSpace(t.Key), Value: strings.TrimSpace(t.Value)}
	}
	return out
}

// TagField names the form input of one row's key or value ("key" or
// "value"), for per-field errors: tags.<row>.<part>, rows from 0.
func TagField(row int, part string) string { return fmt.Sprintf("tags.%d.%s", row, part) }

// checkTags applies R24 to a whole set of tags, already normalized: at most
// 50; each key 1-127 characters of Tencent's set, not reserved, without
// "=" (the console's key=value filter splits there), unique; each value
// 0-255 characters of the same set. Every bad row gets its message; the
// code is the first failure's.
func checkTags(tags []Tag) *Error {
	if len(tags) > MaxImageTags {
		return invalid("InvalidParameterValue.TagLimitExceeded",
			FieldError{"tags", Msg("tags.limit_exceeded", MaxImageTags, len(tags))})
	}
	var out *Error
	add := func(code, field string, msg Message) {
		if out == nil {
			out = invalid(code)
			out.Msg = msg
		}
		out.Fields = append(out.Fields, FieldError{field, msg})
	}
	seen := make(map[string]int, len(tags))
	for i, t := range tags {
		key, value := TagField(i, "key"), TagField(i, "value")
		row := i + 1 // messages count rows from 1, as people do
		switch n := utf8.RuneCountInString(t.Key); {
		case n == 0:
			add("InvalidParameterValue", key, Msg("tags.key_required", row))
		case n > maxTagKey:
			add("InvalidParameterValue.TooLarge", key, Msg("tags.key_too_long", row, maxTagKey))
		case !validTagText(t.Key) || strings.Contains(t.Key, "="):
			add("InvalidParameterValue", key, Msg("tags.key_chars", row))
		case reservedTagKey(t.Key):
			add("InvalidParameterValue", key, Msg("tags.key_reserved", row, t.Key))
		default:
			if first, dup := seen[t.Key]; dup {
				add("InvalidParameterValue", key, Msg("tags.key_duplicate", row, t.Key, first+1))
			} else {
				seen[t.Key] = i
			}
		}
		switch {
		case utf8.RuneCountInString(t.Value) > maxTagValue:
			add("InvalidParameterValue.TooLarge", value, Msg("tags.value_too_long", row, maxTagValue))
		case !validTagText(t.Value):
			add("InvalidParameterValue", value, Msg("tags.value_chars", row))
		}
	}
	return out
}

func reservedTagKey(key string) bool {
	lower := strings.ToLower(key)
	for _, p := range reservedTagPrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// SetTags replaces the tags of one of the actor's images (R24): only its
// owner may (a recipient is refused as R2 refuses edits), with the whole set
// checked first and applied all or nothing. Recipients see the new tags at
// once; copies made earlier keep the tags they were made with.
func (s *ImageStore) SetTags(ctx context.Context, actor Actor, id string, tags []Tag) ([]Tag, error) {
	tags = NormalizeTags(tags)
	err := s.db.change(ctx, actor, "image.tags", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = id, tagsDetail(tags)
		img, err := getOwned(tx, actor, id, OpEdit)
		if err != nil {
			return err
		}
		if e := checkTags(tags); e != nil {
			return e
		}
		// Two saves at once must not interleave their delete and insert.
		if err := lockImage(tx, img.ID); err != nil {
			return err
		}
		if err := tx.Where("image_id = ?", img.ID).Delete(&imageTag{}).Error; err != nil {
			return err
		}
		if len(tags) > 0 {
			rows := make([]imageTag, len(tags))
			for i, t := range tags {
				rows[i] = imageTag{ImageID: img.ID, TagKey: t.Key, TagValue: t.Value}
			}
			if err := tx.Create(&rows).Error; err != nil {
				return err
			}
		}
		return tx.Model(&Image{}).Where("id = ?", img.ID).Update("updated_at", time.Now().UTC()).Error
	})
	if err != nil {
		return nil, wrap("set image tags", err)
	}
	return sortedTags(tags), nil
}

// tagsDetail is what the audit row says of a new set of tags.
func tagsDetail(tags []Tag) string {
	parts := make([]string, len(tags))
	for i, t := range sortedTags(tags) {
		parts[i] = t.String()
	}
	s := strings.Join(parts, ", ")
	if s == "" {
		return "-"
	}
	if r := []rune(s); len(r) > maxTagAuditDetail {
		s = string(r[:maxTagAuditDetail]) + "…"
	}
	return s
}

func sortedTags(tags []Tag) []Tag {
	out := slices.Clone(tags)
	slices.SortFunc(out, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// attachTags fills the tags of every image of a page, in one query (SPEC 9:
// nothing per row), ordered by key; none when no image of the page has any.
func attachTags(db *gorm.DB, views []ImageView) error {
	var ids []string
	for _, v := range views {
		if v.tagged {
			ids = append(ids, v.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []imageTag
	if err := db.Where("image_id IN ?", ids).Order("image_id, tag_key").Find(&rows).Error; err != nil {
		return fmt.Errorf("image tags: %w", err)
	}
	by := make(map[string][]Tag, len(views))
	for _, r := range rows {
		by[r.ImageID] = append(by[r.ImageID], Tag{Key: r.TagKey, Value: r.TagValue})
	}
	for i := range views {
		views[i].Tags = by[views[i].ID]
	}
	return nil
}

// tagsOf returns one image's tags, ordered by key.
func tagsOf(db *gorm.DB, img ImageView) ([]Tag, error) {
	one := []ImageView{img}
	err := attachTags(db, one)
	return one[0].Tags, err
}

// copyTags gives a new copy its source's tags (R24: copies carry the tags),
// in one statement.
func copyTags(tx *gorm.DB, sourceID, copyID string) error {
	return tx.Exec("INSERT INTO image_tags (image_id, tag_key, tag_value) "+
		"SELECT ?, tag_key, tag_value FROM image_tags WHERE image_id = ?", copyID, sourceID).Error
}

// TagFilter narrows a list to images with a tag whose key is one of Keys
// (any key when empty) and whose value is one of Values (any value when
// nil). Several filters must all match: Tencent's tag-key, tag-value and
// tag:<key> filters, and the console's tag=key[=value].
type TagFilter struct {
	Keys   []string
	Values []string
}

// ParseTagFilter reads the console's tag filter, "key" or "key=value"
// (keys hold no "="), trimmed; ok is false for an empty or overlong one.
func ParseTagFilter(s string) (TagFilter, bool) {
	key, value, hasValue := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if key == "" || utf8.RuneCountInString(key) > maxTagKey || utf8.RuneCountInString(value) > maxTagValue {
		return TagFilter{}, false
	}
	f := TagFilter{Keys: []string{key}}
	if hasValue {
		f.Values = []string{strings.TrimSpace(value)}
	}
	return f, true
}

// String writes a filter of one key (and value) back as ParseTagFilter reads it.
func (f TagFilter) String() string {
	s := strings.Join(f.Keys, ",")
	if f.Values != nil {
		s += "=" + strings.Join(f.Values, ",")
	}
	return s
}

// withTags narrows an images query to the images every filter matches: one
// uncorrelated subquery per filter over image_tags' (key, value) index.
func withTags(db *gorm.DB, filters []TagFilter) *gorm.DB {
	for _, f := range filters {
		sub := db.Session(&gorm.Session{NewDB: true}).Table("image_tags").Select("image_id")
		if len(f.Keys) > 0 {
			sub = sub.Where("tag_key IN ?", f.Keys)
		}
		if f.Values != nil {
			sub = sub.Where("tag_value IN ?", f.Values)
		}
		db = db.Where("images.id IN (?)", sub)
	}
	return db
}
