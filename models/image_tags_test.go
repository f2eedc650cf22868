package models_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// tagWorld is an owner's tagged image shared with a recipient, and a
// stranger who sees none of it.
type tagWorld struct {
	db                         *models.DB
	images                     *models.ImageStore
	owner, recipient, stranger models.Actor
	shared, private            models.Image
}

func newTagWorld(t *testing.T, db *models.DB) tagWorld {
	t.Helper()
	regionsOnly(t, db)
	w := tagWorld{db: db, images: models.NewImageStore(db), owner: addActor(t, db, "Owner"),
		recipient: addActor(t, db, "Recipient"), stranger: addActor(t, db, "Stranger")}
	w.shared = addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: gz, Name: "shared"})
	w.private = addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: gz, Name: "private"})
	addShare(t, db, w.shared.ID, w.recipient.AccountID, models.ShareActive)
	return w
}

func tagsN(n int) []models.Tag {
	out := make([]models.Tag, n)
	for i := range out {
		out[i] = models.Tag{Key: fmt.Sprintf("k%02d", i), Value: "v"}
	}
	return out
}

// storedTags reads an image's tags as its owner's list hands them out.
func (w tagWorld) storedTags(t *testing.T, id string) []models.Tag {
	t.Helper()
	d, err := w.images.Detail(t.Context(), w.owner, id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Image.Tags
}

func TestR24TagRules(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := newTagWorld(t, db)
		tests := []struct {
			name  string
			tags  []models.Tag
			code  string // "" when allowed
			field string // the field the refusal names
		}{
			{"R24 50 tags are allowed", tagsN(50), "", ""},
			{"R24 51 tags are refused", tagsN(51), "InvalidParameterValue.TagLimitExceeded", "tags"},
			{"R24 a key of 127 characters is allowed", []models.Tag{{Key: strings.Repeat("k", 127)}}, "", ""},
			{"R24 a key of 128 characters is refused", []models.Tag{{Key: "a", Value: "1"}, {Key: strings.Repeat("ç", 128)}},
				"InvalidParameterValue.TooLarge", "tags.1.key"},
			{"R24 an empty key is refused", []models.Tag{{Key: "  ", Value: "x"}}, "InvalidParameterValue", "tags.0.key"},
			{"R24 an empty value is allowed", []models.Tag{{Key: "team", Value: ""}}, "", ""},
			{"R24 a value of 255 characters is allowed", []models.Tag{{Key: "v", Value: strings.Repeat("ã", 255)}}, "", ""},
			{"R24 a value of 256 characters is refused", []models.Tag{{Key: "v", Value: strings.Repeat("v", 256)}},
				"InvalidParameterValue.TooLarge", "tags.0.value"},
			{"R24 duplicate keys are refused on the later row", []models.Tag{{Key: "env", Value: "a"}, {Key: "x"}, {Key: " env", Value: "b"}},
				"InvalidParameterValue", "tags.2.key"},
			{"R24 keys differing in case are two keys", []models.Tag{{Key: "Env"}, {Key: "env"}}, "", ""},
			{"R24 Tencent's punctuation is allowed", []models.Tag{{Key: "a+-._:/@()[],;><【】", Value: "x=y (z) 日本"}}, "", ""},
			{"R24 other characters in a key are refused", []models.Tag{{Key: "a*b"}}, "InvalidParameterValue", "tags.0.key"},
			{"R24 = in a key is refused", []models.Tag{{Key: "a=b"}}, "InvalidParameterValue", "tags.0.key"},
			{"R24 control characters in a value are refused", []models.Tag{{Key: "a", Value: "x\ty"}}, "InvalidParameterValue", "tags.0.value"},
			{"R24 reserved prefixes are refused", []models.Tag{{Key: "QCS:project"}}, "InvalidParameterValue", "tags.0.key"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := w.storedTags(t, w.private.ID)
				_, err := w.images.SetTags(t.Context(), w.owner, w.private.ID, tt.tags)
				if tt.code == "" {
					if err != nil {
						t.Fatalf("SetTags: %v", err)
					}
					if got := w.storedTags(t, w.private.ID); len(got) != len(tt.tags) {
						t.Errorf("stored %d tags; want %d", len(got), len(tt.tags))
					}
					return
				}
				e := wantError(t, err, tt.code, models.ErrInvalid)
				if _, ok := e.Field(tt.field); !ok {
					t.Errorf("refusal fields = %+v; want one on %s", e.Fields, tt.field)
				}
				if got := w.storedTags(t, w.private.ID); !slices.Equal(got, before) {
					t.Errorf("a refused set changed the tags to %v", got)
				}
			})
		}
		t.Run("R24 every bad row gets its own message", func(t *testing.T) {
			_, err := w.images.SetTags(t.Context(), w.owner, w.private.ID,
				[]models.Tag{{Key: ""}, {Key: "ok", Value: strings.Repeat("v", 300)}, {Key: "a*"}})
			e := wantError(t, err, "InvalidParameterValue", models.ErrInvalid)
			for _, f := range []string{"tags.0.key", "tags.1.value", "tags.2.key"} {
				if _, ok := e.Field(f); !ok {
					t.Errorf("no message on %s: %+v", f, e.Fields)
				}
			}
		})
	})
}

