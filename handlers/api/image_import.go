package api

import (
	"context"

	"imageshare/models"
	"imageshare/storage/diskimage"
)

// The actions that bring images in and take them out: ImportImage,
// DescribeImportImageOs and ExportImages, with Tencent's field names.

type importImageRequest struct {
	Architecture     string `json:"Architecture"`
	OsType           string `json:"OsType"`
	OsVersion        string `json:"OsVersion"`
	ImageUrl         string `json:"ImageUrl"`
	ImageName        string `json:"ImageName"`
	ImageDescription string `json:"ImageDescription"`
	DryRun           bool   `json:"DryRun"`
}

type importImageResponse struct {
	meta
	ImageId string `json:"ImageId"`
}

// importImage starts an import from a URL into the call's region (the
// console's import: R3, R16, the admin's size limit and allow-list).
func (h *Handler) importImage(ctx context.Context, c *call) (response, error) {
	var in importImageRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	for param, v := range map[string]string{"Architecture": in.Architecture, "OsType": in.OsType,
		"ImageUrl": in.ImageUrl, "ImageName": in.ImageName} {
		if v == "" {
			return nil, missing(param)
		}
	}
	arch := in.Architecture
	for console, api := range architectures {
		if api == in.Architecture {
			arch = console
		}
	}
	img, err := h.images.Import(dryRun(ctx, in.DryRun), c.actor, models.ImageImport{Region: c.region,
		Name: in.ImageName, Description: in.ImageDescription, Platform: in.OsType, OSVersion: in.OsVersion,
		Architecture: arch, URL: in.ImageUrl})
	if err != nil {
		return nil, err
	}
	return &importImageResponse{ImageId: img.ID}, nil
}

type imageOsList struct {
	Windows []string `json:"Windows"`
	Linux   []string `json:"Linux"`
}

type osVersion struct {
	OsName       string   `json:"OsName"`
	OsVersions   []string `json:"OsVersions"`
	Architecture []string `json:"Architecture"`
}

type describeImportImageOsResponse struct {
	meta
	ImportImageOsListSupported imageOsList `json:"ImportImageOsListSupported"`
	ImportImageOsVersionSet    []osVersion `json:"ImportImageOsVersionSet"`
}

// describeImportImageOs lists what an import accepts.
func (h *Handler) describeImportImageOs(_ context.Context, _ *call) (response, error) {
	out := &describeImportImageOsResponse{ImportImageOsListSupported: imageOsList{Windows: []string{}, Linux: []string{}}}
	var archs []string
	for _, a := range models.ImportArchitectures {
		archs = append(archs, architectures[a])
	}
	for _, p := range models.ImportPlatforms {
		if p.Platform == "Windows" {
			out.ImportImageOsListSupported.Windows = append(out.ImportImageOsListSupported.Windows, p.Platform)
		} else {
			out.ImportImageOsListSupported.Linux = append(out.ImportImageOsListSupported.Linux, p.Platform)
		}
		out.ImportImageOsVersionSet = append(out.ImportImageOsVersionSet, osVersion{OsName: p.Platform,
			OsVersions: p.Versions, Architecture: archs})
	}
	return out, nil
}

type exportImagesRequest struct {
	BucketName         string   `json:"BucketName"`
	ImageIds           []string `json:"ImageIds"`
	ExportFormat       string   `json:"ExportFormat"`
	FileNamePrefixList []string `json:"FileNamePrefixList"`
	DryRun             bool     `json:"DryRun"`
}

type exportImagesResponse struct {
	meta
	TaskId   uint64   `json:"TaskId"`
	CosPaths []string `json:"CosPaths"`
}

// exportImages copies the caller's own images into a bucket of the export
// store, in their own format (ExportFormat, if given, must match: no
// conversion); a recipient cannot export a shared image, as on Tencent.
func (h *Handler) exportImages(ctx context.Context, c *call) (response, error) {
	var in exportImagesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	if in.BucketName == "" {
		return nil, missing("BucketName")
	}
	ids, err := h.regionImages(ctx, c, in.ImageIds, "ImageIds")
	if err != nil {
		return nil, err
	}
	if in.ExportFormat != "" && !validFormat(in.ExportFormat) {
		return nil, apiErrorf("InvalidParameterValue", "ExportFormat must be one of qcow2, raw, vmdk, vhd, vhdx.")
	}
	task, paths, err := h.content.Export(dryRun(ctx, in.DryRun), c.actor, models.ImageExport{ImageIDs: ids,
		Bucket: in.BucketName, Prefixes: in.FileNamePrefixList, Format: in.ExportFormat})
	if err != nil {
		return nil, err
	}
	return &exportImagesResponse{TaskId: uint64(task), CosPaths: paths}, nil
}

func validFormat(f string) bool {
	for _, known := range diskimage.Formats {
		if known == f {
			return true
		}
	}
	return false
}
