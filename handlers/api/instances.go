package api

import (
	"context"
	"slices"

	"imageshare/models"
)

// Instances: RunInstances, ResetInstance, DescribeInstances and
// TerminateInstances, on the console's (simulated) instance store.

type placement struct {
	Zone *string `json:"Zone"`
}

type runInstancesRequest struct {
	ImageId       *string    `json:"ImageId"`
	Placement     *placement `json:"Placement"`
	InstanceType  *string    `json:"InstanceType"`
	InstanceName  string     `json:"InstanceName"`
	InstanceCount *int64     `json:"InstanceCount"`
	ClientToken   string     `json:"ClientToken"`
	DryRun        bool       `json:"DryRun"`
}

type runInstancesResponse struct {
	InstanceIdSet []string `json:"InstanceIdSet"`
	meta
}

// runInstances launches instances from an image the caller may use, in a
// zone of the call's region: the image must be in that region (R4) and
// NORMAL (R13); a zone of another region is InvalidZone.MismatchRegion. A
// ClientToken the account used before returns that launch's instances.
func (h *Handler) runInstances(ctx context.Context, c *call) (response, error) {
	var in runInstancesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	image, err := imageID.one(in.ImageId, "ImageId")
	switch {
	case err != nil:
		return nil, err
	case in.Placement == nil || in.Placement.Zone == nil || *in.Placement.Zone == "":
		return nil, missing("Placement.Zone")
	case in.InstanceType == nil || *in.InstanceType == "":
		return nil, missing("InstanceType")
	}
	count := int64(1)
	if in.InstanceCount != nil {
		count = *in.InstanceCount
	}
	if count < 1 || count > models.MaxLaunchCount {
		return nil, apiErrorf("InvalidParameterValue", "InstanceCount must be from 1 to %d.", models.MaxLaunchCount)
	}
	launched, err := h.instances.Launch(dryRun(ctx, in.DryRun), c.actor, models.Launch{
		Region: c.region, Zone: *in.Placement.Zone, ImageID: image, InstanceType: *in.InstanceType,
		Name: in.InstanceName, Count: int(count), ClientToken: in.ClientToken,
	})
	if err != nil {
		return nil, err
	}
	out := &runInstancesResponse{InstanceIdSet: make([]string, len(launched))}
	for i, ins := range launched {
		out.InstanceIdSet[i] = ins.ID
	}
	return out, nil
}

type resetInstanceRequest struct {
	InstanceId *string `json:"InstanceId"`
	ImageId    *string `json:"ImageId"`
}

// resetInstance reinstalls an instance with an image of its region (R4, R13);
// without ImageId, with the image it runs now.
func (h *Handler) resetInstance(ctx context.Context, c *call) (response, error) {
	var in resetInstanceRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	ins, err := h.regionInstance(ctx, c, in.InstanceId, "InstanceId")
	if err != nil {
		return nil, err
	}
	image := ins.ImageID
	if in.ImageId != nil && *in.ImageId != "" {
		if image, err = imageID.one(in.ImageId, "ImageId"); err != nil {
			return nil, err
		}
	}
	if err := h.instances.Reinstall(ctx, c.actor, ins.ID, image); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type describeInstancesRequest struct {
	InstanceIds []string `json:"InstanceIds"`
	Filters     []Filter `json:"Filters"`
	Offset      *int64   `json:"Offset"`
	Limit       *int64   `json:"Limit"`
}

type describeInstancesResponse struct {
	TotalCount  int64      `json:"TotalCount"`
	InstanceSet []Instance `json:"InstanceSet"`
	meta
}

// instanceFilters are DescribeInstances' filters and what each compares.
var instanceFilters = map[string]func(models.Instance) string{
	"zone":           func(i models.Instance) string { return i.ZoneID },
	"instance-id":    func(i models.Instance) string { return i.ID },
	"instance-name":  func(i models.Instance) string { return i.Name },
	"instance-type":  func(i models.Instance) string { return i.InstanceType },
	"instance-state": func(i models.Instance) string { return i.State },
	"image-id":       func(i models.Instance) string { return i.ImageID },
}

// describeInstances lists the caller's instances in the region, newest
// first, filtered and paged here over the console's list (at most 500).
func (h *Handler) describeInstances(ctx context.Context, c *call) (response, error) {
	var in describeInstancesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	if len(in.InstanceIds) > 0 && len(in.Filters) > 0 {
		return nil, apiErrorf("InvalidParameterCombination", "InstanceIds and Filters cannot be given together.")
	}
	offset, limit, err := window(in.Offset, in.Limit)
	if err != nil {
		return nil, err
	}
	filters := in.Filters
	if len(in.InstanceIds) > 0 {
		ids, err := instanceID.list(in.InstanceIds, "InstanceIds")
		if err != nil {
			return nil, err
		}
		filters = []Filter{{Name: "instance-id", Values: ids}}
	}
	for _, f := range filters {
		if instanceFilters[f.Name] == nil {
			return nil, apiErrorf("InvalidFilter", "The filter %q does not exist: use zone, instance-id, instance-name, "+
				"instance-type, instance-state or image-id.", f.Name)
		}
	}
	all, err := h.instances.List(ctx, c.actor, c.region)
	if err != nil {
		return nil, err
	}
	var found []models.Instance
	for _, ins := range all {
		if matchesAll(ins, filters) {
			found = append(found, ins)
		}
	}
	out := &describeInstancesResponse{TotalCount: int64(len(found)), InstanceSet: []Instance{}}
	for _, ins := range found[min(offset, len(found)):min(len(found), offset+limit)] {
		out.InstanceSet = append(out.InstanceSet, instanceOut(ins))
	}
	return out, nil
}

func matchesAll(ins models.Instance, filters []Filter) bool {
	for _, f := range filters {
		if !slices.Contains(f.Values, instanceFilters[f.Name](ins)) {
			return false
		}
	}
	return true
}

type terminateInstancesRequest struct {
	InstanceIds []string `json:"InstanceIds"`
}

// terminateInstances ends instances of the caller in the region. Every id is
// looked up first, so one unknown id terminates nothing.
func (h *Handler) terminateInstances(ctx context.Context, c *call) (response, error) {
	var in terminateInstancesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	ids, err := h.regionInstances(ctx, c, in.InstanceIds, "InstanceIds")
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if err := h.instances.Terminate(ctx, c.actor, id); err != nil {
			return nil, err
		}
	}
	return &empty{}, nil
}
