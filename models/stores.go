package models

import (
	"time"

	"imageshare/storage"
)

// StoreConfig is what the stores take from the deployment's configuration.
type StoreConfig struct {
	Sessions   SessionPolicy
	LoginLimit LoginLimit
	// JobTick is the simulated time of one step of background work (0: as
	// fast as the worker runs, for tests).
	JobTick time.Duration
	// Blobs keeps the images' bytes (nil: images hold none; transfers wait).
	Blobs storage.Store
	// Exports is where ExportImages writes (nil: Blobs, under ExportRegion).
	Exports storage.Store
	// UploadDir spools browser uploads ("": under the temporary directory).
	UploadDir string
	// TransferRate bounds each import or copy, in bytes per second (0: none).
	TransferRate int64
}

// Stores is the one set of domain stores of a process, built once (by the
// server's main, or by a test) and shared by the console, the API and the
// job worker, so all three ask the same questions of the same objects.
type Stores struct {
	DB        *DB
	Auth      *AuthStore
	Sessions  *SessionStore
	Users     *UserStore
	Accounts  *AccountStore
	Images    *ImageStore
	Instances *InstanceStore
	Shares    *ShareStore
	Quotas    *QuotaStore
	Admin     *AdminStore
	Audit     *AuditStore
	Notes     *NotificationStore
	APIKeys   *APIKeyStore
	Replay    *ReplayGuard
	Jobs      *JobQueue
	Transfers *TransferQueue
	Content   *ContentStore
	Uploads   *UploadStore
	Bin       *ImageBinStore
	Orgs      *OrgStore
}

// NewStores builds every store over one database.
func NewStores(db *DB, cfg StoreConfig) *Stores {
	if cfg.LoginLimit == (LoginLimit{}) {
		cfg.LoginLimit = DefaultLoginLimit
	}
	admin := NewAdminStore(db)
	replay := NewReplayGuard(db)
	sessions := NewSessionStore(db, cfg.Sessions)
	apiKeys := NewAPIKeyStore(db)
	jobs := NewJobQueue(db, cfg.JobTick)
	// The worker writes the reads the guard remembers (see ReplayGuard) and
	// the last uses of sessions and keys (see lastUsed).
	jobs.replay = replay
	jobs.lastUsed = []*lastUsed{sessions.seen, apiKeys.used}
	images := NewImageStore(db)
	uploads := NewUploadStore(db, images, cfg.UploadDir)
	jobs.uploads = uploads
	transfers := NewTransferQueue(db, cfg.Blobs)
	transfers.LimitRate(cfg.TransferRate)
	transfers.exports = cfg.Exports
	return &Stores{
		DB:        db,
		Auth:      NewAuthStore(db, cfg.LoginLimit),
		Sessions:  sessions,
		Users:     NewUserStore(db),
		Accounts:  NewAccountStore(db),
		Images:    images,
		Instances: NewInstanceStore(db),
		Shares:    NewShareStore(db),
		Quotas:    NewQuotaStore(db),
		Admin:     admin,
		Audit:     &AuditStore{admin: admin},
		Notes:     NewNotificationStore(db),
		APIKeys:   apiKeys,
		Replay:    replay,
		Jobs:      jobs,
		Transfers: transfers,
		Content:   &ContentStore{db: db, blobs: cfg.Blobs, exports: cfg.Exports},
		Uploads:   uploads,
		Bin:       NewImageBinStore(db),
		Orgs:      NewOrgStore(db),
	}
}
