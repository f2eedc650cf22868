package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Instance states (SPEC 2).
const (
	InstancePending      = "PENDING"
	InstanceRunning      = "RUNNING"
	InstanceStopped      = "STOPPED"
	InstanceReinstalling = "REINSTALLING"
	InstanceTerminated   = "TERMINATED"
)

// Instance is a simulated virtual machine: a record with a lifecycle, run by
// the built-in simulator rather than a hypervisor.
type Instance struct {
	ID           string `gorm:"primaryKey"`
	AccountID    string
	RegionID     string
	ZoneID       string
	Name         string
	InstanceType string
	ImageID      string
	ImageName    string
	OSName       string
	Platform     string
	Architecture string
	DiskGB       int
	// DiskSHA256 is the content its system disk was made from: it holds a
	// reference, so images made from it share the bytes (see disk_refs.go).
	DiskSHA256 string `gorm:"column:disk_sha256"`
	State      string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// InstanceType is a machine size the simulator offers.
type InstanceType struct {
	ID           string
	CPU, Memory  int
	Architecture string
}

// InstanceTypes lists the sizes, x86_64 and arm64.
var InstanceTypes = []InstanceType{
	{"S5.SMALL2", 1, 2, "x86_64"},
	{"S5.MEDIUM2", 2, 2, "x86_64"},
	{"S5.MEDIUM4", 2, 4, "x86_64"},
	{"S5.LARGE8", 4, 8, "x86_64"},
	{"SA2.MEDIUM4", 2, 4, "x86_64"},
	{"SR1.MEDIUM4", 2, 4, "arm64"},
	{"SR1.LARGE8", 4, 8, "arm64"},
}

// CompatibleTypes lists the instance types that can run an image of the
// given architecture, in catalogue order: what launch and reinstall offer,
// by the rule they apply (archRefusal). An empty architecture (no image
// chosen yet) gives every type.
func CompatibleTypes(architecture string) []InstanceType {
	var out []InstanceType
	for _, t := range InstanceTypes {
		if architecture == "" || archRefusal(t, architecture, "instance_type") == nil {
			out = append(out, t)
		}
	}
	return out
}

// archRefusal: an instance type runs images of its own architecture only.
// field names the form input the refusal belongs to.
func archRefusal(it InstanceType, imageArch, field string) *Error {
	if it.Architecture == imageArch {
		return nil
	}
	return invalid("InvalidParameterCombination", FieldError{field,
		Msg("instance.arch_mismatch", it.ID, it.Architecture, imageArch)})
}

func instanceType(id string) (InstanceType, bool) {
	for _, t := range InstanceTypes {
		if t.ID == id {
			return t, true
		}
	}
	return InstanceType{}, false
}

// MaxLaunchCount bounds instances launched by one request.
const MaxLaunchCount = 10

// Launch is a request to create instances from an image.
type Launch struct {
	Region       string
	Zone         string
	ImageID      string
	InstanceType string
	Name         string
	Count        int
	// ClientToken, if set, makes the launch idempotent: a launch with a
	// token the account already used returns that launch's instances.
	ClientToken string
}

// InstanceStore runs the simulated instances of accounts.
type InstanceStore struct{ db *DB }

// NewInstanceStore returns the instance store.
func NewInstanceStore(db *DB) *InstanceStore { return &InstanceStore{db: db} }

// List returns the account's instances in a region, newest first; terminated
// ones are gone from the list.
func (s *InstanceStore) List(ctx context.Context, actor Actor, region string) ([]Instance, error) {
	var out []Instance
	err := s.db.reader(ctx).Where("account_id = ? AND region_id = ? AND state <> ?", actor.AccountID, region, InstanceTerminated).
		Order("created_at DESC, id").Limit(500).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list instances: %w", err)
	}
	return out, nil
}

// Get returns one of the account's instances.
func (s *InstanceStore) Get(ctx context.Context, actor Actor, id string) (Instance, error) {
	return getInstance(s.db.reader(ctx), actor, id)
}

// InRegion returns one of the account's instances in one region: the API
// scopes every call to its X-TC-Region, so an instance elsewhere is not
// found there.
func (s *InstanceStore) InRegion(ctx context.Context, actor Actor, id, region string) (Instance, error) {
	ins, err := s.Get(ctx, actor, id)
	if err == nil && ins.RegionID != region {
		return Instance{}, instanceNotFound(id)
	}
	return ins, err
}

func instanceNotFound(id string) *Error {
	return notFound("InvalidInstanceId.NotFound", Msg("instance.not_found", id))
}

