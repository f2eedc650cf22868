package pages

// AdminStorageView is Admin > Storage: usage, import bounds, byte quotas.
type AdminStorageView struct {
	Regions  []StorageRegionRow
	Accounts []StorageAccountRow
	Import   ImportSettingsForm
	Quota    ByteQuotaForm
}

// StorageRegionRow is what one region's storage holds.
type StorageRegionRow struct {
	Region  string
	Bytes   int64
	Objects int64
}

// StorageAccountRow is what one account's images hold.
type StorageAccountRow struct {
	AccountID, Name string
	Bytes, Images   int64
	Quota           int64
}

// ImportSettingsForm is the import bounds form (MiB, allow-list text).
type ImportSettingsForm struct {
	MaxMiB, Allow string
	Errors        map[string]string
}

// ByteQuotaForm sets one account's byte quota (MiB; 0 removes it).
type ByteQuotaForm struct {
	Account, MaxMiB string
	Errors          map[string]string
}
