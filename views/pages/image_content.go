package pages

import "fmt"

// ImageContentID is the content block of the image detail page.
const ImageContentID = "image-content"

// ImageContentView is what an image holds on disk, for its detail page.
type ImageContentView struct {
	ImageID       string
	Format        string
	VirtualBytes  int64
	StoredBytes   int64
	SHA256        string
	Busy          bool
	TransferDone  int64
	TransferTotal int64
	Download      Action
}

// HumanBytes writes a byte count in binary units (KiB, MiB, GiB...).
func HumanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// ImportView is the import page: upload a file, or name a URL.
type ImportView struct {
	Region    string
	Form      ImportForm
	Platforms []string
	Archs     []string
	MaxBytes  int64
}

// ImportForm is what the import forms submit.
type ImportForm struct {
	URL, Name, Platform, OSVersion, Architecture string
	Errors                                       map[string]string
}