func TestR24TagsWhoMayWrite(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := newTagWorld(t, db)
		set := []models.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "web"}}
		if _, err := w.images.SetTags(t.Context(), w.owner, w.shared.ID, set); err != nil {
			t.Fatal(err)
		}
		public := addImage(t, db, models.Image{RegionID: gz, Name: "public", Source: models.SourceOfficial})
		tests := []struct {
			name  string
			actor models.Actor
			id    string
			code  string
			kind  error
		}{
			{"R24 R2 a recipient cannot change the tags", w.recipient, w.shared.ID, "UnsupportedOperation.SharedImageModifyUnsupported", models.ErrInvalid},
			{"R24 a stranger is told the image does not exist", w.stranger, w.shared.ID, "InvalidImageId.NotFound", models.ErrNotFound},
			{"R24 nobody tags a public image", w.owner, public.ID, "UnauthorizedOperation.ImageNotBelongToAccount", models.ErrInvalid},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := w.images.SetTags(t.Context(), tt.actor, tt.id, []models.Tag{{Key: "hijack"}})
				wantError(t, err, tt.code, tt.kind)
				if got := w.storedTags(t, w.shared.ID); !slices.Equal(got, set) {
					t.Errorf("tags = %v; want %v unchanged", got, set)
				}
			})
		}
		t.Run("R24 the verdict matches the store: owner yes, recipient no", func(t *testing.T) {
			own, _ := w.images.Get(t.Context(), w.owner, w.shared.ID)
			rec, _ := w.images.Get(t.Context(), w.recipient, w.shared.ID)
			if !own.Can.EditTags.OK() || rec.Can.EditTags.OK() {
				t.Errorf("Can.EditTags owner=%v recipient=%v; want true, false", own.Can.EditTags.OK(), rec.Can.EditTags.OK())
			}
			if rec.Can.EditTags.Refusal.Code != "UnsupportedOperation.SharedImageModifyUnsupported" {
				t.Errorf("recipient's refusal = %s", rec.Can.EditTags.Refusal.Code)
			}
		})
		t.Run("R24 the recipient reads the tags on the detail page and in its list", func(t *testing.T) {
			d, err := w.images.Detail(t.Context(), w.recipient, w.shared.ID)
			if err != nil || !slices.Equal(d.Image.Tags, set) {
				t.Errorf("recipient's detail tags = %v, %v; want %v", d.Image.Tags, err, set)
			}
			page, err := w.images.List(t.Context(), w.recipient, models.ImageQuery{Region: gz, Tab: models.TabShared})
			if err != nil || len(page.Images) != 1 || !slices.Equal(page.Images[0].Tags, set) {
				t.Errorf("recipient's shared tab = %+v, %v; want the image with %v", page.Images, err, set)
			}
		})
		t.Run("R24 tag changes are audited, refusals too", func(t *testing.T) {
			if n := lcAudits(t, db, "image.tags", w.shared.ID, models.OutcomeOK); n != 1 {
				t.Errorf("ok image.tags events = %d; want 1", n)
			}
			if n := lcAudits(t, db, "image.tags", w.shared.ID, "UnsupportedOperation.SharedImageModifyUnsupported"); n != 1 {
				t.Errorf("refused image.tags events = %d; want 1", n)
			}
			var ev models.AuditEvent
			if err := db.Where("action = ? AND outcome = ?", "image.tags", models.OutcomeOK).Take(&ev).Error; err != nil || ev.Detail != "env=prod, team=web" {
				t.Errorf("audit detail = %q, %v; want the new tags", ev.Detail, err)
			}
		})
		t.Run("R24 an empty set removes every tag", func(t *testing.T) {
			if _, err := w.images.SetTags(t.Context(), w.owner, w.private.ID, []models.Tag{{Key: "x"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := w.images.SetTags(t.Context(), w.owner, w.private.ID, nil); err != nil {
				t.Fatal(err)
			}
			if got := w.storedTags(t, w.private.ID); len(got) != 0 {
				t.Errorf("tags = %v; want none", got)
			}
		})
	})
}

