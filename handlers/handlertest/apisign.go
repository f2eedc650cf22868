package handlertest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// SignAPI signs r, an API request carrying body, at a time, as the official
// Go and Python SDKs do (TC3-HMAC-SHA256 over content-type and host, scope
// service "cvm", canonical URI "/"), for tests that send what no SDK would,
// or the same request twice. It sets X-TC-Timestamp and Authorization.
func SignAPI(r *http.Request, secretID, secretKey string, body []byte, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	date := at.UTC().Format("2006-01-02")
	canonical := r.Method + "\n/\n\ncontent-type:" + r.Header.Get("Content-Type") + "\nhost:" + r.Host +
		"\n\ncontent-type;host\n" + hexSHA(body)
	sts := "TC3-HMAC-SHA256\n" + ts + "\n" + date + "/cvm/tc3_request\n" + hexSHA([]byte(canonical))
	key := mac([]byte("TC3"+secretKey), date)
	key = mac(mac(key, "cvm"), "tc3_request")
	r.Header.Set("X-TC-Timestamp", ts)
	r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+secretID+"/"+date+"/cvm/tc3_request, "+
		"SignedHeaders=content-type;host, Signature="+hex.EncodeToString(mac(key, sts)))
}

func hexSHA(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func mac(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}
