package handlers

import (
	"encoding/csv"
	"fmt"
	"net/http"
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

// writeCSV sends rows as a CSV download named after the export and its time.
func writeCSV(c echo.Context, name string, header []string, rows [][]string) error {
	filename := fmt.Sprintf("%s-%s.csv", name, time.Now().UTC().Format("20060102-150405"))
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	if err := w.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.Write(csvSafe(r)); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// csvSafe defuses spreadsheet formulas: a cell people typed (an image name, a
// reason) that starts with = + - @ would run as a formula when opened.
func csvSafe(row []string) []string {
	out := make([]string, len(row))
	for i, v := range row {
		if v != "" && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r') {
			v = "'" + v
		}
		out[i] = v
	}
	return out
}

func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
