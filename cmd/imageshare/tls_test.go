package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/models"
)

// selfSigned writes a certificate for 127.0.0.1 and localhost, made for this
// test (no key is committed), and returns its files and a pool trusting it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "imageshare test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return certFile, keyFile, pool
}

// With --tls-cert and --tls-key every listener serves HTTPS, and the console
// marks its cookies Secure and sends HSTS without being told to.
func TestServeTLS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	dbPath := filepath.Join(t.TempDir(), "tls.db")
	srv := startServer(t, env{}.get, "--addr", "127.0.0.1:0", "--api-addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0",
		"--db", dbPath, "--demo", "--log-format", "text", "--tls-cert", certFile, "--tls-key", keyFile)
	console := srv.waitFor(t, regexp.MustCompile(`Sign in at (https://[^/]+)/login`))[1]
	apiEndpoint := srv.waitFor(t, regexp.MustCompile(`endpoint (127\.0\.0\.1:\d+), scheme HTTPS`))[1]
	metrics := srv.waitFor(t, regexp.MustCompile(`Metrics \(Prometheus\): (https://\S+/metrics)`))[1]
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	client := &http.Client{Transport: transport}

	resp, err := client.Get(strings.Replace(console, "localhost", "127.0.0.1", 1) + "/login")
	if err != nil {
		t.Fatalf("console over HTTPS: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("console: %d, HSTS %q; want 200 with HSTS", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
	for _, ck := range resp.Cookies() {
		if !ck.Secure {
			t.Errorf("cookie %s is not Secure under TLS", ck.Name)
		}
	}

	out, _, err := runCmd(t, nil, "apikey", "create", "--db", dbPath, "--user", "alice")
	if err != nil {
		t.Fatal(err)
	}
	key := keyLines.FindStringSubmatch(out)
	sdk := sdkClient(t, apiEndpoint, key[1], key[2], models.DefaultRegion)
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = apiEndpoint, "HTTPS"
	sdk.WithProfile(cpf)
	sdk.WithHttpTransport(transport)
	if _, err := sdk.DescribeImages(cvm.NewDescribeImagesRequest()); err != nil {
		t.Errorf("the SDK over HTTPS on the API listener: %v", err)
	}

	resp, err = client.Get(metrics)
	if err != nil {
		t.Fatalf("metrics over HTTPS: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "imageshare_http_requests_total") {
		t.Errorf("metrics listener: %d", resp.StatusCode)
	}

	// Plain HTTP gets no page from a TLS listener.
	if resp, err := http.Get("http://" + strings.TrimPrefix(strings.Replace(console, "localhost", "127.0.0.1", 1), "https://") + "/login"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("the console answered plain HTTP")
		}
	}
	srv.stop(t)
}

// A certificate that cannot be read stops the server at start, with one line.
func TestServeTLSBadFiles(t *testing.T) {
	dir := t.TempDir()
	err := run(t.Context(), []string{"--addr", "127.0.0.1:0", "--api-addr", "", "--db", filepath.Join(dir, "x.db"),
		"--tls-cert", filepath.Join(dir, "none.pem"), "--tls-key", filepath.Join(dir, "none.key")}, env{}.get, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--tls-cert") || strings.Contains(err.Error(), "\n") {
		t.Errorf("run with missing certificate files = %v; want one line naming --tls-cert", err)
	}
}
