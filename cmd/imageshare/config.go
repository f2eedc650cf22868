package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"imageshare/models"
)

// config is the server's configuration: flags, each with an environment
// variable that supplies its default.
type config struct {
	addr       string
	apiAddr    string
	apiAddrSet bool // given by flag or environment, not the default
	addrSet    bool // given by flag or environment, not the default
	// demoLoopback: --demo without an address moved the listeners to
	// 127.0.0.1 (the demo's passwords are public).
	demoLoopback  bool
	metricsAddr   string
	masterKeyFile string
	db            string
	storage       string
	uploadDir     string
	exportStorage string
	demo          bool
	logFormat     string
	tlsCert       string
	tlsKey        string
	secureCookies bool
	sessionIdle   time.Duration
	sessionMax    time.Duration
	loginIPLimit  int
	jobTick       time.Duration
	transferRate  int
	maxInFlight   int
	// Only from the environment: secrets do not belong in a process listing.
	adminPassword string
	demoPassword  string
	metricsToken  string
	masterKey     []byte // the operator's, from the file or IMAGESHARE_MASTER_KEY; nil: kept in the database
}

// envVar documents one environment variable for --help.
type envVar struct{ name, flag, usage string }

var envOnly = []envVar{
	{"IMAGESHARE_ADMIN_PASSWORD", "", "password of the first admin (default: a generated one-time password, printed once)"},
	{"IMAGESHARE_DEMO_PASSWORD", "", "password of the demo users with --demo (default \"imageshare\")"},
	{"IMAGESHARE_METRICS_TOKEN", "", "bearer token /metrics asks scrapers for (default: none)"},
	{"IMAGESHARE_MASTER_KEY", "", "master key (32 random bytes in base64) encrypting API SecretKeys, kept outside the database; or --master-key-file (default: one kept in the database)"},
	{"IMAGESHARE_NEW_MASTER_KEY", "", "for `imageshare apikey rotate-master`: the new master key; or --new-master-key-file"},
}

