package handlers

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// formIDs reads the checked share ids of a bulk form; malformed ones are
// dropped (they cannot name a share).
func formIDs(c echo.Context, name string) []int64 {
	form, _ := c.FormParams()
	var ids []int64
	for _, v := range form[name] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// dateParam reads a yyyy-mm-dd query parameter as the start of that day in
// UTC; "to" dates are exclusive, so the day after is returned for them.
func dateParam(c echo.Context, name string, endOfDay bool) time.Time {
	t, err := time.Parse("2006-01-02", c.QueryParam(name))
	if err != nil {
		return time.Time{}
	}
	if endOfDay {
		return t.AddDate(0, 0, 1)
	}
	return t
}
