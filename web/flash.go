package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/views/reqctx"
)

const flashCookie = "flash"

// Flash queues a message for the next page the browser shows (after the
// redirect of Post/Redirect/Get). The text is already translated.
func Flash(c echo.Context, kind, text string) {
	list := append(pendingFlash(c), reqctx.Flash{Kind: kind, Text: text})
	c.Set(flashCookie, list)
	b, _ := json.Marshal(list)
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/",
		MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func pendingFlash(c echo.Context) []reqctx.Flash {
	list, _ := c.Get(flashCookie).([]reqctx.Flash)
	return list
}

// takeFlash reads and clears the flash cookie. htmx fragment requests leave it
// for the next full page, which is where the flash region is.
func takeFlash(c echo.Context) []reqctx.Flash {
	ck, err := c.Cookie(flashCookie)
	if err != nil || ck.Value == "" || isFragmentRequest(c) {
		return nil
	}
	clearCookie(c, flashCookie)
	b, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return nil
	}
	var list []reqctx.Flash
	if json.Unmarshal(b, &list) != nil || len(list) > 5 {
		return nil
	}
	return list
}
