package api

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The worked example of Tencent Cloud's public signing specification
// (signature v3): DescribeInstances in ap-guangzhou at 1551113065 with the
// documentation's example key. Every intermediate value is the published one.
const (
	exampleKey          = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	exampleID           = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	exampleTimestamp    = "1551113065"
	examplePayload      = `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	examplePayloadSHA   = "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
	exampleCanonicalSHA = "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
	exampleSignature    = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
)

func exampleRequest(t *testing.T, body, signature string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "https://cvm.tencentcloudapi.com/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	r.Header.Set("X-TC-Action", "DescribeInstances")
	r.Header.Set("X-TC-Version", "2017-03-12")
	r.Header.Set("X-TC-Timestamp", exampleTimestamp)
	r.Header.Set("X-TC-Region", "ap-guangzhou")
	r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+exampleID+"/2019-02-25/cvm/tc3_request, "+
		"SignedHeaders=content-type;host, Signature="+signature)
	return r
}

func TestSignatureMatchesThePublishedExample(t *testing.T) {
	r := exampleRequest(t, examplePayload, exampleSignature)
	if got := sha256Hex([]byte(examplePayload)); got != examplePayloadSHA {
		t.Errorf("payload hash = %s, want %s", got, examplePayloadSHA)
	}
	canonical := canonicalRequest(r, requestForm{"/", r.Host}, []string{"content-type", "host"}, []byte(examplePayload))
	wantCanonical := "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n" + examplePayloadSHA
	if canonical != wantCanonical {
		t.Errorf("canonical request =\n%s\nwant\n%s", canonical, wantCanonical)
	}
	sts := stringToSign(exampleTimestamp, "2019-02-25/cvm/tc3_request", canonical)
	if want := "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n" + exampleCanonicalSHA; sts != want {
		t.Errorf("string to sign =\n%s\nwant\n%s", sts, want)
	}
	if got := hex.EncodeToString(hmacSHA256(signingKey(exampleKey, "2019-02-25", "cvm"), sts)); got != exampleSignature {
		t.Errorf("signature = %s, want %s", got, exampleSignature)
	}
}

func TestVerify(t *testing.T) {
	at := time.Unix(1551113065, 0)
	lookup := func(id string) (string, error) {
		if id != exampleID {
			return "", apiErrorf("AuthFailure.SecretIdNotFound", "unknown")
		}
		return exampleKey, nil
	}
	type verifyCase struct {
		name   string
		now    time.Time
		change func(r *http.Request)
		body   string
		code   string // "" for success
	}
	tests := []verifyCase{
		{name: "the published example", now: at},
		{name: "five minutes late is still on time", now: at.Add(300 * time.Second)},
		{name: "five minutes early is still on time", now: at.Add(-300 * time.Second)},
		{name: "late", now: at.Add(301 * time.Second), code: "AuthFailure.SignatureExpire"},
		{name: "early", now: at.Add(-301 * time.Second), code: "AuthFailure.SignatureExpire"},
		{name: "body changed", now: at, body: `{"Limit": 2}`, code: "AuthFailure.SignatureFailure"},
		{name: "signature changed", now: at, change: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "Signature=72", "Signature=73", 1))
		}, code: "AuthFailure.SignatureFailure"},
		{name: "host changed", now: at, change: func(r *http.Request) { r.Host = "evil.example" },
			code: "AuthFailure.SignatureFailure"},
		{name: "content type changed", now: at, change: func(r *http.Request) { r.Header.Set("Content-Type", "application/json") },
			code: "AuthFailure.SignatureFailure"},
		{name: "header value case does not matter", now: at, change: func(r *http.Request) {
			r.Header.Set("Content-Type", "Application/JSON; charset=UTF-8")
		}},
		{name: "timestamp changed", now: at, change: func(r *http.Request) { r.Header.Set("X-TC-Timestamp", "1551113066") },
			code: "AuthFailure.SignatureFailure"},
		{name: "scope date is not the timestamp's", now: at.Add(24 * time.Hour), change: func(r *http.Request) {
			r.Header.Set("X-TC-Timestamp", "1551199465")
		}, code: "AuthFailure.SignatureFailure"},
		{name: "scope's service changed after signing", now: at, change: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/cvm/", "/cbs/", 1))
		}, code: "AuthFailure.SignatureFailure"},
		{name: "host not signed", now: at, change: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "content-type;host", "content-type", 1))
		}, code: "AuthFailure.SignatureFailure"},
		{name: "unknown secret id", now: at, change: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), exampleID, "AKIDnobody", 1))
		}, code: "AuthFailure.SecretIdNotFound"},
		{name: "no authorization", now: at, change: func(r *http.Request) { r.Header.Del("Authorization") },
			code: "AuthFailure.InvalidAuthorization"},
		{name: "another algorithm", now: at, change: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "TC3-HMAC-SHA256", "HMAC-SHA1", 1))
		}, code: "AuthFailure.InvalidAuthorization"},
		{name: "no timestamp", now: at, change: func(r *http.Request) { r.Header.Del("X-TC-Timestamp") },
			code: "MissingParameter"},
		{name: "timestamp not a number", now: at, change: func(r *http.Request) { r.Header.Set("X-TC-Timestamp", "yesterday") },
			code: "InvalidParameterValue"},
		{name: "unsigned payload, as the SDKs' option sends it", now: at, body: `{"anything": true}`, change: func(r *http.Request) {
			r.Header.Set("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD")
			canonical := canonicalRequest(r, requestForm{"/", r.Host}, []string{"content-type", "host"}, nil)
			sts := stringToSign(exampleTimestamp, "2019-02-25/cvm/tc3_request", canonical)
			r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+exampleID+"/2019-02-25/cvm/tc3_request, "+
				"SignedHeaders=content-type;host, Signature="+hex.EncodeToString(hmacSHA256(signingKey(exampleKey, "2019-02-25", "cvm"), sts)))
		}},
	}
	// A client that signs X-TC-Action or X-TC-Region binds them: they are
	// checked like any signed header (SPEC 8, "Replay").
	for _, header := range []string{"X-TC-Action", "X-TC-Region"} {
		signs := func(r *http.Request) { resign(r, []string{"content-type", "host", strings.ToLower(header)}) }
		tests = append(tests,
			verifyCase{name: header + " signed", now: at, change: signs},
			verifyCase{name: header + " signed, then changed", now: at, change: func(r *http.Request) {
				signs(r)
				r.Header.Set(header, "TerminateInstances")
			}, code: "AuthFailure.SignatureFailure"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := examplePayload
			if tt.body != "" {
				body = tt.body
			}
			r := exampleRequest(t, body, exampleSignature)
			if tt.change != nil {
				tt.change(r)
			}
			v := verifier{now: func() time.Time { return tt.now }, lookup: lookup}
			got, err := v.verify(r, []byte(body))
			if tt.code == "" {
				if err != nil || got.SecretID != exampleID {
					t.Fatalf("verify = %+v, %v; want %s", got, err, exampleID)
				}
				return
			}
			var ae *apiError
			if !errors.As(err, &ae) || ae.Code != tt.code {
				t.Fatalf("verify error = %v, want %s", err, tt.code)
			}
		})
	}
}

func TestParseAuthorization(t *testing.T) {
	good := "TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=abc"
	a, ok := parseAuthorization(good)
	if !ok || a.SecretID != "AKIDx" || a.Date != "2019-02-25" || a.Service != "cvm" || a.Terminator != "tc3_request" ||
		strings.Join(a.SignedHeaders, ";") != "content-type;host" || a.Signature != "abc" {
		t.Errorf("parse = %+v, %v", a, ok)
	}
	for _, bad := range []string{
		"",
		"TC3-HMAC-SHA256",
		"TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm, SignedHeaders=host, Signature=abc",
		"TC3-HMAC-SHA256 Credential=/2019-02-25/cvm/tc3_request, SignedHeaders=host, Signature=abc",
		"TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm/tc3_request, Signature=abc",
		"TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm/tc3_request, SignedHeaders=host",
		"TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm/tc3_request SignedHeaders=host Signature=abc",
	} {
		if _, ok := parseAuthorization(bad); ok {
			t.Errorf("parsed %q", bad)
		}
	}
}

// resign signs r again with the example key, covering these headers.
func resign(r *http.Request, headers []string) {
	payload, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(payload))
	canonical := canonicalRequest(r, requestForm{"/", r.Host}, headers, payload)
	sts := stringToSign(exampleTimestamp, "2019-02-25/cvm/tc3_request", canonical)
	r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+exampleID+"/2019-02-25/cvm/tc3_request, SignedHeaders="+
		strings.Join(headers, ";")+", Signature="+hex.EncodeToString(hmacSHA256(signingKey(exampleKey, "2019-02-25", "cvm"), sts)))
}