// parseServeConfig reads flags over environment defaults. A bad value fails
// with one line naming the flag or variable and what it accepts.
func parseServeConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("imageshare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var envErr error
	str := func(p *string, name, env, def, usage string) {
		if v := getenv(env); v != "" {
			def = v
		}
		fs.StringVar(p, name, def, usage+" ["+env+"]")
	}
	boolean := func(p *bool, name, env string, usage string) {
		def := false
		if v := getenv(env); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil && envErr == nil {
				envErr = fmt.Errorf("invalid %s=%q: use true or false", env, v)
			}
			def = b
		}
		fs.BoolVar(p, name, def, usage+" ["+env+"]")
	}
	duration := func(p *time.Duration, name, env string, def time.Duration, usage string) {
		if v := getenv(env); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil && envErr == nil {
				envErr = fmt.Errorf("invalid %s=%q: use a duration such as 30m or 12h", env, v)
			}
			def = d
		}
		fs.DurationVar(p, name, def, usage+" ["+env+"]")
	}
	str(&cfg.addr, "addr", "IMAGESHARE_ADDR", ":8080", "address the console listens on (with --demo and no --addr: 127.0.0.1:8080, with the API on 127.0.0.1 too)")
	str(&cfg.apiAddr, "api-addr", "IMAGESHARE_API_ADDR", ":9000",
		"address the Tencent Cloud API 3.0-compatible API listens on; \"\" for none (the console's /api still answers)")
	str(&cfg.metricsAddr, "metrics-addr", "IMAGESHARE_METRICS_ADDR", "",
		"address of a listener serving only /metrics, which the console's address then no longer serves (default: none)")
	str(&cfg.masterKeyFile, "master-key-file", "IMAGESHARE_MASTER_KEY_FILE", "",
		"file holding the master key that encrypts API SecretKeys, so the database does not hold it (default: kept in the database)")
	str(&cfg.db, "db", "IMAGESHARE_DB", "./data/imageshare.db", "SQLite file, or a postgres:// DSN for PostgreSQL")
	str(&cfg.storage, "storage", "IMAGESHARE_STORAGE", defaultStorage, storageUsage)
	str(&cfg.exportStorage, "export-storage", "IMAGESHARE_EXPORT_STORAGE", "",
		"where ExportImages writes, each BucketName a folder in it: file://DIR or s3://BUCKET?endpoint=URL&region=R (default: the image storage, under exports/)")
	str(&cfg.uploadDir, "upload-dir", "IMAGESHARE_UPLOAD_DIR", "",
		"directory spooling browser uploads until they are imported; replicas need one they share, or sticky sessions (default: under the system's temporary directory)")
	boolean(&cfg.demo, "demo", "IMAGESHARE_DEMO", "also seed the demo accounts alice, bob and carol")
	str(&cfg.logFormat, "log-format", "IMAGESHARE_LOG_FORMAT", "json", "log format: json or text")
	str(&cfg.tlsCert, "tls-cert", "IMAGESHARE_TLS_CERT", "", "PEM certificate (chain) file: every listener serves HTTPS (with --tls-key)")
	str(&cfg.tlsKey, "tls-key", "IMAGESHARE_TLS_KEY", "", "PEM private key file of --tls-cert")
	boolean(&cfg.secureCookies, "secure-cookies", "IMAGESHARE_SECURE_COOKIES",
		"mark cookies Secure and send HSTS (default: true with --tls-cert; set it behind a TLS-terminating proxy)")
	duration(&cfg.sessionIdle, "session-idle", "IMAGESHARE_SESSION_IDLE", 2*time.Hour, "sign out after this long without a request")
	duration(&cfg.sessionMax, "session-max", "IMAGESHARE_SESSION_MAX", 12*time.Hour, "sign out this long after sign-in, active or not")
	duration(&cfg.jobTick, "job-tick", "IMAGESHARE_JOB_TICK", time.Second,
		"simulated duration of one progress step of image creation, copies and instance start (0: as fast as possible)")
	integer := func(p *int, name, env string, def int, usage string) {
		if v := getenv(env); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil && envErr == nil {
				envErr = fmt.Errorf("invalid %s=%q: use a whole number", env, v)
			}
			def = n
		}
		fs.IntVar(p, name, def, usage+" ["+env+"]")
	}
	integer(&cfg.loginIPLimit, "login-ip-limit", "IMAGESHARE_LOGIN_IP_LIMIT", models.DefaultLoginLimit.PerIP,
		"failed sign-ins allowed from one address in 15 minutes (per username the limit is 5)")
	integer(&cfg.transferRate, "transfer-rate", "IMAGESHARE_TRANSFER_RATE", 0,
		"bytes per second each image import or copy may move (0: no limit)")
	integer(&cfg.maxInFlight, "max-inflight", "IMAGESHARE_MAX_INFLIGHT", 0,
		"console requests served at once, the rest wait their turn (0: two per CPU)")
	fs.Usage = func() { usage(fs, stderr) }
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if envErr != nil {
		return cfg, envErr
	}
	cfg.apiAddrSet = getenv("IMAGESHARE_API_ADDR") != ""
	cfg.addrSet = getenv("IMAGESHARE_ADDR") != ""
	secureSet := getenv("IMAGESHARE_SECURE_COOKIES") != ""
	fs.Visit(func(f *flag.Flag) {
		cfg.apiAddrSet = cfg.apiAddrSet || f.Name == "api-addr"
		cfg.addrSet = cfg.addrSet || f.Name == "addr"
		secureSet = secureSet || f.Name == "secure-cookies"
	})
	// The demo's users have known passwords: unless told where, it listens
	// on this machine only.
	if cfg.demo && !cfg.addrSet {
		cfg.addr, cfg.demoLoopback = "127.0.0.1"+cfg.addr, true
		if !cfg.apiAddrSet && strings.HasPrefix(cfg.apiAddr, ":") {
			cfg.apiAddr = "127.0.0.1" + cfg.apiAddr
		}
	}
	// Served over TLS, cookies are Secure unless the operator says otherwise.
	if cfg.tlsCert != "" && !secureSet {
		cfg.secureCookies = true
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	cfg.adminPassword = getenv("IMAGESHARE_ADMIN_PASSWORD")
	cfg.demoPassword = getenv("IMAGESHARE_DEMO_PASSWORD")
	cfg.metricsToken = getenv("IMAGESHARE_METRICS_TOKEN")
	if cfg.demoPassword == "" {
		cfg.demoPassword = "imageshare"
	}
	if err := cfg.validate(); err != nil {
		return cfg, err
	}
	var err error
	cfg.masterKey, err = loadMasterKey(cfg.masterKeyFile, getenv("IMAGESHARE_MASTER_KEY"), "--master-key-file", "IMAGESHARE_MASTER_KEY")
	return cfg, err
}

