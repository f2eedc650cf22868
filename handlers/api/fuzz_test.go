package api

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/models/testdb"
)

// FuzzParseAuthorization: any Authorization header parses without panic,
// what parses has its parts, and no made-up header passes verification.
func FuzzParseAuthorization(f *testing.F) {
	f.Add("TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=abc")
	f.Add("TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm, SignedHeaders=host, Signature=abc")
	f.Add("TC3-HMAC-SHA256 Credential===/=/=/=, SignedHeaders=;;;, Signature=")
	f.Add("TC3-HMAC-SHA256 ,,,,")
	f.Add("Bearer x")
	f.Add("TC3-HMAC-SHA256 Credential=AKID\x00/\xff/cvm/tc3_request, SignedHeaders=host, Signature=00")
	f.Fuzz(func(t *testing.T, header string) {
		a, ok := parseAuthorization(header)
		if ok && (a.SecretID == "" || len(a.SignedHeaders) == 0 || a.Signature == "") {
			t.Fatalf("parseAuthorization(%q) = %+v, accepted without its parts", header, a)
		}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
		r.Header.Set("Authorization", header)
		r.Header.Set("X-TC-Timestamp", strconv.FormatInt(time.Now().Unix(), 10))
		v := verifier{now: time.Now, lookup: func(string) (string, error) { return "secret", nil }}
		if _, err := v.verify(r, []byte("{}")); err == nil {
			t.Fatalf("verified a made-up header %q", header)
		}
	})
}

var fuzzNonce atomic.Int64

// FuzzAPIRequest signs whatever body a fuzzer makes up, as a key's owner
// would, and sends it as any action: every answer is HTTP 200 with the
// envelope, and none is an internal error (the API's JSON parsing, paging
// and parameter checks hold whatever comes).
func FuzzAPIRequest(f *testing.F) {
	f.Add(uint8(0), []byte(`{"Filters":[{"Name":"image-name","Values":["web"]}],"Offset":0,"Limit":100}`))
	f.Add(uint8(1), []byte(`{"ImageId":"img-demo0002","ImageName":"db\u0000"}`))
	f.Add(uint8(2), []byte(`{"ImageId":"img-demo0002","AccountIds":["100000000002","x"],"Permission":"SHARE"}`))
	f.Add(uint8(3), []byte(`{"Offset":-1,"Limit":1e30}`))
	f.Add(uint8(4), []byte("{\"ImageName\":\"\xff\xfe\"}"))
	f.Add(uint8(5), []byte(`[]`))
	f.Add(uint8(6), []byte(`{"Placement":{"Zone":null},"InstanceCount":9223372036854775807}`))
	f.Add(uint8(7), []byte(``))
	db := testdb.Seeded(f, testdb.SQLite(f))
	if err := models.SeedDemo(f.Context(), db, "imageshare"); err != nil {
		f.Fatal(err)
	}
	stores := models.NewStores(db, models.StoreConfig{})
	keys := stores.APIKeys
	actor, err := keys.UserActor(f.Context(), "alice")
	if err != nil {
		f.Fatal(err)
	}
	id, secret, err := keys.Create(f.Context(), actor)
	if err != nil {
		f.Fatal(err)
	}
	h := NewHandler(stores, Options{})
	server := echo.New()
	server.POST("/", h.Serve)
	var actions []string
	for name := range h.actions {
		actions = append(actions, name)
	}
	slices.Sort(actions)
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		action := actions[int(which)%len(actions)]
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		date := time.Now().UTC().Format("2006-01-02")
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
		r.Host = "127.0.0.1"
		// A signed nonce makes every input's signature new, so the replay
		// guard never mistakes a repeated input for a resend.
		for k, v := range map[string]string{"Content-Type": "application/json", "X-TC-Action": action,
			"X-TC-Version": Version, "X-TC-Region": models.DefaultRegion, "X-TC-Timestamp": ts,
			"X-Fuzz-Nonce": strconv.FormatInt(fuzzNonce.Add(1), 10)} {
			r.Header.Set(k, v)
		}
		signed := []string{"content-type", "host", "x-fuzz-nonce"}
		canonical := canonicalRequest(r, requestForm{uri: "/", host: r.Host}, signed, body)
		sig := hex.EncodeToString(hmacSHA256(signingKey(secret, date, "cvm"), stringToSign(ts, date+"/cvm/"+scopeEnd, canonical)))
		r.Header.Set("Authorization", algorithm+" Credential="+id+"/"+date+"/cvm/"+scopeEnd+
			", SignedHeaders="+strings.Join(signed, ";")+", Signature="+sig)
		rec := httptest.NewRecorder()
		server.ServeHTTP(rec, r)
		var env struct {
			Response struct {
				Error     *apiError
				RequestId string
			}
		}
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &env) != nil || env.Response.RequestId == "" {
			t.Fatalf("%s %q: HTTP %d %s; want 200 with the envelope", action, body, rec.Code, rec.Body.String())
		}
		if e := env.Response.Error; e != nil && (e.Code == codeInternal || strings.HasPrefix(e.Code, "AuthFailure")) {
			t.Fatalf("%s %q: %s %s", action, body, e.Code, e.Message)
		}
	})
}
