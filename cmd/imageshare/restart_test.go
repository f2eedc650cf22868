package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/storage"
)

// TestCopyFinishesAfterCrash kills the server (SIGKILL, no graceful stop) in
// the middle of a copy, starts it again on the same database, and expects the
// copy to finish: the demo image holds bytes (SeedDemoContent), so the copy
// is a transfer, slowed down (--transfer-rate) so the kill lands mid-way;
// it resumes from its checkpoint with the source's SHA-256 and leaves no
// orphaned object.
func TestCopyFinishesAfterCrash(t *testing.T) {
	dir, bin := crashBuildServer(t)
	dbPath := filepath.Join(dir, "crash.db")
	addr := crashFreeAddr(t)

	first := crashStartServer(t, bin, addr, dbPath)
	client := crashSignIn(t, addr, "alice", "imageshare")
	crashPost(t, client, addr, "/images/img-demo0001/copy", url.Values{"regions": {"ap-beijing"}, "name": {"crash-copy"}})

	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	copyOf := func() models.Image {
		var img models.Image
		if err := db.Where("name = ? AND region_id = ?", "crash-copy", "ap-beijing").Take(&img).Error; err != nil {
			t.Fatalf("find copy: %v", err)
		}
		return img
	}
	crashWaitFor(t, 10*time.Second, "copy under way", func() bool {
		img := copyOf()
		return img.Progress > 0 && img.Progress < 100
	})
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if img := copyOf(); img.State != models.ImageSyncing {
		t.Fatalf("after the kill the copy is %s (%d%%), want still SYNCING", img.State, img.Progress)
	}

	crashStartServer(t, bin, addr, dbPath)
	crashWaitFor(t, 20*time.Second, "copy NORMAL after restart", func() bool { return copyOf().State == models.ImageNormal })
	img := copyOf()
	var source models.Image
	if err := db.Where("id = ?", "img-demo0001").Take(&source).Error; err != nil {
		t.Fatal(err)
	}
	var tr models.Transfer
	if err := db.Where("image_id = ?", img.ID).Take(&tr).Error; err != nil {
		t.Fatal(err)
	}
	if img.Progress != 100 || tr.State != models.JobDone || img.ContentSHA256 == "" || img.ContentSHA256 != source.ContentSHA256 {
		t.Fatalf("copy %d%% sha %s, transfer %s; want 100%%, done, with the source's sha %s",
			img.Progress, img.ContentSHA256, tr.State, source.ContentSHA256)
	}
	blobs, err := storage.NewFileStore(filepath.Join(dir, "images"))
	if err != nil {
		t.Fatal(err)
	}
	// Every object in the region is a blob the database counts (the copy's
	// and carol's demo image): no partial or orphaned object is left.
	var keys []string
	if err := db.Model(&models.Blob{}).Where("region_id = ?", "ap-beijing").Order("object_key").Pluck("object_key", &keys).Error; err != nil {
		t.Fatal(err)
	}
	list, err := blobs.List(t.Context(), "ap-beijing")
	slices.Sort(list)
	if err != nil || !slices.Equal(list, keys) || len(keys) != 2 {
		t.Fatalf("objects in ap-beijing = %v, %v; want exactly the blobs %v", list, err, keys)
	}
}

func crashStartServer(t *testing.T, bin, addr, dbPath string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "--addr", addr, "--db", dbPath, "--demo", "--job-tick", "300ms", "--log-format", "text",
		"--storage", "file://"+filepath.Join(filepath.Dir(dbPath), "images"), "--transfer-rate", "65536",
		"--upload-dir", filepath.Join(filepath.Dir(dbPath), "spool"))
	cmd.Env = append(os.Environ(), "IMAGESHARE_ADMIN_PASSWORD=crash-admin-password")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	crashWaitFor(t, 15*time.Second, "server ready", func() bool {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return cmd
}

// crashPost sends a console form with the client's CSRF token and expects
// it to succeed (a redirect).
func crashPost(t *testing.T, client *http.Client, addr, path string, form url.Values) {
	t.Helper()
	form.Set("_csrf", crashCSRF(t, client, addr))
	resp, err := client.PostForm("http://"+addr+path, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s: status %d, want 303", path, resp.StatusCode)
	}
}

func crashSignIn(t *testing.T, addr, user, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"username": {user}, "password": {password}, "_csrf": {crashCSRF(t, client, addr)}}
	resp, err := client.PostForm("http://"+addr+"/login", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || strings.Contains(resp.Header.Get("Location"), "login") {
		t.Fatalf("sign in: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return client
}

// crashCSRF returns the CSRF token a page hands this client (it is tied to
// its session): the sign-in page's, or once signed in, the Images page's.
func crashCSRF(t *testing.T, client *http.Client, addr string) string {
	t.Helper()
	resp, err := client.Get("http://" + addr + "/login")
	if err == nil && resp.StatusCode == http.StatusSeeOther {
		resp.Body.Close()
		resp, err = client.Get("http://" + addr + "/images")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on %s", resp.Request.URL)
	}
	return string(m[1])
}

func crashFreeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func crashWaitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// crashBuildServer builds the server binary into a temporary directory, for
// tests that kill it; it skips them with -short.
func crashBuildServer(t *testing.T) (dir, bin string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "imageshare")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return dir, bin
}
