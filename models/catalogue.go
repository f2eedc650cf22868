package models

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// publicImage is one entry of the platform catalogue, seeded in every region
// where it exists.
type publicImage struct {
	Name, OSName, Platform, Arch string
	SizeGB                       int
	// onlyIn limits an image to some regions (arm64 hosts are not everywhere).
	onlyIn []string
}

var armRegions = []string{"ap-guangzhou", "ap-shanghai", "ap-beijing", "ap-singapore", "eu-frankfurt"}

// catalogue mirrors the public images a Tencent Cloud region offers.
var catalogue = []publicImage{
	{Name: "TencentOS Server 4 for x86_64", OSName: "TencentOS Server 4", Platform: "TencentOS", Arch: "x86_64", SizeGB: 20},
	{Name: "TencentOS Server 4 for ARM64", OSName: "TencentOS Server 4", Platform: "TencentOS", Arch: "arm64", SizeGB: 20, onlyIn: armRegions},
	{Name: "TencentOS Server 3.1 (TK4)", OSName: "TencentOS Server 3.1 (TK4)", Platform: "TencentOS", Arch: "x86_64", SizeGB: 20},
	{Name: "TencentOS Server 3.1 (TK4) for ARM64", OSName: "TencentOS Server 3.1 (TK4)", Platform: "TencentOS", Arch: "arm64", SizeGB: 20, onlyIn: armRegions},
	{Name: "TencentOS Server 2.4 (TK4)", OSName: "TencentOS Server 2.4 (TK4)", Platform: "TencentOS", Arch: "x86_64", SizeGB: 20},
	{Name: "OpenCloudOS 9", OSName: "OpenCloudOS 9", Platform: "OpenCloudOS", Arch: "x86_64", SizeGB: 20},
	{Name: "CentOS 7.9 64-bit", OSName: "CentOS 7.9 64-bit", Platform: "CentOS", Arch: "x86_64", SizeGB: 20},
	{Name: "CentOS Stream 9 64-bit", OSName: "CentOS Stream 9 64-bit", Platform: "CentOS", Arch: "x86_64", SizeGB: 20},
	{Name: "CentOS Stream 9 64-bit for ARM64", OSName: "CentOS Stream 9 64-bit", Platform: "CentOS", Arch: "arm64", SizeGB: 20, onlyIn: armRegions},
	{Name: "Ubuntu Server 24.04 LTS 64-bit", OSName: "Ubuntu Server 24.04 LTS 64-bit", Platform: "Ubuntu", Arch: "x86_64", SizeGB: 20},
	{Name: "Ubuntu Server 24.04 LTS 64-bit for ARM64", OSName: "Ubuntu Server 24.04 LTS 64-bit", Platform: "Ubuntu", Arch: "arm64", SizeGB: 20, onlyIn: armRegions},
	{Name: "Ubuntu Server 22.04 LTS 64-bit", OSName: "Ubuntu Server 22.04 LTS 64-bit", Platform: "Ubuntu", Arch: "x86_64", SizeGB: 20},
	{Name: "Ubuntu Server 22.04 LTS 64-bit for ARM64", OSName: "Ubuntu Server 22.04 LTS 64-bit", Platform: "Ubuntu", Arch: "arm64", SizeGB: 20, onlyIn: armRegions},
	{Name: "Ubuntu Server 20.04 LTS 64-bit", OSName: "Ubuntu Server 20.04 LTS 64-bit", Platform: "Ubuntu", Arch: "x86_64", SizeGB: 20},
	{Name: "Debian 12.8 64-bit", OSName: "Debian 12.8 64-bit", Platform: "Debian", Arch: "x86_64", SizeGB: 20},
	{Name: "Debian 12.8 64-bit for ARM64", OSName: "Debian 12.8 64-bit", Platform: "Debian", Arch: "arm64", SizeGB: 20, onlyIn: armRegions},
	{Name: "Debian 11.11 64-bit", OSName: "Debian 11.11 64-bit", Platform: "Debian", Arch: "x86_64", SizeGB: 20},
	{Name: "Rocky Linux 9.4 64-bit", OSName: "Rocky Linux 9.4 64-bit", Platform: "Rocky Linux", Arch: "x86_64", SizeGB: 20},
	{Name: "Rocky Linux 9.4 64-bit for ARM64", OSName: "Rocky Linux 9.4 64-bit", Platform: "Rocky Linux", Arch: "arm64", SizeGB: 20, onlyIn: armRegions},
	{Name: "Rocky Linux 8.10 64-bit", OSName: "Rocky Linux 8.10 64-bit", Platform: "Rocky Linux", Arch: "x86_64", SizeGB: 20},
	{Name: "AlmaLinux 9.4 64-bit", OSName: "AlmaLinux 9.4 64-bit", Platform: "AlmaLinux", Arch: "x86_64", SizeGB: 20},
	{Name: "Windows Server 2022 Datacenter 64-bit English", OSName: "Windows Server 2022 Datacenter 64-bit English", Platform: "Windows", Arch: "x86_64", SizeGB: 50},
	{Name: "Windows Server 2022 Datacenter 64-bit Chinese", OSName: "Windows Server 2022 Datacenter 64-bit Chinese", Platform: "Windows", Arch: "x86_64", SizeGB: 50},
	{Name: "Windows Server 2019 Datacenter 64-bit English", OSName: "Windows Server 2019 Datacenter 64-bit English", Platform: "Windows", Arch: "x86_64", SizeGB: 50},
	{Name: "Windows Server 2019 Datacenter 64-bit Chinese", OSName: "Windows Server 2019 Datacenter 64-bit Chinese", Platform: "Windows", Arch: "x86_64", SizeGB: 50},
}