func TestR24TagFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := newTagWorld(t, db)
		other := addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: gz, Name: "other"})
		for id, tags := range map[string][]models.Tag{
			w.shared.ID:  {{Key: "env", Value: "prod"}, {Key: "team", Value: "web"}},
			w.private.ID: {{Key: "env", Value: "dev"}},
			other.ID:     {{Key: "owner", Value: "prod"}},
		} {
			if _, err := w.images.SetTags(t.Context(), w.owner, id, tags); err != nil {
				t.Fatal(err)
			}
		}
		f := func(keys []string, values []string) models.TagFilter {
			return models.TagFilter{Keys: keys, Values: values}
		}
		tests := []struct {
			name    string
			actor   models.Actor
			tab     string
			filters []models.TagFilter
			want    []string
		}{
			{"R24 tag-key matches any value", w.owner, models.TabCustom, []models.TagFilter{f([]string{"env"}, nil)}, []string{w.private.ID, w.shared.ID}},
			{"R24 tag-value matches any key", w.owner, models.TabCustom, []models.TagFilter{f(nil, []string{"prod"})}, []string{other.ID, w.shared.ID}},
			{"R24 tag:<key> matches that key with that value", w.owner, models.TabCustom, []models.TagFilter{f([]string{"env"}, []string{"prod"})}, []string{w.shared.ID}},
			{"R24 values of one filter are alternatives", w.owner, models.TabCustom, []models.TagFilter{f([]string{"env"}, []string{"prod", "dev"})}, []string{w.private.ID, w.shared.ID}},
			{"R24 several filters must all match", w.owner, models.TabCustom,
				[]models.TagFilter{f([]string{"env"}, nil), f([]string{"team"}, []string{"web"})}, []string{w.shared.ID}},
			{"R24 keys are case-sensitive", w.owner, models.TabCustom, []models.TagFilter{f([]string{"ENV"}, nil)}, nil},
			{"R24 an empty value filter matches only empty values", w.owner, models.TabCustom, []models.TagFilter{f([]string{"env"}, []string{""})}, nil},
			{"R24 the recipient filters its shared tab by the owner's tags", w.recipient, models.TabShared,
				[]models.TagFilter{f([]string{"team"}, []string{"web"})}, []string{w.shared.ID}},
			{"R24 the recipient never sees the owner's unshared tagged images", w.recipient, models.TabShared,
				[]models.TagFilter{f([]string{"env"}, []string{"dev"})}, nil},
			{"R24 a stranger finds nothing by the owner's tags", w.stranger, models.TabShared, []models.TagFilter{f([]string{"env"}, nil)}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := w.images.List(t.Context(), tt.actor, models.ImageQuery{Region: gz, Tab: tt.tab, Tags: tt.filters, Sort: models.SortName, WithCounts: true})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, v := range page.Images {
					got = append(got, v.ID)
				}
				slices.Sort(got)
				want := slices.Sorted(slices.Values(tt.want))
				if !slices.Equal(got, want) || page.Total != int64(len(want)) {
					t.Errorf("list = %v (total %d); want %v", got, page.Total, want)
				}
				byID, err := w.images.ByIDs(t.Context(), tt.actor, gz, []string{w.shared.ID, w.private.ID, other.ID}, "", nil, tt.filters)
				if err != nil {
					t.Fatal(err)
				}
				got = got[:0]
				for _, v := range byID {
					if v.Tab() == tt.tab {
						got = append(got, v.ID)
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("by ids = %v; want %v", got, want)
				}
			})
		}
		t.Run("R24 the console's filter reads key and key=value", func(t *testing.T) {
			for in, want := range map[string]string{"env": "env", " env = prod ": "env=prod", "env=": "env=", "a=b=c": "a=b=c"} {
				f, ok := models.ParseTagFilter(in)
				if !ok || f.String() != want {
					t.Errorf("ParseTagFilter(%q) = %v, %v; want %q", in, f, ok, want)
				}
			}
			if _, ok := models.ParseTagFilter(" =x"); ok {
				t.Error("a filter without a key was accepted")
			}
		})
	})
}

