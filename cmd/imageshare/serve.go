package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/handlers"
	"imageshare/handlers/api"
	"imageshare/models"
)

// serve opens (and migrates) the database, seeds it, and serves the console
// until ctx ends, then drains requests for up to 10 seconds.
func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	log := newLogger(cfg.logFormat, stderr)
	db, err := models.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer db.Close()
	boot, err := models.Seed(ctx, db, cfg.adminPassword)
	if err != nil {
		return err
	}
	if cfg.demo {
		if err := models.SeedDemo(ctx, db, cfg.demoPassword); err != nil {
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
	})
	opts := handlers.Options{SecureCookies: cfg.secureCookies, Logger: log}
	e := handlers.New(stores, opts)

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	apiSrv, apiLn, err := listenAPI(stores, opts, cfg, log)
	if err != nil {
		ln.Close()
		return err
	}
	printWelcome(stdout, cfg, ln.Addr(), apiLn, boot)
	log.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("database", string(db.Dialect)))

	// The simulator's worker stops with the server; an unfinished job is
	// simply picked up again at the next start.
	workCtx, stopWork := context.WithCancel(ctx)
	worked := make(chan struct{})
	go func() {
		defer close(worked)
		stores.Jobs.Run(workCtx, log)
	}()
	defer func() { stopWork(); <-worked }()
	go optimizeHourly(workCtx, db, log)

	servers := []*echo.Echo{e}
	errc := make(chan error, 2)
	go func() { errc <- e.Server.Serve(ln) }()
	if apiLn != nil {
		servers = append(servers, apiSrv)
		go func() { errc <- apiSrv.Server.Serve(apiLn) }()
	}
	var serveErr error
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		// One listener failed: stop the other too rather than run half a server.
		serveErr = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(shutdownCtx); err != nil && serveErr == nil {
			serveErr = fmt.Errorf("shutdown: %w", err)
		}
	}
	return serveErr
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
func printWelcome(w io.Writer, cfg config, addr net.Addr, apiLn net.Listener, boot models.Bootstrap) {
	url := "http://" + browsableAddr(addr) + "/login"
	fmt.Fprintf(w, "\nImageshare Console is ready. Sign in at %s\n", url)
	if apiLn != nil {
		fmt.Fprintf(w, "  Tencent Cloud API 3.0-compatible API (CVM %s): endpoint %s, scheme HTTP\n", api.Version,
			browsableAddr(apiLn.Addr()))
	}
	if boot.AdminCreated {
		if boot.PasswordWasGiven {
			fmt.Fprintln(w, "  Created the first admin: user admin, password from IMAGESHARE_ADMIN_PASSWORD.")
		} else {
			fmt.Fprintf(w, "  Created the first admin: user admin, one-time password %s\n", boot.AdminPassword)
			fmt.Fprintln(w, "  (shown only now; you will choose your own password at first sign-in)")
		}
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
