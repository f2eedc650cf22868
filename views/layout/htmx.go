package layout

import "encoding/json"

// htmxConfig is set once for the whole console: indicator styles come from
// our CSS (htmx would inject an inline <style> the CSP refuses), no eval, and
// 422 responses are swapped so forms re-render with their errors; other
// errors are swapped too, into the toast region the server retargets to.
const htmxConfig = `{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,` +
	`"historyCacheSize":0,"refreshOnHistoryMiss":true,"responseHandling":[` +
	`{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true},` +
	`{"code":"[45]..","swap":true,"error":true}]}`

// csrfHeaders makes every htmx request carry the CSRF token.
func csrfHeaders(token string) string {
	b, _ := json.Marshal(map[string]string{"X-CSRF-Token": token})
	return string(b)
}
