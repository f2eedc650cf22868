package api

import (
	"crypto/sha256"

	"imageshare/models"
)

// Instance is an instance as DescribeInstances returns it: every field of
// CVM 2017-03-12's Instance model (as the Go SDK v1.1.0 and the Node.js SDK
// 4.1 know it), with its documented type. The simulator has no network,
// data disks, GPUs, tags or login keys: those fields are present and empty.
type Instance struct {
	Placement                Placement           `json:"Placement"`
	InstanceId               string              `json:"InstanceId"`
	InstanceType             string              `json:"InstanceType"`
	CPU                      int64               `json:"CPU"`
	Memory                   int64               `json:"Memory"`
	RestrictState            string              `json:"RestrictState"`
	InstanceName             string              `json:"InstanceName"`
	InstanceChargeType       string              `json:"InstanceChargeType"`
	SystemDisk               SystemDisk          `json:"SystemDisk"`
	DataDisks                []DataDisk          `json:"DataDisks"`
	PrivateIpAddresses       []string            `json:"PrivateIpAddresses"`
	PublicIpAddresses        []string            `json:"PublicIpAddresses"`
	InternetAccessible       InternetAccessible  `json:"InternetAccessible"`
	VirtualPrivateCloud      VirtualPrivateCloud `json:"VirtualPrivateCloud"`
	ImageId                  string              `json:"ImageId"`
	RenewFlag                string              `json:"RenewFlag"`
	CreatedTime              string              `json:"CreatedTime"`
	ExpiredTime              string              `json:"ExpiredTime"`
	OsName                   string              `json:"OsName"`
	SecurityGroupIds         []string            `json:"SecurityGroupIds"`
	LoginSettings            LoginSettings       `json:"LoginSettings"`
	InstanceState            string              `json:"InstanceState"`
	Tags                     []Tag               `json:"Tags"`
	StopChargingMode         string              `json:"StopChargingMode"`
	Uuid                     string              `json:"Uuid"`
	LatestOperation          string              `json:"LatestOperation"`
	LatestOperationState     string              `json:"LatestOperationState"`
	LatestOperationRequestId string              `json:"LatestOperationRequestId"`
	DisasterRecoverGroupId   string              `json:"DisasterRecoverGroupId"`
	DisasterRecoverGroupIds  []string            `json:"DisasterRecoverGroupIds"`
	IPv6Addresses            []string            `json:"IPv6Addresses"`
	PublicIPv6Addresses      []string            `json:"PublicIPv6Addresses"`
	CamRoleName              string              `json:"CamRoleName"`
	HpcClusterId             string              `json:"HpcClusterId"`
	RdmaIpAddresses          []string            `json:"RdmaIpAddresses"`
	DedicatedClusterId       string              `json:"DedicatedClusterId"`
	IsolatedSource           string              `json:"IsolatedSource"`
	GPUInfo                  GPUInfo             `json:"GPUInfo"`
	LicenseType              string              `json:"LicenseType"`
	DisableApiTermination    bool                `json:"DisableApiTermination"`
	HostName                 string              `json:"HostName"`
	DefaultLoginUser         string              `json:"DefaultLoginUser"`
	DefaultLoginPort         int64               `json:"DefaultLoginPort"`
	LatestOperationErrorMsg  string              `json:"LatestOperationErrorMsg"`
	EnableJumboFrame         bool                `json:"EnableJumboFrame"`
	Metadata                 Metadata            `json:"Metadata"`
	CpuTopology              CpuTopology         `json:"CpuTopology"`
	PartitionNumber          int64               `json:"PartitionNumber"`
}

// Placement is where an instance runs.
type Placement struct {
	Zone                         string   `json:"Zone"`
	ProjectId                    int64    `json:"ProjectId"`
	HostIds                      []string `json:"HostIds"`
	HostId                       string   `json:"HostId"`
	DedicatedResourcePackTenancy string   `json:"DedicatedResourcePackTenancy"`
	DedicatedResourcePackIds     []string `json:"DedicatedResourcePackIds"`
	RackId                       string   `json:"RackId"`
}

// SystemDisk is an instance's system disk.
type SystemDisk struct {
	DiskType string `json:"DiskType"`
	DiskId   string `json:"DiskId"`
	DiskSize int64  `json:"DiskSize"`
	CdcId    string `json:"CdcId"`
	DiskName string `json:"DiskName"`
	Encrypt  bool   `json:"Encrypt"`
	KmsKeyId string `json:"KmsKeyId"`
}

// DataDisk is a data disk; simulated instances have none.
type DataDisk struct {
	DiskSize              int64  `json:"DiskSize"`
	DiskType              string `json:"DiskType"`
	DiskId                string `json:"DiskId"`
	DeleteWithInstance    bool   `json:"DeleteWithInstance"`
	SnapshotId            string `json:"SnapshotId"`
	Encrypt               bool   `json:"Encrypt"`
	KmsKeyId              string `json:"KmsKeyId"`
	ThroughputPerformance int64  `json:"ThroughputPerformance"`
	CdcId                 string `json:"CdcId"`
	BurstPerformance      bool   `json:"BurstPerformance"`
	DiskName              string `json:"DiskName"`
}

