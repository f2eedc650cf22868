package web

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/labstack/echo/v4"
)

// maxRequestID bounds a request id taken from the client.
const maxRequestID = 64

// plainRequestID reports whether a client's X-Request-Id may be kept: 1-64
// of [A-Za-z0-9._-]. Anything else (a 900 KB id, quotes, control or
// non-ASCII characters) would be echoed, logged and stored as given.
func plainRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// AssignRequestID gives each request its id: the client's X-Request-Id when
// it is short and plain (so a proxy's id ties its logs to ours), else a new
// one from generate. The id is answered in X-Request-Id; RequestID reads it.
// The API listener uses it too, with ids shaped like Tencent's.
func AssignRequestID(generate func() string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			id := c.Request().Header.Get(echo.HeaderXRequestID)
			if !plainRequestID(id) {
				id = generate()
			}
			c.Response().Header().Set(echo.HeaderXRequestID, id)
			c.Set(requestIDKey, id)
			return next(c)
		}
	}
}

// newRequestID is a console request id: 128 random bits in hex.
func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
