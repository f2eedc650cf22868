package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/handlers"
	"imageshare/handlers/api"
	"imageshare/models"
	"imageshare/storage"
	"imageshare/web"
)

// serve opens (and migrates) the database, seeds it, and serves the console
// until ctx ends, then drains requests for up to 10 seconds.
func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	log := newLogger(cfg.logFormat, stderr)
	tlsConfig, err := loadTLS(cfg)
	if err != nil {
		return err
	}
	db, err := models.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.masterKey != nil {
		db.UseMasterKey(cfg.masterKey)
	} else {
		log.Warn("the master key encrypting API SecretKeys is kept in the database, so any copy of it (a backup) " +
			"decrypts them: keep it outside with IMAGESHARE_MASTER_KEY or --master-key-file")
	}
	if err := db.CheckMasterKey(ctx); err != nil {
		return err
	}
	// The first admin comes after the listeners are bound: a start that
	// cannot listen must leave the one-time password for the next start.
	if err := models.SeedData(ctx, db); err != nil {
		return err
	}
	if cfg.demo {
		if err := models.SeedDemo(ctx, db, cfg.demoPassword); err != nil {
			return err
		}
	}
	blobs, err := storage.Open(ctx, cfg.storage)
	if err != nil {
		return err
	}
	var exports storage.Store // nil: exports go to the image storage
	if cfg.exportStorage != "" {
		if exports, err = storage.Open(ctx, cfg.exportStorage); err != nil {
			return fmt.Errorf("export storage: %w", err)
		}
	}
	if cfg.demo {
		if err := models.SeedDemoContent(ctx, db, blobs); err != nil {
			return err
		}
	}
	limit := models.DefaultLoginLimit
	limit.PerIP = cfg.loginIPLimit
	// One set of stores for the console, the API and the job worker.
	stores := models.NewStores(db, models.StoreConfig{
		Sessions:   models.SessionPolicy{Idle: cfg.sessionIdle, Absolute: cfg.sessionMax},
		LoginLimit: limit,
		JobTick:    cfg.jobTick,
		Blobs:      blobs,
		UploadDir:  cfg.uploadDir,
		Exports:    exports,
		// Bytes per second; the flag is an int, which holds any sensible rate.
		TransferRate: int64(cfg.transferRate),
	})
	metrics := web.NewMetrics()
	opts := handlers.Options{SecureCookies: cfg.secureCookies, Logger: log, Metrics: metrics,
		MetricsToken: cfg.metricsToken, MetricsElsewhere: cfg.metricsAddr != "", MaxInFlight: cfg.maxInFlight}
	e := handlers.New(stores, opts)

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	served := []listener{{e.Server, ln}}
	closeAll := func() {
		for _, l := range served {
			l.ln.Close()
		}
	}
	apiSrv, apiLn, err := listenAPI(stores, opts, cfg, log)
	if err != nil {
		closeAll()
		return err
	}
	if apiLn != nil {
		served = append(served, listener{apiSrv.Server, apiLn})
	}
	var metricsLn net.Listener
	if cfg.metricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", cfg.metricsAddr); err != nil {
			closeAll()
			return fmt.Errorf("listen on %s (--metrics-addr): %w", cfg.metricsAddr, err)
		}
		served = append(served, listener{metricsServer(metrics, cfg.metricsToken), metricsLn})
	}
	boot, err := models.SeedAdmin(ctx, db, cfg.adminPassword)
	if err != nil {
		closeAll()
		return err
	}
	printWelcome(stdout, cfg, ln.Addr(), apiLn, metricsLn, boot)
	log.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("database", string(db.Dialect)))

	// The simulator's worker stops with the server; an unfinished job is
	// simply picked up again at the next start.
	workCtx, stopWork := context.WithCancel(ctx)
	worked := make(chan struct{})
	go func() {
		defer close(worked)
		stores.Jobs.Run(workCtx, log)
	}()
	moved := make(chan struct{})
	go func() {
		defer close(moved)
		stores.Transfers.Run(workCtx, log)
	}()
	defer func() { stopWork(); <-worked; <-moved }()
	go optimizeHourly(workCtx, db, log)

	errc := make(chan error, len(served))
	for _, l := range served {
		go func() { errc <- l.serve(tlsConfig) }()
	}
	var serveErr error
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		// One listener failed: stop the others too rather than run half a server.
		serveErr = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, l := range served {
		if err := l.srv.Shutdown(shutdownCtx); err != nil && serveErr == nil {
			serveErr = fmt.Errorf("shutdown: %w", err)
		}
	}
	return serveErr
}

