package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TC3-HMAC-SHA256, as Tencent Cloud's public signing specification (API 3.0,
// signature v3) describes it:
//
//	CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
//	                   CanonicalHeaders \n SignedHeaders \n hex(sha256(payload))
//	StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request \n
//	                   hex(sha256(CanonicalRequest))
//	Signature        = hex(HMAC(HMAC(HMAC(HMAC("TC3"+SecretKey, Date), service), "tc3_request"), StringToSign))
const (
	algorithm      = "TC3-HMAC-SHA256"
	scopeEnd       = "tc3_request"
	unsignedMarker = "UNSIGNED-PAYLOAD"
	// maxSkew is how far a request's X-TC-Timestamp may be from the server
	// clock, either way (SPEC 8: five minutes).
	maxSkew = 300 * time.Second
)

// authorization is a parsed Authorization header.
type authorization struct {
	SecretID      string
	Date          string // of the credential scope
	Service       string
	Terminator    string
	SignedHeaders []string
	Signature     string
}

// scope is the credential scope the client signed: Date/service/tc3_request.
func (a authorization) scope() string { return a.Date + "/" + a.Service + "/" + a.Terminator }

// parseAuthorization reads
// "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=HEX".
func parseAuthorization(h string) (authorization, bool) {
	var a authorization
	rest, ok := strings.CutPrefix(strings.TrimSpace(h), algorithm+" ")
	if !ok {
		return a, false
	}
	var credential, signed string
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return a, false
		}
		switch k {
		case "Credential":
			credential = v
		case "SignedHeaders":
			signed = v
		case "Signature":
			a.Signature = v
		}
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 4 || scope[0] == "" || scope[2] == "" || signed == "" || a.Signature == "" {
		return a, false
	}
	a.SecretID, a.Date, a.Service, a.Terminator = scope[0], scope[1], scope[2], scope[3]
	a.SignedHeaders = strings.Split(signed, ";")
	return a, true
}

// requestForm is one way a client may have written a request's URI and Host
// into its canonical request.
type requestForm struct{ uri, host string }

// requestForms lists the forms the official SDKs sign for r, read from their
// signing code (SPEC 8: "Every official client works unchanged"):
//   - Go, Python, Java and PHP sign "/" and the endpoint they were given as
//     the Host, host:port as sent;
//   - Node.js signs the path it posts to (its endpoint's path plus "/") and
//     the Host without its port, while sending the port;
//   - Go v1.1.0 given an endpoint with a path (host:port/api) posts to
//     /api/ but signs "host:port/api" as the Host.
//
// Each form is bound to what this very request carries (its Host, its path),
// so accepting them lets no signature travel to another host or path.
func requestForms(r *http.Request) []requestForm {
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	forms := []requestForm{{"/", r.Host}}
	add := func(f requestForm) {
		if !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	hostname := r.Host
	if h, _, err := net.SplitHostPort(r.Host); err == nil {
		hostname = h
	}
	add(requestForm{path, hostname})
	add(requestForm{path, r.Host})
	add(requestForm{"/", hostname})
	if trimmed := strings.TrimSuffix(path, "/"); trimmed != "" {
		add(requestForm{"/", r.Host + trimmed})
	}
	return forms
}

// canonicalRequest builds the canonical request of r in one form, with
// payload as its body. A POST's canonical query string is always empty (API
// 3.0). Header names and values are lowercased and trimmed.
func canonicalRequest(r *http.Request, form requestForm, signedHeaders []string, payload []byte) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n" + form.uri + "\n\n")
	for _, name := range signedHeaders {
		value := r.Header.Get(name)
		if name == "host" {
			value = form.host
		}
		b.WriteString(name + ":" + strings.ToLower(strings.TrimSpace(value)) + "\n")
	}
	b.WriteString("\n" + strings.Join(signedHeaders, ";") + "\n")
	if r.Header.Get("X-TC-Content-SHA256") == unsignedMarker {
		// The client chose not to sign the body (the SDKs' UnsignedPayload).
		payload = []byte(unsignedMarker)
	}
	b.WriteString(sha256Hex(payload))
	return b.String()
}

