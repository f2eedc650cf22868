package api_test

import (
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/views/i18n"
)

// Finding 4 of the security review on the API: invalid UTF-8, NUL and other
// control characters in a JSON body are InvalidParameterValue naming the
// parameter, on both databases (PostgreSQL answered InternalError), and
// change nothing.
func TestFinding4BadTextInAPIBodies(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		w := newWorldOn(t, db)
		alice := w.as("alice", gz)
		id, secret := w.key("alice")
		base := "http://" + w.endpoint

		sdk := []struct {
			name, param string
			call        func() error
		}{
			{"Finding 4: a NUL in a search", "Filters.Values", func() error {
				req := cvm.NewDescribeImagesRequest()
				req.Filters = []*cvm.Filter{{Name: common.StringPtr("image-name"), Values: common.StringPtrs([]string{"web\x00"})}}
				_, err := alice.DescribeImages(req)
				return err
			}},
			{"Finding 4: a NUL in an account list", "AccountIds", func() error {
				return share(alice, alicePostgres, "SHARE", bobAccount+"\x00")
			}},
			{"Finding 4: an escape sequence in an instance name", "InstanceName", func() error {
				req := cvm.NewRunInstancesRequest()
				req.ImageId, req.InstanceName = common.StringPtr(alicePostgres), common.StringPtr("web\x1b[2J")
				req.InstanceType = common.StringPtr("S5.MEDIUM2")
				req.Placement = &cvm.Placement{Zone: common.StringPtr(gz + "-1")}
				_, err := alice.RunInstances(req)
				return err
			}},
			{"Finding 4: a NUL in a new name", "ImageName", func() error {
				req := cvm.NewModifyImageAttributeRequest()
				req.ImageId, req.ImageName = common.StringPtr(alicePostgres), common.StringPtr("db\x00")
				_, err := alice.ModifyImageAttribute(req)
				return err
			}},
		}
		for _, tt := range sdk {
			t.Run(tt.name, func(t *testing.T) {
				e := wantCode(t, tt.call(), "InvalidParameterValue")
				if want := i18n.Tr("en", "validation.bad_text_in", tt.param); !strings.Contains(e.GetMessage(), want) {
					t.Errorf("message %q lacks %q", e.GetMessage(), want)
				}
			})
		}
		t.Run("Finding 4: invalid UTF-8 in the body", func(t *testing.T) {
			resp := rawCall(t, base, w.endpoint, id, secret, "POST", "ModifyImageAttribute",
				`{"ImageId": "`+alicePostgres+`", "ImageName": "db-`+"\xff\xfe"+`"}`)
			if code := errorCode(resp); code != "InvalidParameterValue" {
				t.Errorf("code %q (%v), want InvalidParameterValue", code, resp["Error"])
			}
		})
		var img models.Image
		if err := db.Where("id = ?", alicePostgres).Take(&img).Error; err != nil || img.Name != "postgres-16-base" {
			t.Errorf("image %s is now named %q (%v)", alicePostgres, img.Name, err)
		}
		if n := countInstances(t, db); n != 0 {
			t.Errorf("%d instances launched", n)
		}
	})
}

func countInstances(t *testing.T, db *models.DB) int64 {
	t.Helper()
	var n int64
	if err := db.Model(&models.Instance{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