func getInstance(tx *gorm.DB, actor Actor, id string) (Instance, error) {
	var ins Instance
	if !ValidInstanceID(id) {
		return ins, instanceNotFound(id)
	}
	err := tx.Where("id = ? AND account_id = ? AND state <> ?", id, actor.AccountID, InstanceTerminated).Take(&ins).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ins, instanceNotFound(id)
	}
	return ins, err
}

// usableImage loads an image to launch or reinstall from in a region: one the
// actor may see (public, own, or shared with it), in that very region (R4),
// and NORMAL (R13). The owner may launch from its own image while it is
// shared (R11): nothing here looks at shares of the actor's own images.
func usableImage(tx *gorm.DB, actor Actor, region, imageID string) (ImageView, error) {
	img, err := getVisible(tx, actor, imageID)
	if err != nil {
		return img, err
	}
	if img.RegionID != region {
		return img, notFound("InvalidImageId.NotFound", Msg("image.other_region", imageID, regionKey(img.RegionID), regionKey(region)))
	}
	if r := requireUsable(img.Image, "image"); r != nil {
		return img, r
	}
	return img, nil
}

// Launch creates Count instances from an image in a zone of the image's
// region; they start PENDING and the simulator brings them to RUNNING. With
// a ClientToken already used by the account, it launches nothing and
// returns the instances of that first launch.
func (s *InstanceStore) Launch(ctx context.Context, actor Actor, in Launch) ([]Instance, error) {
	const action = "instance.launch"
	var out []Instance
	err := s.db.change(ctx, actor, action, func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = in.ImageID
		it, err := checkLaunch(&in)
		if err != nil {
			return err
		}
		if in.ClientToken != "" {
			first, retry, err := claimClientToken(tx, actor.AccountID, action, in.ClientToken)
			if err != nil {
				return err
			}
			if retry {
				ev.Detail = "retry of " + first
				out, err = instancesByID(tx, actor, strings.Fields(first))
				return err
			}
		}
		img, err := usableImage(tx, actor, in.Region, in.ImageID)
		if err != nil {
			return err
		}
		if r := archRefusal(it, img.Architecture, "instance_type"); r != nil {
			return r
		}
		if out, err = createInstances(tx, actor, in, it, img); err != nil {
			return err
		}
		ids := make([]string, len(out))
		for i, ins := range out {
			ids[i] = ins.ID
		}
		ev.Detail = strings.Join(ids, " ")
		if in.ClientToken == "" {
			return nil
		}
		return storeClientToken(tx, actor.AccountID, action, in.ClientToken, ev.Detail)
	})
	return out, wrap("launch instances", err)
}

// createInstances creates the instances of a checked launch, each with the
// job that boots it.
func createInstances(tx *gorm.DB, actor Actor, in Launch, it InstanceType, img ImageView) ([]Instance, error) {
	now := time.Now().UTC()
	out := make([]Instance, 0, in.Count)
	for i := range in.Count {
		name := in.Name
		if in.Count > 1 {
			name = fmt.Sprintf("%s-%d", in.Name, i+1)
		}
		ins := Instance{
			ID: newID("ins-"), AccountID: actor.AccountID, RegionID: in.Region, ZoneID: in.Zone, Name: name,
			InstanceType: it.ID, ImageID: img.ID, ImageName: img.Name, OSName: img.OSName, Platform: img.Platform,
			Architecture: img.Architecture, DiskGB: img.SizeGB, DiskSHA256: img.ContentSHA256, State: InstancePending,
			CreatedAt: now, UpdatedAt: now,
		}
		if err := tx.Create(&ins).Error; err != nil {
			return nil, err
		}
		if err := refBlob(tx, ins.RegionID, ins.DiskSHA256); err != nil {
			return nil, err
		}
		if err := enqueue(tx, Job{Kind: JobInstanceBoot, InstanceID: ins.ID}); err != nil {
			return nil, err
		}
		out = append(out, ins)
	}
	return out, nil
}

// instancesByID returns the account's instances with these ids, in that
// order, whatever their state now (terminated ones included).
func instancesByID(tx *gorm.DB, actor Actor, ids []string) ([]Instance, error) {
	var found []Instance
	if err := tx.Where("id IN ? AND account_id = ?", ids, actor.AccountID).Find(&found).Error; err != nil {
		return nil, err
	}
	out := make([]Instance, 0, len(found))
	for _, id := range ids {
		for _, ins := range found {
			if ins.ID == id {
				out = append(out, ins)
			}
		}
	}
	return out, nil
}

