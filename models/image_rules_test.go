package models_test

import (
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// nameOp is one of the two ways a custom image gets a name and description:
// editing an image, or making one from an instance. R16 holds for both.
type nameOp struct {
	name string
	// do applies in as the image's name and description; subject is an
	// image of self in gz, ins a running instance of self in gz.
	do func(t *testing.T, db *models.DB, self models.Actor, subject models.Image, ins models.Instance, in models.ImageEdit) (models.Image, error)
}

var nameOps = []nameOp{
	{"Update", func(t *testing.T, db *models.DB, self models.Actor, subject models.Image, _ models.Instance, in models.ImageEdit) (models.Image, error) {
		return models.NewImageStore(db).Update(t.Context(), self, subject.ID, in)
	}},
	{"CreateFromInstance", func(t *testing.T, db *models.DB, self models.Actor, _ models.Image, ins models.Instance, in models.ImageEdit) (models.Image, error) {
		return models.NewImageStore(db).CreateFromInstance(t.Context(), self,
			models.NewImage{InstanceID: ins.ID, Name: in.Name, Description: in.Description})
	}},
}

func TestImageNameAndDescription(t *testing.T) {
	name60 := strings.Repeat("ç", 60) // 60 characters, 120 bytes
	desc256 := strings.Repeat("d", 255) + "é"
	tests := []struct {
		name  string
		setup func(t *testing.T, db *models.DB, self, other models.Actor)
		in    models.ImageEdit
		only  string // run with this operation only; "" for both
		// On success: the stored name and description.
		wantName, wantDesc string
		// On refusal: the code and the fields it names.
		wantCode   string
		wantFields []string
	}{
		{name: "R16 name is trimmed", in: models.ImageEdit{Name: " \t web-01  ", Description: "  prod web  "},
			wantName: "web-01", wantDesc: "prod web"},
		{name: "R16 empty name is refused", in: models.ImageEdit{Name: ""},
			wantCode: "InvalidParameterValue", wantFields: []string{"name"}},
		{name: "R16 name of only spaces is refused after trimming", in: models.ImageEdit{Name: " \t  "},
			wantCode: "InvalidParameterValue", wantFields: []string{"name"}},
		{name: "R16 name of one character is accepted", in: models.ImageEdit{Name: "a"}, wantName: "a"},
		{name: "R16 name of 60 characters is accepted", in: models.ImageEdit{Name: name60}, wantName: name60},
		{name: "R16 name longer than 60 characters is refused", in: models.ImageEdit{Name: name60 + "x"},
			wantCode: "InvalidParameterValue.TooLarge", wantFields: []string{"name"}},
		{name: "R16 name with a tab inside is refused", in: models.ImageEdit{Name: "web\tprod"},
			wantCode: "InvalidParameterValue", wantFields: []string{"name"}},
		{name: "R16 name with a line break inside is refused", in: models.ImageEdit{Name: "web\nprod"},
			wantCode: "InvalidParameterValue", wantFields: []string{"name"}},
		{name: "R16 name with a NUL inside is refused", in: models.ImageEdit{Name: "web\x00prod"},
			wantCode: "InvalidParameterValue", wantFields: []string{"name"}},
		{name: "R16 name with a C1 control character is refused", in: models.ImageEdit{Name: "web\u0085prod"},
			wantCode: "InvalidParameterValue", wantFields: []string{"name"}},
		{name: "R16 empty description is accepted", in: models.ImageEdit{Name: "web", Description: ""},
			wantName: "web", wantDesc: ""},
		{name: "R16 description of 256 characters is accepted", in: models.ImageEdit{Name: "web", Description: desc256},
			wantName: "web", wantDesc: desc256},
		{name: "R16 description longer than 256 characters is refused", in: models.ImageEdit{Name: "web", Description: desc256 + "x"},
			wantCode: "InvalidParameterValue.TooLarge", wantFields: []string{"description"}},
		{name: "R16 line breaks are allowed in a description",
			in:       models.ImageEdit{Name: "web", Description: "line one\nline two\r\nline three"},
			wantName: "web", wantDesc: "line one\nline two\r\nline three"},
		{name: "R16 a bell character in a description is refused", in: models.ImageEdit{Name: "web", Description: "ding\adong"},
			wantCode: "InvalidParameterValue", wantFields: []string{"description"}},
		{name: "R16 a bad name and a bad description are both reported", in: models.ImageEdit{Name: "", Description: "a\x00b"},
			wantCode: "InvalidParameterValue", wantFields: []string{"name", "description"}},
		{name: "R16 name taken by the account in the same region is refused",
			setup: func(t *testing.T, db *models.DB, self, _ models.Actor) {
				addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, Name: "taken"})
			}, in: models.ImageEdit{Name: "taken"}, wantCode: "InvalidImageName.Duplicate", wantFields: []string{"name"}},
		{name: "R16 name taken in the same region is refused after trimming",
			setup: func(t *testing.T, db *models.DB, self, _ models.Actor) {
				addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, Name: "taken"})
			}, in: models.ImageEdit{Name: "  taken "}, wantCode: "InvalidImageName.Duplicate", wantFields: []string{"name"}},
		{name: "R16 name taken by a failed image of the account is refused",
			setup: func(t *testing.T, db *models.DB, self, _ models.Actor) {
				addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz, Name: "taken",
					State: models.ImageCreateFailed})
			}, in: models.ImageEdit{Name: "taken"}, wantCode: "InvalidImageName.Duplicate", wantFields: []string{"name"}},
		{name: "R16 name taken by the account in another region is accepted",
			setup: func(t *testing.T, db *models.DB, self, _ models.Actor) {
				addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: sh, Name: "taken"})
			}, in: models.ImageEdit{Name: "taken"}, wantName: "taken"},
		{name: "R16 name taken by another account in the same region is accepted",
			setup: func(t *testing.T, db *models.DB, _, other models.Actor) {
				addImage(t, db, models.Image{OwnerAccountID: owned(other.AccountID), RegionID: gz, Name: "taken"})
			}, in: models.ImageEdit{Name: "taken"}, wantName: "taken"},
		{name: "R16 name of an image shared with the account is accepted",
			setup: func(t *testing.T, db *models.DB, self, other models.Actor) {
				img := addImage(t, db, models.Image{OwnerAccountID: owned(other.AccountID), RegionID: gz, Name: "taken"})
				addShare(t, db, img.ID, self.AccountID, models.ShareActive)
			}, in: models.ImageEdit{Name: "taken"}, wantName: "taken"},
		{name: "R16 name of a public image is accepted",
			setup: func(t *testing.T, db *models.DB, _, _ models.Actor) {
				addImage(t, db, models.Image{RegionID: gz, Name: "taken"})
			}, in: models.ImageEdit{Name: "taken"}, wantName: "taken"},
		{name: "R16 renaming an image to its own name is fine", only: "Update",
			in: models.ImageEdit{Name: "subject", Description: "new words"}, wantName: "subject", wantDesc: "new words"},
		{name: "R16 renaming an image to its own name with spaces around is fine", only: "Update",
			in: models.ImageEdit{Name: "  subject  "}, wantName: "subject"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, op := range nameOps {
					if tt.only != "" && tt.only != op.name {
						continue
					}
					t.Run(op.name, func(t *testing.T) {
						self, other := addActor(t, db, "Self"), addActor(t, db, "Other")
						subject := addImage(t, db, models.Image{OwnerAccountID: owned(self.AccountID), RegionID: gz,
							Name: "subject", Description: "old description"})
						ins := addInstance(t, db, models.Instance{AccountID: self.AccountID, RegionID: gz})
						if tt.setup != nil {
							tt.setup(t, db, self, other)
						}
						before := snapshot(t, db)
						got, err := op.do(t, db, self, subject, ins, tt.in)
						if tt.wantCode != "" {
							e := wantError(t, err, tt.wantCode, models.ErrInvalid)
							for _, f := range tt.wantFields {
								if _, ok := e.Field(f); !ok {
									t.Errorf("error fields = %+v; want one for %q", e.Fields, f)
								}
							}
							if len(e.Fields) != len(tt.wantFields) {
								t.Errorf("error fields = %+v; want exactly %v", e.Fields, tt.wantFields)
							}
							unchanged(t, db, before)
							return
						}
						if err != nil {
							t.Fatalf("%s(%+v): %v", op.name, tt.in, err)
						}
						stored := readImage(t, db, got.ID)
						if got.Name != tt.wantName || stored.Name != tt.wantName {
							t.Errorf("name = %q, stored %q; want %q", got.Name, stored.Name, tt.wantName)
						}
						if got.Description != tt.wantDesc || stored.Description != tt.wantDesc {
							t.Errorf("description = %q, stored %q; want %q", got.Description, stored.Description, tt.wantDesc)
						}
						if op.name == "Update" && got.ID != subject.ID {
							t.Errorf("Update returned image %s; want %s", got.ID, subject.ID)
						}
					})
				}
			})
		}
	})
}