// Platforms lists the platform filter's choices in display order.
var Platforms = []string{"TencentOS", "OpenCloudOS", "CentOS", "Ubuntu", "Debian", "Rocky Linux", "AlmaLinux", "Windows"}

// PlatformsMatching returns the platforms a DescribeImages "platform" filter
// value selects: the CVM reference matches it fuzzily, as part of the name
// in any case ("ubu" selects Ubuntu). Every image's platform is one of
// Platforms, so this is the same as matching the images themselves.
func PlatformsMatching(value string) []string {
	value = strings.ToLower(strings.TrimSpace(value))
	var out []string
	for _, p := range Platforms {
		if strings.Contains(strings.ToLower(p), value) {
			out = append(out, p)
		}
	}
	return out
}

// catalogueReleased is the created time of every public image: a fixed date,
// so a re-seed changes nothing.
var catalogueReleased = time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)

// publicImageID derives a stable id from region and name, so seeding twice (or
// on two replicas) yields the same rows.
func publicImageID(region, name string) string {
	sum := sha256.Sum256([]byte(region + "\x00" + name))
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	id := make([]byte, 8)
	for i := range id {
		id[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return "img-" + string(id)
}

// seedCatalogue inserts the public images missing from each region.
func seedCatalogue(tx *gorm.DB) error {
	for _, region := range RegionIDs {
		for _, p := range catalogue {
			if len(p.onlyIn) > 0 && !slices.Contains(p.onlyIn, region) {
				continue
			}
			img := Image{
				ID: publicImageID(region, p.Name), RegionID: region, Name: p.Name,
				Description: p.OSName, OSName: p.OSName, Platform: p.Platform, Architecture: p.Arch,
				SizeGB: p.SizeGB, State: ImageNormal, Source: SourceOfficial, Progress: 100,
				CreatedAt: catalogueReleased, UpdatedAt: catalogueReleased,
			}
			if err := tx.Where(Image{ID: img.ID}).FirstOrCreate(&img).Error; err != nil {
				return fmt.Errorf("seed public image %s in %s: %w", p.Name, region, err)
			}
		}
	}
	return nil
}
