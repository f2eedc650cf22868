package api

import (
	"time"

	"imageshare/models"
)

// Image is an image as DescribeImages returns it: every field of CVM
// 2017-03-12's Image model, with its documented type, so an SDK's model is
// filled in whole (lists are [], never missing: code like img.Tags.length
// must not throw). Request and response fields throughout this package are
// spelled as Tencent's reference spells them (ImageId, not ImageID), since
// clients match them by name.
type Image struct {
	ImageId            string     `json:"ImageId"`
	OsName             string     `json:"OsName"`
	ImageType          string     `json:"ImageType"`
	CreatedTime        string     `json:"CreatedTime"`
	ImageName          string     `json:"ImageName"`
	ImageDescription   string     `json:"ImageDescription"`
	ImageSize          int64      `json:"ImageSize"`
	Architecture       string     `json:"Architecture"`
	ImageState         string     `json:"ImageState"`
	Platform           string     `json:"Platform"`
	ImageCreator       string     `json:"ImageCreator"`
	ImageSource        string     `json:"ImageSource"`
	SyncPercent        int64      `json:"SyncPercent"`
	IsSupportCloudinit bool       `json:"IsSupportCloudinit"`
	SnapshotSet        []Snapshot `json:"SnapshotSet"`
	Tags               []Tag      `json:"Tags"`
	LicenseType        string     `json:"LicenseType"`
	ImageFamily        string     `json:"ImageFamily"`
	ImageDeprecated    bool       `json:"ImageDeprecated"`
	CdcCacheStatus     string     `json:"CdcCacheStatus"`
	ImageLifecycle                // extensions (R21, R22): image_lifecycle.go
}

// Snapshot is a snapshot an image is made of. Simulated images have none.
type Snapshot struct {
	SnapshotId string `json:"SnapshotId"`
	DiskUsage  string `json:"DiskUsage"`
	DiskSize   int64  `json:"DiskSize"`
}

// Tag is a key and a value on a resource.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// Enumerations as the CVM models document them, where the console names
// the same thing otherwise.
var (
	// architectures: the Image model's Architecture is x86_64, arm or i386.
	architectures = map[string]string{"x86_64": "x86_64", "arm64": "arm", "i386": "i386"}
	// imageSources: ImageSource is OFFICIAL, CREATE_IMAGE or EXTERNAL_IMPORT;
	// a copy reports its origin's (models.Image.Origin).
	imageSources = map[string]string{models.SourceOfficial: "OFFICIAL", models.SourceCreateImage: "CREATE_IMAGE",
		models.SourceImport: "EXTERNAL_IMPORT"}
)

// licenseType: every image here runs under the platform's licence (the
// model's other value, BYOL, is for images brought by their users).
const licenseType = "TencentCloud"

func imageOut(v models.ImageView) Image {
	out := Image{
		ImageId: v.ID, OsName: v.OSName, ImageType: v.Type, CreatedTime: timeOut(v.CreatedAt), ImageName: v.Name,
		ImageDescription: v.Description, ImageSize: int64(v.SizeGB), Architecture: architectures[v.Architecture],
		ImageState: v.State, Platform: v.Platform, ImageSource: imageSources[v.Origin()], SyncPercent: int64(v.Progress),
		IsSupportCloudinit: v.Platform != "Windows", SnapshotSet: []Snapshot{}, Tags: tagsOut(v.Tags), LicenseType: licenseType,
		ImageDeprecated: v.Notice.Deprecated, ImageLifecycle: lifecycleOut(v),
	}
	if v.OwnerAccountID != nil {
		out.ImageCreator = *v.OwnerAccountID
	}
	if v.Ready() {
		out.SyncPercent = 100
	}
	return out
}

// timeOut is Tencent's time format: ISO 8601 in UTC.
func timeOut(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