func (c config) validate() error {
	if _, port, err := net.SplitHostPort(c.addr); err != nil || port == "" {
		return fmt.Errorf("invalid --addr %q: use host:port or :port, e.g. :8080", c.addr)
	}
	if c.apiAddr != "" {
		if _, port, err := net.SplitHostPort(c.apiAddr); err != nil || port == "" {
			return fmt.Errorf("invalid --api-addr %q: use host:port or :port, e.g. :9000, or \"\" for no API listener", c.apiAddr)
		}
	}
	if (c.tlsCert == "") != (c.tlsKey == "") {
		return errors.New("invalid --tls-cert/--tls-key: give both, or neither")
	}
	if c.metricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.metricsAddr); err != nil || port == "" {
			return fmt.Errorf("invalid --metrics-addr %q: use host:port or :port, e.g. 127.0.0.1:9090", c.metricsAddr)
		}
	}
	if strings.TrimSpace(c.db) == "" {
		return errors.New("invalid --db: give a SQLite file path or a postgres:// DSN")
	}
	if c.logFormat != "json" && c.logFormat != "text" {
		return fmt.Errorf("invalid --log-format %q: use json or text", c.logFormat)
	}
	if c.sessionIdle <= 0 {
		return fmt.Errorf("invalid --session-idle %s: use a positive duration", c.sessionIdle)
	}
	if c.sessionMax <= 0 {
		return fmt.Errorf("invalid --session-max %s: use a positive duration", c.sessionMax)
	}
	if c.sessionIdle > c.sessionMax {
		return fmt.Errorf("invalid --session-idle %s: must not exceed --session-max %s", c.sessionIdle, c.sessionMax)
	}
	if c.jobTick < 0 {
		return fmt.Errorf("invalid --job-tick %s: use 0 or a positive duration", c.jobTick)
	}
	if c.maxInFlight < 0 {
		return fmt.Errorf("invalid --max-inflight %d: use 0 (two per CPU) or a number of requests", c.maxInFlight)
	}
	if c.transferRate < 0 {
		return fmt.Errorf("invalid --transfer-rate %d: use 0 (no limit) or a number of bytes per second", c.transferRate)
	}
	if c.loginIPLimit < 1 {
		return fmt.Errorf("invalid --login-ip-limit %d: use 1 or more", c.loginIPLimit)
	}
	if p := c.adminPassword; p != "" && len(p) < 8 {
		return errors.New("invalid IMAGESHARE_ADMIN_PASSWORD: use at least 8 characters")
	}
	if len(c.demoPassword) < 8 {
		return errors.New("invalid IMAGESHARE_DEMO_PASSWORD: use at least 8 characters")
	}
	return nil
}

func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `Imageshare Console: custom VM images per region, shared between accounts.

Usage:
  imageshare [flags]                    run the console
  imageshare account create [flags]     create an account with its first user (see: imageshare account create --help)
  imageshare admin reset-password --user USER  give a user a new one-time password (a lost first admin password)
  imageshare apikey create --user USER  create an API key (SecretId, SecretKey) acting with that user's rights
  imageshare apikey rotate-master       re-encrypt the API SecretKeys under a new master key (servers stopped)
  imageshare backup --out FILE          write a consistent snapshot of the SQLite database
  imageshare image import --file PATH --account ID --region R   import a disk image from the server's disk

Flags (each defaults to the environment variable in brackets):
`)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nEnvironment only:")
	for _, e := range envOnly {
		fmt.Fprintf(w, "  %s\n    \t%s\n", e.name, e.usage)
	}
}

// dbFlag adds the shared --db flag to a sub-command.
func dbFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	def := getenv("IMAGESHARE_DB")
	if def == "" {
		def = "./data/imageshare.db"
	}
	return fs.String("db", def, "SQLite file, or a postgres:// DSN [IMAGESHARE_DB]")
}