func TestR24CopiesCarryTags(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := newTagWorld(t, db)
		set := []models.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "web"}}
		if _, err := w.images.SetTags(t.Context(), w.owner, w.private.ID, set); err != nil {
			t.Fatal(err)
		}
		copies, err := w.images.Copy(t.Context(), w.owner, w.private.ID, models.ImageCopy{Regions: []string{sh, cd}})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("R24 R5 each copy has the source's tags", func(t *testing.T) {
			for _, cp := range copies {
				if got := w.storedTags(t, cp.ID); !slices.Equal(got, set) {
					t.Errorf("copy in %s has tags %v; want %v", cp.RegionID, got, set)
				}
			}
		})
		t.Run("R24 a copy's tags are its own afterwards", func(t *testing.T) {
			if _, err := w.images.SetTags(t.Context(), w.owner, copies[0].ID, []models.Tag{{Key: "copy"}}); err != nil {
				t.Fatal(err)
			}
			if got := w.storedTags(t, w.private.ID); !slices.Equal(got, set) {
				t.Errorf("source tags = %v; want %v unchanged", got, set)
			}
		})
		t.Run("R24 the copies are found by the tag in their region", func(t *testing.T) {
			page, err := w.images.List(t.Context(), w.owner, models.ImageQuery{Region: cd, Tab: models.TabCustom,
				Tags: []models.TagFilter{{Keys: []string{"team"}, Values: []string{"web"}}}})
			if err != nil || len(page.Images) != 1 || page.Images[0].ID != copies[1].ID {
				t.Errorf("Chengdu custom tab by team=web = %+v, %v; want the copy", page.Images, err)
			}
		})
		t.Run("R24 an image made from an instance of a tagged image starts untagged", func(t *testing.T) {
			ins := addInstance(t, db, models.Instance{AccountID: w.recipient.AccountID, RegionID: gz, ImageID: w.shared.ID})
			if _, err := w.images.SetTags(t.Context(), w.owner, w.shared.ID, set); err != nil {
				t.Fatal(err)
			}
			img, err := w.images.CreateFromInstance(t.Context(), w.recipient, models.NewImage{InstanceID: ins.ID, Name: "mine"})
			if err != nil {
				t.Fatal(err)
			}
			d, err := w.images.Detail(t.Context(), w.recipient, img.ID)
			if err != nil || len(d.Image.Tags) != 0 {
				t.Errorf("new image's tags = %v, %v; want none", d.Image.Tags, err)
			}
		})
	})
}

// Two saves of one image's tags at once both succeed, one after the other:
// the image's lock keeps their delete and insert from interleaving.
func TestR24ConcurrentTagSaves(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := newTagWorld(t, db)
		errs := make(chan error, 8)
		for i := range 8 {
			go func() {
				_, err := w.images.SetTags(t.Context(), w.owner, w.private.ID, tagsN(i+1))
				errs <- err
			}()
		}
		for range 8 {
			if err := <-errs; err != nil && !errors.Is(err, models.ErrConflict) {
				t.Errorf("SetTags: %v", err)
			}
		}
		if got := w.storedTags(t, w.private.ID); len(got) == 0 || !slices.Equal(got, tagsN(len(got))) {
			t.Errorf("tags = %v; want exactly one save's set", got)
		}
	})
}