// checkLaunch validates a launch request (trimming its name) and returns the
// instance type it names.
func checkLaunch(in *Launch) (InstanceType, error) {
	if err := CheckRegion(in.Region); err != nil {
		return InstanceType{}, err
	}
	var fields []FieldError
	if in.Name = strings.TrimSpace(in.Name); in.Name == "" {
		in.Name = "unnamed"
	} else if e := checkImageName(in.Name); e != nil {
		fields = append(fields, e.Fields...)
	}
	if in.Count < 1 || in.Count > MaxLaunchCount {
		fields = append(fields, FieldError{"count", Msg("instance.count_range", MaxLaunchCount)})
	}
	if e := checkClientToken(in.ClientToken); e != nil {
		fields = append(fields, *e)
	}
	it, ok := instanceType(in.InstanceType)
	if !ok {
		fields = append(fields, FieldError{"instance_type", Msg("validation.invalid_choice")})
	}
	if len(fields) > 0 {
		return it, invalid("InvalidParameterValue", fields...)
	}
	if !slices.Contains(ZoneIDs(in.Region), in.Zone) {
		return it, invalid("InvalidZone.MismatchRegion", FieldError{"zone", Msg("instance.zone_mismatch", in.Zone, regionKey(in.Region))})
	}
	return it, nil
}

// Stop stops a running instance; Start starts a stopped one. Both are
// immediate in the simulator.
func (s *InstanceStore) Stop(ctx context.Context, actor Actor, id string) error {
	return s.transition(ctx, actor, "instance.stop", id, InstanceRunning, InstanceStopped)
}

// Start starts a stopped instance.
func (s *InstanceStore) Start(ctx context.Context, actor Actor, id string) error {
	return s.transition(ctx, actor, "instance.start", id, InstanceStopped, InstanceRunning)
}

// Terminate ends an instance from any state; an image being made from it
// then fails (the simulator has nothing left to copy).
func (s *InstanceStore) Terminate(ctx context.Context, actor Actor, id string) error {
	err := s.db.change(ctx, actor, "instance.terminate", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = id
		ins, err := getInstance(tx, actor, id)
		if err != nil {
			return err
		}
		if err := releaseDisk(tx, ins); err != nil {
			return err
		}
		return tx.Model(&Instance{}).Where("id = ?", ins.ID).
			Updates(map[string]any{"state": InstanceTerminated, "updated_at": time.Now().UTC()}).Error
	})
	return wrap("terminate instance", err)
}

// transition moves an instance between states with a conditional update, so
// two concurrent requests cannot both act on the same state.
func (s *InstanceStore) transition(ctx context.Context, actor Actor, action, id, from, to string) error {
	err := s.db.change(ctx, actor, action, func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = id
		ins, err := getInstance(tx, actor, id)
		if err != nil {
			return err
		}
		res := tx.Model(&Instance{}).Where("id = ? AND state = ?", ins.ID, from).
			Updates(map[string]any{"state": to, "updated_at": time.Now().UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return instanceStateError(ins.State)
		}
		return nil
	})
	return wrap("change instance state", err)
}

func instanceStateError(state string) *Error {
	return &Error{Kind: ErrConflict, Code: "UnsupportedOperation.InstanceStateNotSupported",
		Msg: Msg("instance.wrong_state", Msg("state."+state))}
}

// Reinstall replaces an instance's system disk with another image of the
// instance's region (R4, R13); the instance is REINSTALLING until the
// simulator brings it back to RUNNING.
func (s *InstanceStore) Reinstall(ctx context.Context, actor Actor, id, imageID string) error {
	err := s.db.change(ctx, actor, "instance.reinstall", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = id, imageID
		ins, err := getInstance(tx, actor, id)
		if err != nil {
			return err
		}
		if r := ins.Can().Reinstall.Refusal; r != nil {
			return r
		}
		img, err := usableImage(tx, actor, ins.RegionID, imageID)
		if err != nil {
			return err
		}
		it, _ := instanceType(ins.InstanceType)
		if r := archRefusal(it, img.Architecture, "image"); r != nil {
			return r
		}
		// Conditional on the state read above: a terminate that committed in
		// between must not be undone by this reinstall.
		res := tx.Model(&Instance{}).Where("id = ? AND state IN ?", ins.ID, []string{InstanceRunning, InstanceStopped}).
			Updates(map[string]any{
				"state": InstanceReinstalling, "image_id": img.ID, "image_name": img.Name, "os_name": img.OSName,
				"platform": img.Platform, "architecture": img.Architecture, "disk_gb": img.SizeGB,
				"disk_sha256": img.ContentSHA256, "updated_at": time.Now().UTC(),
			})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			cur, err := getInstance(tx, actor, ins.ID)
			if err != nil {
				return err
			}
			return instanceStateError(cur.State)
		}
		if err := swapDisk(tx, ins, img.ContentSHA256); err != nil {
			return err
		}
		return enqueue(tx, Job{Kind: JobInstanceReinstall, InstanceID: ins.ID})
	})
	return wrap("reinstall instance", err)
}
