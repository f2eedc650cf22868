package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/views/reqctx"
)

const (
	flashCookie = "flash"
	// flashLife is how long a flash waits for the page after the redirect.
	flashLife = time.Minute
)

// flashPayload is what the flash cookie carries, signed.
type flashPayload struct {
	Expires int64          `json:"exp"`
	List    []reqctx.Flash `json:"list"`
}

// Flash queues a message for the next page the browser shows (after the
// redirect of Post/Redirect/Get). The text is already translated.
//
// The cookie is signed with a key of the server's (derived from the master
// key, so every replica checks it) over the browser's session and an expiry,
// so a planted cookie, or one the console gave another browser, shows
// nothing. Without a key (the database unreachable) the message is dropped:
// the change it reports is done either way.
func Flash(c echo.Context, kind, text string) {
	list := append(pendingFlash(c), reqctx.Flash{Kind: kind, Text: text})
	c.Set(flashCookie, list)
	payload, _ := json.Marshal(flashPayload{Expires: time.Now().Add(flashLife).Unix(), List: list})
	encoded := base64.RawURLEncoding.EncodeToString(payload)
	mac, ok := flashMAC(c, encoded)
	if !ok {
		return
	}
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: encoded + "." + mac, Path: "/", MaxAge: int(flashLife.Seconds()),
		HttpOnly: true, Secure: secureCookies(c), SameSite: http.SameSiteLaxMode})
}

func pendingFlash(c echo.Context) []reqctx.Flash {
	list, _ := c.Get(flashCookie).([]reqctx.Flash)
	return list
}

// takeFlash reads and clears the flash cookie, keeping its messages only if
// the console signed them for this session and they have not expired. htmx
// fragment requests leave it for the next full page, which is where the
// flash region is.
func takeFlash(c echo.Context) []reqctx.Flash {
	ck, err := c.Cookie(flashCookie)
	if err != nil || ck.Value == "" || isFragmentRequest(c) {
		return nil
	}
	clearCookie(c, flashCookie)
	encoded, sent, _ := strings.Cut(ck.Value, ".")
	want, ok := flashMAC(c, encoded)
	if !ok || !hmac.Equal([]byte(sent), []byte(want)) {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil {
		return nil
	}
	var p flashPayload
	if json.Unmarshal(b, &p) != nil || len(p.List) > 5 || time.Now().Unix() > p.Expires {
		return nil
	}
	return p.List
}

// flashMAC signs an encoded flash for this request's session.
func flashMAC(c echo.Context, encoded string) (string, bool) {
	keys, _ := c.Get(keysKey).(KeySource)
	if keys == nil {
		return "", false
	}
	key, err := keys(c.Request().Context(), "flash")
	if err != nil {
		return "", false
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(SessionToken(c) + "\x00" + encoded))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), true
}
