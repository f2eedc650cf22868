// Command imagerss checks that the server streams image bytes: it starts
// the real binary on a fresh database and storage, has it import a sparse
// file of --size bytes (2 GiB by default) from a loopback HTTP server (the
// admin's allow-list names 127.0.0.1) and copy the result to another region,
// and samples the server's resident memory (VmRSS) every 50 ms. It fails if
// the peak passes --max-rss. Run by .ci/image-rss; traffic stays on
// 127.0.0.1.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"imageshare/models"
)

func main() {
	size := flag.Int64("size", 2<<30, "bytes of the sparse image")
	maxRSS := flag.Int64("max-rss", 150<<20, "peak resident memory allowed, in bytes")
	bin := flag.String("bin", "bin/imageshare", "server binary")
	flag.Parse()
	if err := run(*bin, *size, *maxRSS); err != nil {
		fmt.Fprintln(os.Stderr, "imagerss:", err)
		os.Exit(1)
	}
}

func run(bin string, size, maxRSS int64) error {
	dir, err := os.MkdirTemp("", "imagerss")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	disk := filepath.Join(dir, "sparse.raw")
	f, err := os.Create(disk)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		return err
	}
	f.Close()
	src, srcURL, err := serveFile(disk)
	if err != nil {
		return err
	}
	defer src.Close()

	addr := freeAddr()
	dbPath := filepath.Join(dir, "rss.db")
	server := exec.Command(bin, "--addr", addr, "--api-addr", "", "--db", dbPath, "--demo", "--log-format", "text",
		"--storage", "file://"+filepath.Join(dir, "images"))
	server.Env = append(os.Environ(), "IMAGESHARE_ADMIN_PASSWORD=imagerss-admin")
	server.Stderr = os.Stderr
	if err := server.Start(); err != nil {
		return err
	}
	defer func() { _ = server.Process.Kill(); _ = server.Wait() }()
	if err := waitReady(addr); err != nil {
		return err
	}
	var peak atomic.Int64
	stop := sample(server.Process.Pid, &peak)
	defer stop()

	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	stores := models.NewStores(db, models.StoreConfig{})
	if err := stores.Admin.SetImportSettings(context.Background(), models.Actor{Admin: true}, 2*size, "127.0.0.1"); err != nil {
		return err
	}
	client, err := signIn(addr)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := post(client, addr, "/images/import?region=ap-guangzhou", url.Values{"url": {srcURL}, "name": {"rss-sparse"},
		"platform": {"Other Linux"}, "architecture": {"x86_64"}}); err != nil {
		return err
	}
	img, err := await(db, "rss-sparse", "ap-guangzhou")
	if err != nil {
		return err
	}
	imported := time.Since(start)
	start = time.Now()
	if err := post(client, addr, "/images/"+img.ID+"/copy", url.Values{"regions": {"ap-shanghai"}}); err != nil {
		return err
	}
	cp, err := await(db, "rss-sparse", "ap-shanghai")
	if err != nil {
		return err
	}
	copied := time.Since(start)
	fmt.Printf("image of %d MiB (%s, sha256 %s)\nimport %s, copy %s (sha256 %s)\npeak server RSS %d MiB (limit %d MiB)\n",
		size>>20, img.DiskFormat, img.ContentSHA256, imported.Round(time.Millisecond), copied.Round(time.Millisecond),
		cp.ContentSHA256, peak.Load()>>20, maxRSS>>20)
	if cp.ContentSHA256 != img.ContentSHA256 {
		return fmt.Errorf("the copy's checksum differs")
	}
	if peak.Load() > maxRSS {
		return fmt.Errorf("peak RSS %d MiB over the limit", peak.Load()>>20)
	}
	return nil
}

func serveFile(path string) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, path) })}
	go func() { _ = srv.Serve(ln) }()
	return srv, "http://" + ln.Addr().String() + "/sparse.raw", nil
}

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitReady(addr string) error {
	for range 300 {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("the server never became ready")
}

// sample records the peak VmRSS of pid until stopped.
func sample(pid int, peak *atomic.Int64) func() {
	done := make(chan struct{})
	go func() {
		for {
			if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
				for _, line := range strings.Split(string(b), "\n") {
					if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
						kb, _ := strconv.ParseInt(f[1], 10, 64)
						if kb<<10 > peak.Load() {
							peak.Store(kb << 10)
						}
					}
				}
			}
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return func() { close(done) }
}

// signIn signs alice in; requests say they come from the console's own
// pages (Sec-Fetch-Site), as a browser's do.
func signIn(addr string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return client, post(client, addr, "/login", url.Values{"username": {"alice"}, "password": {"imageshare"}})
}

func post(client *http.Client, addr, path string, form url.Values) error {
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("POST %s: %s", path, resp.Status)
	}
	return nil
}

// await polls the database until the named image in region is NORMAL.
func await(db *models.DB, name, region string) (models.Image, error) {
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		var img models.Image
		err := db.Where("name = ? AND region_id = ?", name, region).Limit(1).Find(&img).Error
		if err != nil {
			return img, err
		}
		if img.Ready() {
			return img, nil
		}
		if img.Failed() {
			return img, fmt.Errorf("%s in %s failed: %s %s", name, region, img.FailureReason, img.FailureDetail)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return models.Image{}, fmt.Errorf("%s in %s never became NORMAL", name, region)
}
