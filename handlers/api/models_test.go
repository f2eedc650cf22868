package api_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// Every answer of every action has every field of the SDK's response model,
// recursively, with its documented type, and lists as [] rather than
// missing (SPEC 8): compared field by field with the Go SDK's structs, by
// reflection, on the raw JSON (the SDK itself would hide a missing field).
func TestResponsesHaveEveryFieldOfTheSDKModels(t *testing.T) {
	w := newWorld(t)
	w.worker()
	alice := w.as("alice", gz)
	id, secret := w.key("alice")
	raw := func(action, body string) map[string]any {
		t.Helper()
		resp := rawCall(t, "http://"+w.endpoint+"/", w.endpoint, id, secret, "POST", action, body)
		if code := errorCode(resp); code != "" {
			t.Fatalf("%s %s: %s %v", action, body, code, resp["Error"])
		}
		return resp
	}
	launched, err := run(alice, alicePostgres, gz+"-1")
	ok(t, err)
	ins := launched[0]
	waitInstance(t, alice, ins, "RUNNING")
	ok(t, share(alice, alicePostgres, "SHARE", bobAccount))

	check := func(action, body string, model any) {
		t.Run(action, func(t *testing.T) {
			wantModel(t, action, raw(action, body), reflect.TypeOf(model))
		})
	}
	check("DescribeImages", `{"Limit":100}`, cvm.DescribeImagesResponseParams{})
	check("DescribeImages", `{"Filters":[{"Name":"image-type","Values":["SHARED_IMAGE"]}]}`, cvm.DescribeImagesResponseParams{})
	check("DescribeImageQuota", `{}`, cvm.DescribeImageQuotaResponseParams{})
	check("DescribeImageSharePermission", `{"ImageId":"`+alicePostgres+`"}`, cvm.DescribeImageSharePermissionResponseParams{})
	check("DescribeInstances", `{}`, cvm.DescribeInstancesResponseParams{})
	check("DescribeRegions", `{}`, cvm.DescribeRegionsResponseParams{})
	check("DescribeZones", `{}`, cvm.DescribeZonesResponseParams{})
	check("ModifyImageAttribute", `{"ImageId":"`+aliceBuild+`","ImageName":"renamed"}`, cvm.ModifyImageAttributeResponseParams{})
	check("ModifyImageSharePermission", `{"ImageId":"`+aliceBuild+`","AccountIds":["`+carolAccount+`"],"Permission":"SHARE"}`,
		cvm.ModifyImageSharePermissionResponseParams{})
	check("SyncImages", `{"ImageIds":["`+aliceBuild+`"],"DestinationRegions":["`+bj+`"]}`, cvm.SyncImagesResponseParams{})
	check("CreateImage", `{"InstanceId":"`+ins+`","ImageName":"from-api"}`, cvm.CreateImageResponseParams{})
	check("RunInstances", `{"ImageId":"`+alicePostgres+`","Placement":{"Zone":"`+gz+`-2"},"InstanceType":"S5.SMALL2"}`,
		cvm.RunInstancesResponseParams{})
	check("ResetInstance", `{"InstanceId":"`+ins+`"}`, cvm.ResetInstanceResponseParams{})
	check("TerminateInstances", `{"InstanceIds":["`+ins+`"]}`, cvm.TerminateInstancesResponseParams{})
	ok(t, share(alice, aliceBuild, "CANCEL", carolAccount))
	check("DeleteImages", `{"ImageIds":["`+aliceBuild+`"]}`, cvm.DeleteImagesResponseParams{})

	// Fields the Node.js SDK's models know and the Go SDK v1.1.0's do not
	// (e2e/api-sdk.spec.ts checks them against those models too).
	t.Run("Instance fields newer than the Go SDK", func(t *testing.T) {
		set := raw("DescribeInstances", `{"Filters":[{"Name":"instance-state","Values":["RUNNING","PENDING"]}]}`)["InstanceSet"].([]any)
		if len(set) == 0 {
			t.Fatal("no instance to look at")
		}
		got := set[0].(map[string]any)
		for path, want := range map[string]string{
			"HostName": "string", "EnableJumboFrame": "bool", "PartitionNumber": "float64", "DisasterRecoverGroupIds": "[]interface {}",
			"Metadata.Items": "[]interface {}", "CpuTopology.CoreCount": "float64", "CpuTopology.ThreadPerCore": "float64",
			"Placement.DedicatedResourcePackTenancy": "string", "Placement.DedicatedResourcePackIds": "[]interface {}",
			"Placement.RackId": "string", "SystemDisk.Encrypt": "bool", "SystemDisk.KmsKeyId": "string",
		} {
			var v any = got
			for part := range strings.SplitSeq(path, ".") {
				v = v.(map[string]any)[part]
			}
			if kind := fmt.Sprintf("%T", v); kind != want {
				t.Errorf("Instance.%s is %s (%v), want %s", path, kind, v, want)
			}
		}
	})
}