// InternetAccessible is an instance's public network settings.
type InternetAccessible struct {
	InternetChargeType      string `json:"InternetChargeType"`
	InternetMaxBandwidthOut int64  `json:"InternetMaxBandwidthOut"`
	PublicIpAssigned        bool   `json:"PublicIpAssigned"`
	BandwidthPackageId      string `json:"BandwidthPackageId"`
	InternetServiceProvider string `json:"InternetServiceProvider"`
	IPv4AddressType         string `json:"IPv4AddressType"`
	IPv6AddressType         string `json:"IPv6AddressType"`
	AntiDDoSPackageId       string `json:"AntiDDoSPackageId"`
}

// VirtualPrivateCloud is an instance's private network.
type VirtualPrivateCloud struct {
	VpcId              string   `json:"VpcId"`
	SubnetId           string   `json:"SubnetId"`
	AsVpcGateway       bool     `json:"AsVpcGateway"`
	PrivateIpAddresses []string `json:"PrivateIpAddresses"`
	Ipv6AddressCount   uint64   `json:"Ipv6AddressCount"`
}

// LoginSettings never carry a password in an answer.
type LoginSettings struct {
	Password       string   `json:"Password"`
	KeyIds         []string `json:"KeyIds"`
	KeepImageLogin string   `json:"KeepImageLogin"`
}

// GPUInfo describes an instance's GPUs.
type GPUInfo struct {
	GPUCount float64  `json:"GPUCount"`
	GPUId    []string `json:"GPUId"`
	GPUType  string   `json:"GPUType"`
}

// Metadata is an instance's custom metadata.
type Metadata struct {
	Items []Tag `json:"Items"`
}

// CpuTopology is how an instance's vCPUs are laid out.
type CpuTopology struct {
	CoreCount     int64 `json:"CoreCount"`
	ThreadPerCore int64 `json:"ThreadPerCore"`
}

// Values of a simulated, pay-as-you-go instance (the CVM reference's names).
const (
	chargeType       = "POSTPAID_BY_HOUR"
	internetCharge   = "TRAFFIC_POSTPAID_BY_HOUR"
	systemDiskType   = "CLOUD_PREMIUM"
	restrictNormal   = "NORMAL"
	stopChargingNone = "NOT_APPLICABLE" // only prepaid instances stop charging when stopped
	notIsolated      = "NOTISOLATED"
)

func instanceOut(ins models.Instance) Instance {
	user, port := "root", int64(22)
	if ins.Platform == "Windows" {
		user, port = "Administrator", 3389
	}
	out := Instance{
		Placement:  Placement{Zone: ins.ZoneID, HostIds: []string{}, DedicatedResourcePackIds: []string{}},
		InstanceId: ins.ID, InstanceType: ins.InstanceType, RestrictState: restrictNormal, InstanceName: ins.Name,
		InstanceChargeType: chargeType,
		SystemDisk:         SystemDisk{DiskType: systemDiskType, DiskSize: int64(ins.DiskGB)},
		DataDisks:          []DataDisk{}, PrivateIpAddresses: []string{}, PublicIpAddresses: []string{},
		InternetAccessible:  InternetAccessible{InternetChargeType: internetCharge},
		VirtualPrivateCloud: VirtualPrivateCloud{PrivateIpAddresses: []string{}},
		ImageId:             ins.ImageID, CreatedTime: timeOut(ins.CreatedAt), OsName: ins.OSName,
		SecurityGroupIds: []string{}, LoginSettings: LoginSettings{KeyIds: []string{}}, InstanceState: ins.State,
		Tags: []Tag{}, StopChargingMode: stopChargingNone, Uuid: instanceUUID(ins.ID),
		DisasterRecoverGroupIds: []string{}, IPv6Addresses: []string{}, PublicIPv6Addresses: []string{},
		RdmaIpAddresses: []string{}, IsolatedSource: notIsolated, GPUInfo: GPUInfo{GPUId: []string{}},
		LicenseType: licenseType, DefaultLoginUser: user, DefaultLoginPort: port, Metadata: Metadata{Items: []Tag{}},
	}
	for _, t := range models.InstanceTypes {
		if t.ID == ins.InstanceType {
			out.CPU, out.Memory = int64(t.CPU), int64(t.Memory)
			out.CpuTopology = CpuTopology{CoreCount: int64(t.CPU), ThreadPerCore: 1}
		}
	}
	return out
}

// instanceUUID is an instance's stable UUID, derived from its id.
func instanceUUID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return uuidOf(sum[:])
}
