package api

import (
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sdkForm is how one official SDK, given one endpoint, sends and signs a
// POST, as its signing code reads (SPEC 8: "Every official client works
// unchanged"). The Go SDKs are also driven for real (the rest of this
// package's tests) and the Node.js SDK by e2e/api-sdk.spec.ts.
type sdkForm struct {
	sdk, endpoint string
	path, host    string // what it sends: request path and Host header
	signedURI     string // what it signs as canonical URI and host
	signedHost    string
	service       string // of its credential scope
	contentType   string
}

var sdkForms = []sdkForm{
	// common/client.go: canonical URI "/", host = the endpoint, service from the client.
	{"Go v1.1.0", "127.0.0.1:9000", "/", "127.0.0.1:9000", "/", "127.0.0.1:9000", "cvm", "application/json"},
	// v1.1.0 appends "/" to an endpoint with a path and signs the path as part of the host.
	{"Go v1.1.0", "127.0.0.1:8080/api", "/api/", "127.0.0.1:8080", "/", "127.0.0.1:8080/api", "cvm", "application/json"},
	// Newer versions split the endpoint into domain and path, and post to the path as given.
	{"Go v1.3", "127.0.0.1:8080/api", "/api", "127.0.0.1:8080", "/", "127.0.0.1:8080", "cvm", "application/json"},
	// tencentcloud-sdk-nodejs-common sign3: the URL's path and hostname, service = endpoint.split(".")[0].
	{"Node.js 4.1", "127.0.0.1:9000", "/", "127.0.0.1:9000", "/", "127.0.0.1", "127", "application/json"},
	{"Node.js 4.1", "127.0.0.1:8080/api", "/api/", "127.0.0.1:8080", "/api/", "127.0.0.1", "127", "application/json"},
	{"Node.js 4.1", "localhost:9000", "/", "localhost:9000", "/", "localhost", "localhost:9000", "application/json"},
	// tencentcloud-sdk-python (and so tccli): requestPath "/", Host header = the endpoint.
	{"Python 3.1", "127.0.0.1:9000", "/", "127.0.0.1:9000", "/", "127.0.0.1:9000", "cvm", "application/json"},
	// tencentcloud-sdk-java: service = endpoint.split("\\.")[0], okhttp's charset signed too.
	{"Java 3.2", "127.0.0.1:9000", "/", "127.0.0.1:9000", "/", "127.0.0.1:9000", "127", "application/json; charset=utf-8"},
	{"Java 3.2", "localhost:9000", "/", "localhost:9000", "/", "localhost:9000", "localhost:9000", "application/json; charset=utf-8"},
}

// request builds the request this SDK sends, signed the way it signs.
func (f sdkForm) request(t *testing.T, body string, at time.Time) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "http://"+f.host+f.path, strings.NewReader(body))
	r.Host = f.host
	r.Header.Set("Content-Type", f.contentType)
	r.Header.Set("X-TC-Timestamp", itoa(at.Unix()))
	date := at.UTC().Format("2006-01-02")
	canonical := "POST\n" + f.signedURI + "\n\ncontent-type:" + f.contentType + "\nhost:" + f.signedHost +
		"\n\ncontent-type;host\n" + sha256Hex([]byte(body))
	sts := algorithm + "\n" + itoa(at.Unix()) + "\n" + date + "/" + f.service + "/tc3_request\n" + sha256Hex([]byte(canonical))
	sig := hex.EncodeToString(hmacSHA256(signingKey(exampleKey, date, f.service), sts))
	r.Header.Set("Authorization", algorithm+" Credential="+exampleID+"/"+date+"/"+f.service+"/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
	return r
}

func TestEveryOfficialSDKsSignatureIsAccepted(t *testing.T) {
	at := time.Unix(1551113065, 0)
	v := verifier{now: func() time.Time { return at }, lookup: func(string) (string, error) { return exampleKey, nil }}
	const body = `{"Limit":1}`
	for _, f := range sdkForms {
		t.Run(f.sdk+" at "+f.endpoint, func(t *testing.T) {
			if _, err := v.verify(f.request(t, body, at), []byte(body)); err != nil {
				t.Fatalf("verify: %v", err)
			}
		})
		// Each form is bound to what the client signed of the request's own
		// Host and path: the same signature sent elsewhere is refused.
		hostname, port, _ := strings.Cut(f.host, ":")
		for name, change := range map[string]func(r *http.Request){
			"another host": func(r *http.Request) { r.Host = "evil.example:" + port },
			"another port": func(r *http.Request) { r.Host = hostname + ":1" },
			"another path": func(r *http.Request) { r.URL.Path = "/elsewhere/" },
		} {
			switch {
			case name == "another port" && f.signedHost == hostname:
				continue // signed without its port: the SDK's signature holds on any port
			case name == "another path" && f.signedURI == "/" && !strings.Contains(f.signedHost, "/"):
				continue // the path is not signed: the SDK's signature holds on any path
			}
			t.Run(f.sdk+" at "+f.endpoint+", sent to "+name, func(t *testing.T) {
				r := f.request(t, body, at)
				change(r)
				if _, err := v.verify(r, []byte(body)); err == nil {
					t.Fatal("verified")
				}
			})
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
