package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
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
	service        = "cvm"
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
	if len(scope) != 4 || scope[0] == "" || signed == "" || a.Signature == "" {
		return a, false
	}
	a.SecretID, a.Date, a.Service, a.Terminator = scope[0], scope[1], scope[2], scope[3]
	a.SignedHeaders = strings.Split(signed, ";")
	return a, true
}

// canonicalRequest builds the canonical request of r with payload as its
// body. The canonical URI is always "/" and a POST's canonical query string
// always empty (API 3.0), whatever path the request came to (/ or /api).
// Header names and values are lowercased and trimmed; "host" is the Host the
// client sent.
func canonicalRequest(r *http.Request, signedHeaders []string, payload []byte) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n/\n\n")
	for _, name := range signedHeaders {
		value := r.Header.Get(name)
		if name == "host" {
			value = r.Host
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
func stringToSign(timestamp, date, canonical string) string {
	return algorithm + "\n" + timestamp + "\n" + date + "/" + service + "/" + scopeEnd + "\n" + sha256Hex([]byte(canonical))
}

// signature derives the signing key from the SecretKey, the date and the
// service, and signs s with it.
func signature(secretKey, date, s string) string {
	k := hmacSHA256([]byte("TC3"+secretKey), date)
	k = hmacSHA256(k, service)
	k = hmacSHA256(k, scopeEnd)
	return hex.EncodeToString(hmacSHA256(k, s))
}

// verifier checks a request's signature against the clock and a key lookup.
type verifier struct {
	now    func() time.Time
	lookup func(secretID string) (secretKey string, err error)
}

// verify authenticates r (whose body has been read into payload) and returns
// the SecretId it was signed with. Failures are the public codes:
// AuthFailure.InvalidAuthorization (no or malformed header),
// AuthFailure.SignatureExpire (more than five minutes off),
// AuthFailure.SecretIdNotFound (from lookup), AuthFailure.SignatureFailure.
func (v verifier) verify(r *http.Request, payload []byte) (string, error) {
	auth, ok := parseAuthorization(r.Header.Get("Authorization"))
	if !ok {
		return "", apiErrorf("AuthFailure.InvalidAuthorization",
			"The Authorization header is missing or malformed: expected %s Credential=SecretId/Date/%s/%s, SignedHeaders=..., Signature=....",
			algorithm, service, scopeEnd)
	}
	ts := r.Header.Get("X-TC-Timestamp")
	if ts == "" {
		return "", missing("X-TC-Timestamp")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", apiErrorf("InvalidParameterValue", "X-TC-Timestamp %q is not a UNIX time in seconds.", ts)
	}
	at := time.Unix(sec, 0).UTC()
	if d := v.now().Sub(at); d > maxSkew || d < -maxSkew {
		return "", apiErrorf("AuthFailure.SignatureExpire",
			"Signature expired: the timestamp is more than five minutes away from the server time (%s).",
			v.now().UTC().Format(time.RFC3339))
	}
	secretKey, err := v.lookup(auth.SecretID)
	if err != nil {
		return "", err
	}
	fail := apiErrorf("AuthFailure.SignatureFailure",
		"The provided credentials could not be validated. Check that the signature is computed as %s specifies.", algorithm)
	// The scope must be the timestamp's own UTC date, this service, and the
	// fixed terminator; content-type and host must be signed.
	if auth.Date != at.Format("2006-01-02") || auth.Service != service || auth.Terminator != scopeEnd ||
		!slices.Contains(auth.SignedHeaders, "content-type") || !slices.Contains(auth.SignedHeaders, "host") {
		return "", fail
	}
	want := signature(secretKey, auth.Date, stringToSign(ts, auth.Date, canonicalRequest(r, auth.SignedHeaders, payload)))
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(auth.Signature))) {
		return "", fail
	}
	return auth.SecretID, nil
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