// wantModel fails unless v, decoded JSON, holds every field of typ (an SDK
// model struct) with a value of its JSON kind, recursing into objects and
// list elements.
func wantModel(t *testing.T, path string, v any, typ reflect.Type) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if v == nil {
		t.Errorf("%s is missing or null, want %s", path, typ)
		return
	}
	switch typ.Kind() {
	case reflect.Struct:
		obj, isObj := v.(map[string]any)
		if !isObj {
			t.Errorf("%s is %T, want an object (%s)", path, v, typ.Name())
			return
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			wantModel(t, path+"."+name, obj[name], f.Type)
		}
	case reflect.Slice:
		list, isList := v.([]any)
		if !isList {
			t.Errorf("%s is %T, want a list", path, v)
			return
		}
		for i, e := range list {
			wantModel(t, fmt.Sprintf("%s[%d]", path, i), e, typ.Elem())
		}
	case reflect.String:
		if _, isStr := v.(string); !isStr {
			t.Errorf("%s is %T, want a string", path, v)
		}
	case reflect.Bool:
		if _, isBool := v.(bool); !isBool {
			t.Errorf("%s is %T, want a boolean", path, v)
		}
	case reflect.Int64, reflect.Uint64, reflect.Float64:
		if _, isNum := v.(float64); !isNum {
			t.Errorf("%s is %T, want a number", path, v)
		}
	default:
		t.Errorf("%s: no rule for %s", path, typ)
	}
}

// The enumerations use the values the CVM models document, whatever the
// console shows: an arm64 image is "arm", and a copy reports its source's
// ImageSource (SyncImages' test checks that one).
func TestEnumerationsAreTheDocumentedValues(t *testing.T) {
	w := newWorld(t)
	bob := w.as("bob", gz)
	arm := describe(t, bob, func(r *cvm.DescribeImagesRequest) {
		r.Filters = []*cvm.Filter{{Name: common.StringPtr("image-name"), Values: common.StringPtrs([]string{"ARM64"})}}
	})
	if len(arm.ImageSet) == 0 {
		t.Fatal("no ARM64 public image in Guangzhou")
	}
	documented := map[string][]string{
		"Architecture": {"x86_64", "arm", "i386"},
		"ImageSource":  {"OFFICIAL", "CREATE_IMAGE", "EXTERNAL_IMPORT"},
		"ImageType":    {"PUBLIC_IMAGE", "PRIVATE_IMAGE", "SHARED_IMAGE"},
	}
	all := describe(t, bob, func(r *cvm.DescribeImagesRequest) { r.Limit = common.Uint64Ptr(100) })
	for _, img := range append(all.ImageSet, arm.ImageSet...) {
		for field, values := range map[string]string{
			"Architecture": *img.Architecture, "ImageSource": *img.ImageSource, "ImageType": *img.ImageType,
		} {
			if !slices.Contains(documented[field], values) {
				t.Errorf("%s: %s %q is not one of %v", *img.ImageId, field, values, documented[field])
			}
		}
	}
	for _, img := range arm.ImageSet {
		if *img.Architecture != "arm" {
			t.Errorf("%s (%s): Architecture %q, want arm", *img.ImageId, *img.ImageName, *img.Architecture)
		}
	}
}