// listener is one address the process serves and its server.
type listener struct {
	srv *http.Server
	ln  net.Listener
}

// serve answers on the listener, over TLS when there is a configuration.
func (l listener) serve(tlsConfig *tls.Config) error {
	if tlsConfig == nil {
		return l.srv.Serve(l.ln)
	}
	l.srv.TLSConfig = tlsConfig.Clone()
	return l.srv.ServeTLS(l.ln, "", "")
}

// loadTLS reads --tls-cert and --tls-key, or returns nil without them. They
// are read once, at start: a bad file stops the server with one line.
func loadTLS(cfg config) (*tls.Config, error) {
	if cfg.tlsCert == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(cfg.tlsCert, cfg.tlsKey)
	if err != nil {
		return nil, fmt.Errorf("invalid --tls-cert/--tls-key: %w", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// metricsServer serves /metrics alone, for --metrics-addr: scrapers reach it
// on an address the console's users do not.
func metricsServer(m *web.Metrics, token string) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler(token))
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
}

// listenAPI opens the API's own listener (--api-addr). An address given
// explicitly must be served; the default one is best effort, so a second
// server on one machine (two test suites side by side) still starts, with
// the API at /api on its console address.
func listenAPI(stores *models.Stores, opts handlers.Options, cfg config, log *slog.Logger) (*echo.Echo, net.Listener, error) {
	if cfg.apiAddr == "" {
		return nil, nil, nil
	}
	ln, err := net.Listen("tcp", cfg.apiAddr)
	if err != nil {
		if cfg.apiAddrSet {
			return nil, nil, fmt.Errorf("listen on %s (--api-addr): %w", cfg.apiAddr, err)
		}
		log.Warn("API listener not started; the API answers at /api on the console's address",
			slog.String("api_addr", cfg.apiAddr), slog.String("error", err.Error()))
		return nil, nil, nil
	}
	log.Info("serving the API", slog.String("addr", ln.Addr().String()))
	return handlers.NewAPI(stores, opts), ln, nil
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// printWelcome tells the person who started the console where to sign in and
// with what. Credentials go to standard output once, never to the log.
func printWelcome(w io.Writer, cfg config, addr net.Addr, apiLn, metricsLn net.Listener, boot models.Bootstrap) {
	scheme := "http"
	if cfg.tlsCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(w, "\nImageshare Console is ready. Sign in at %s://%s/login\n", scheme, browsableAddr(addr))
	if apiLn != nil {
		fmt.Fprintf(w, "  Tencent Cloud API 3.0-compatible API (CVM %s): endpoint %s, scheme %s\n", api.Version,
			browsableAddr(apiLn.Addr()), strings.ToUpper(scheme))
	}
	if metricsLn != nil {
		fmt.Fprintf(w, "  Metrics (Prometheus): %s://%s/metrics\n", scheme, browsableAddr(metricsLn.Addr()))
	}
	if boot.AdminCreated {
		if boot.PasswordWasGiven {
			fmt.Fprintln(w, "  Created the first admin: user admin, password from IMAGESHARE_ADMIN_PASSWORD.")
		} else {
			fmt.Fprintf(w, "  Created the first admin: user admin, one-time password %s\n", boot.AdminPassword)
			fmt.Fprintln(w, "  (shown only now; you will choose your own password at first sign-in)")
		}
	}
	if cfg.demoLoopback {
		fmt.Fprintln(w, "  Demo mode listens on 127.0.0.1 only (its passwords are public); use --addr to listen elsewhere.")
	}
	if cfg.demo {
		fmt.Fprintf(w, "  Demo users: alice, bob, carol; password %s\n", cfg.demoPassword)
		for _, d := range models.DemoUsers {
			fmt.Fprintf(w, "    %-6s account %s (%s)\n", d.Username, d.AccountID, d.AccountName)
		}
	}
	fmt.Fprintln(w)
}

// browsableAddr turns a listen address such as [::]:8080 into localhost:8080.
func browsableAddr(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// optimizeHourly keeps the query planner's statistics fresh as data grows.
func optimizeHourly(ctx context.Context, db *models.DB, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := db.Optimize(ctx); err != nil && ctx.Err() == nil {
				log.Error("optimize database", slog.String("error", err.Error()))
			}
		}
	}
}
