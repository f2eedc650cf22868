package models

import (
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Region is a cloud region; its display name is translated (key "region.<id>").
type Region struct {
	ID       string `gorm:"primaryKey"`
	Position int
}

// Zone is an availability zone of one region.
type Zone struct {
	ID       string `gorm:"primaryKey"`
	RegionID string
	Position int
}

// DefaultRegion is where a user lands before choosing another.
const DefaultRegion = "ap-guangzhou"

// RegionIDs lists the product's regions in display order (SPEC 2).
var RegionIDs = []string{
	"ap-guangzhou", "ap-shanghai", "ap-beijing", "ap-chengdu", "ap-hongkong",
	"ap-singapore", "sa-saopaulo", "na-siliconvalley", "eu-frankfurt",
}

// ValidRegion reports whether id names one of the product's regions.
func ValidRegion(id string) bool { return slices.Contains(RegionIDs, id) }

// ZoneIDs returns the zones of a region: <region>-1..3.
func ZoneIDs(region string) []string {
	return []string{region + "-1", region + "-2", region + "-3"}
}

// seedRegions inserts missing regions and zones; existing rows stay.
func seedRegions(tx *gorm.DB) error {
	for i, id := range RegionIDs {
		r := Region{ID: id, Position: i}
		if err := tx.Where(Region{ID: id}).FirstOrCreate(&r).Error; err != nil {
			return fmt.Errorf("seed region %s: %w", id, err)
		}
		for j, z := range ZoneIDs(id) {
			zone := Zone{ID: z, RegionID: id, Position: j}
			if err := tx.Where(Zone{ID: z}).FirstOrCreate(&zone).Error; err != nil {
				return fmt.Errorf("seed zone %s: %w", z, err)
			}
		}
	}
	return nil
}

// CheckRegion returns a not-found error naming id unless it is a region.
func CheckRegion(id string) error {
	if ValidRegion(id) {
		return nil
	}
	return notFound("InvalidParameterValue.InvalidRegion", Msg("images.bad_region", id))
}
