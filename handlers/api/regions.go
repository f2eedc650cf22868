package api

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"imageshare/models"
	"imageshare/views/i18n"
)

// Regions and zones: DescribeRegions and DescribeZones.

// RegionInfo is one region.
type RegionInfo struct {
	Region      string `json:"Region"`
	RegionName  string `json:"RegionName"`
	RegionState string `json:"RegionState"`
}

type describeRegionsResponse struct {
	TotalCount uint64       `json:"TotalCount"`
	RegionSet  []RegionInfo `json:"RegionSet"`
	meta
}

// describeRegions lists every region of the platform; it needs no
// X-TC-Region.
func (h *Handler) describeRegions(_ context.Context, c *call) (response, error) {
	out := &describeRegionsResponse{TotalCount: uint64(len(models.RegionIDs))}
	for _, r := range models.RegionIDs {
		out.RegionSet = append(out.RegionSet, RegionInfo{Region: r, RegionName: regionName(c.locale, r), RegionState: "AVAILABLE"})
	}
	return out, nil
}

// ZoneInfo is one availability zone.
type ZoneInfo struct {
	Zone      string `json:"Zone"`
	ZoneName  string `json:"ZoneName"`
	ZoneId    string `json:"ZoneId"`
	ZoneState string `json:"ZoneState"`
}

type describeZonesResponse struct {
	TotalCount uint64     `json:"TotalCount"`
	ZoneSet    []ZoneInfo `json:"ZoneSet"`
	meta
}

// describeZones lists the zones of the call's region. ZoneId is numeric as
// Tencent's: the region's position times 100000 plus the zone's number.
func (h *Handler) describeZones(_ context.Context, c *call) (response, error) {
	zones := models.ZoneIDs(c.region)
	pos := slices.Index(models.RegionIDs, c.region) + 1
	out := &describeZonesResponse{TotalCount: uint64(len(zones))}
	for i, z := range zones {
		out.ZoneSet = append(out.ZoneSet, ZoneInfo{
			Zone: z, ZoneName: fmt.Sprintf("%s %d", regionName(c.locale, c.region), i+1),
			ZoneId: strconv.Itoa(pos*100000 + i + 1), ZoneState: "AVAILABLE",
		})
	}
	return out, nil
}

func regionName(locale, region string) string { return i18n.Tr(locale, "region."+region) }