// stringToSign joins the algorithm, the timestamp, the credential scope and
// the canonical request's hash.
func stringToSign(timestamp, scope, canonical string) string {
	return algorithm + "\n" + timestamp + "\n" + scope + "\n" + sha256Hex([]byte(canonical))
}

// signingKey derives the key of one credential scope from the SecretKey.
func signingKey(secretKey, date, service string) []byte {
	k := hmacSHA256([]byte("TC3"+secretKey), date)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, scopeEnd)
}

// signed is what a verified signature tells about its request.
type signed struct {
	SecretID string
	// Signature is the request's signature in lowercase hex: the key of the
	// replay guard (replay.go).
	Signature string
	At        time.Time // X-TC-Timestamp
	// BodySigned is false when the client chose not to sign the body (the
	// SDKs' UnsignedPayload): then anyone may change it under the signature.
	BodySigned bool
}

// verifier checks a request's signature against the clock and a key lookup.
type verifier struct {
	now    func() time.Time
	lookup func(secretID string) (secretKey string, err error)
}

// verify authenticates r (whose body has been read into payload). Failures
// are the public codes: AuthFailure.InvalidAuthorization (no or malformed
// header), AuthFailure.SignatureExpire (more than five minutes off),
// AuthFailure.SecretIdNotFound (from lookup), AuthFailure.SignatureFailure.
//
// The key is derived with the date and the service of the client's own
// credential scope: this server answers for CVM alone, whatever service name
// a client took from its endpoint ("127" from 127.0.0.1:9000 for the Node.js
// and Java SDKs). The scope is part of what is signed, so this accepts no
// forged request: the date must still be the timestamp's, and every header
// the client signed (x-tc-action and x-tc-region included, when it signs
// them) must be the one it sent.
func (v verifier) verify(r *http.Request, payload []byte) (signed, error) {
	auth, ok := parseAuthorization(r.Header.Get("Authorization"))
	if !ok {
		return signed{}, apiErrorf("AuthFailure.InvalidAuthorization",
			"The Authorization header is missing or malformed: expected %s Credential=SecretId/Date/Service/%s, SignedHeaders=..., Signature=....",
			algorithm, scopeEnd)
	}
	ts := r.Header.Get("X-TC-Timestamp")
	if ts == "" {
		return signed{}, missing("X-TC-Timestamp")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return signed{}, apiErrorf("InvalidParameterValue", "X-TC-Timestamp %q is not a UNIX time in seconds.", ts)
	}
	at := time.Unix(sec, 0).UTC()
	if d := v.now().Sub(at); d > maxSkew || d < -maxSkew {
		return signed{}, apiErrorf("AuthFailure.SignatureExpire",
			"Signature expired: the timestamp is more than five minutes away from the server time (%s).",
			v.now().UTC().Format(time.RFC3339))
	}
	secretKey, err := v.lookup(auth.SecretID)
	if err != nil {
		return signed{}, err
	}
	fail := apiErrorf("AuthFailure.SignatureFailure",
		"The provided credentials could not be validated. Check that the signature is computed as %s specifies.", algorithm)
	// The scope must be the timestamp's own UTC date and end with the fixed
	// terminator; content-type and host must be signed.
	if auth.Date != at.Format("2006-01-02") || auth.Terminator != scopeEnd ||
		!slices.Contains(auth.SignedHeaders, "content-type") || !slices.Contains(auth.SignedHeaders, "host") {
		return signed{}, fail
	}
	key := signingKey(secretKey, auth.Date, auth.Service)
	got := []byte(strings.ToLower(auth.Signature))
	for _, form := range requestForms(r) {
		sts := stringToSign(ts, auth.scope(), canonicalRequest(r, form, auth.SignedHeaders, payload))
		if hmac.Equal([]byte(hex.EncodeToString(hmacSHA256(key, sts))), got) {
			return signed{SecretID: auth.SecretID, Signature: string(got), At: at,
				BodySigned: r.Header.Get("X-TC-Content-SHA256") != unsignedMarker}, nil
		}
	}
	return signed{}, fail
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}
