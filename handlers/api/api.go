// Package api is the Tencent Cloud API 3.0-compatible API of the console
// (CVM 2017-03-12, SPEC 8), so the official SDKs and tools manage images,
// shares and instances by changing only their endpoint. It translates each
// action to calls on the same domain stores as the console and their coded
// errors to Tencent's error envelope; it enforces no rule of its own.
//
// api.go routes a request: read the body, verify the TC3-HMAC-SHA256
// signature (sign.go), check the common parameters, run the action (one file
// per group of actions) and answer with the Response envelope, always HTTP
// 200, since the SDKs treat any other status as a transport failure.
package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
)

// Version is the one API version served.
const Version = "2017-03-12"

// maxBody bounds a request body, like the console's body limit.
const maxBody = 1 << 20

// Options configure the API around its database.
type Options struct {
	Logger *slog.Logger
	// Now is the clock request timestamps are checked against (nil: the
	// system clock); tests move it to see expired signatures.
	Now func() time.Time
}

// Handler serves API calls; mount Serve on a POST route.
type Handler struct {
	keys      *models.APIKeyStore
	images    *models.ImageStore
	shares    *models.ShareStore
	instances *models.InstanceStore
	quotas    *models.QuotaStore
	content   *models.ContentStore
	replay    *models.ReplayGuard
	bin       *models.ImageBinStore
	orgs      *models.OrgStore
	log       *slog.Logger
	now       func() time.Time
	actions   map[string]action
}

// call is one authenticated request as an action sees it.
type call struct {
	actor  models.Actor
	region string // X-TC-Region, validated; empty only for region-less actions
	locale string
	body   []byte
}

// action runs one API action and returns its response fields.
type action struct {
	run func(ctx context.Context, c *call) (response, error)
	// global actions (DescribeRegions) need no X-TC-Region.
	global bool
	// clientToken actions take a ClientToken: a resend with one is a retry
	// the action answers itself (see admit).
	clientToken bool
}

// NewHandler builds the API over the process's stores.
func NewHandler(stores *models.Stores, opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	h := &Handler{
		keys:      stores.APIKeys,
		images:    stores.Images,
		shares:    stores.Shares,
		instances: stores.Instances,
		quotas:    stores.Quotas,
		content:   stores.Content,
		replay:    stores.Replay,
		bin:       stores.Bin,
		orgs:      stores.Orgs,
		log:       opts.Logger,
		now:       opts.Now,
	}
	h.actions = map[string]action{
		"DescribeImages":               {run: h.describeImages},
		"ModifyImageAttribute":         {run: h.modifyImageAttribute},
		"DeleteImages":                 {run: h.deleteImages},
		"SyncImages":                   {run: h.syncImages},
		"CreateImage":                  {run: h.createImage},
		"DescribeImageQuota":           {run: h.describeImageQuota},
		"ModifyImageSharePermission":   {run: h.modifyImageSharePermission},
		"DescribeImageSharePermission": {run: h.describeImageSharePermission},
		"RunInstances":                 {run: h.runInstances, clientToken: true},
		"ResetInstance":                {run: h.resetInstance},
		"DescribeInstances":            {run: h.describeInstances},
		"TerminateInstances":           {run: h.terminateInstances},
		"DescribeRegions":              {run: h.describeRegions, global: true},
		"DescribeZones":                {run: h.describeZones},
		// Extensions of the share lifecycle (SPEC 3b): share_lifecycle.go.
		"LeaveImageShare":               {run: h.leaveImageShare},
		"AcceptImageShare":              {run: h.acceptImageShare},
		"DeclineImageShare":             {run: h.declineImageShare},
		"DescribeImageShareInvitations": {run: h.describeImageShareInvitations},
		"ModifyImageShareExpiry":        {run: h.modifyImageShareExpiry},
		// Image bytes (issue 13): import, export.
		"ImportImage":           {run: h.importImage},
		"DescribeImportImageOs": {run: h.describeImportImageOs},
		"ExportImages":          {run: h.exportImages},
		// Tags that travel (R24): image_tags.go.
		"ModifyImageTags": {run: h.modifyImageTags},
		// The recycle bin (R23): recycle_bin.go.
		"DescribeRecycleBinImages": {run: h.describeRecycleBinImages},
		"RestoreImage":             {run: h.restoreImage},
		"DeleteImagesPermanently":  {run: h.deleteImagesPermanently},
		// Bulk sharing (R26): share_bulk.go.
		"ShareImages": {run: h.shareImages},
		// Organizations (R25): organizations.go.
		"DescribeOrganizations": {run: h.describeOrganizations, global: true},
	}
	h.lifecycleActions()
	return h
}

// Serve answers one API call.
func (h *Handler) Serve(c echo.Context) error {
	started := time.Now()
	rid := c.Response().Header().Get(echo.HeaderXRequestID)
	if rid == "" {
		rid = NewRequestID()
	}
	r := c.Request()
	action := r.Header.Get("X-TC-Action")
	resp, secretID, err := h.handle(c, rid)
	code := "ok"
	if err != nil {
		var body errorResponse
		body.Error, body.RequestId = h.toAPIError(err, localeOf(r)), rid
		code = body.Error.Code
		if code == codeInternal {
			h.log.Error("api call failed", slog.String("request_id", rid), slog.String("action", action),
				slog.String("error", err.Error()))
		}
		resp = &body
	}
	h.log.Info("api call", slog.String("request_id", rid), slog.String("action", action),
		slog.String("secret_id", secretID), slog.String("outcome", code),
		slog.Duration("duration", time.Since(started)))
	resp.setRequestID(rid)
	return c.JSON(http.StatusOK, envelope{Response: resp})
}

// handle authenticates and runs a call; it returns the SecretId for the log.
func (h *Handler) handle(c echo.Context, rid string) (response, string, error) {
	r := c.Request()
	if r.Method != http.MethodPost {
		return nil, "", apiErrorf("UnsupportedProtocol", "Only POST requests with a JSON body are supported.")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, "", apiErrorf("InvalidParameter", "The request body could not be read.")
	}
	if len(body) > maxBody {
		return nil, "", apiErrorf("RequestSizeLimitExceeded", "The request body is larger than %d bytes.", maxBody)
	}
	user, sig, err := h.authenticate(r, body, rid)
	secretID := sig.SecretID
	if err != nil {
		return nil, secretID, err
	}
	act, region, err := h.route(r)
	if err != nil {
		return nil, secretID, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := h.admit(r.Context(), sig, r.Header.Get("X-TC-Action"), region, c.RealIP(), act, body); err != nil {
		return nil, secretID, err
	}
	ctx := models.WithRequestMeta(r.Context(), models.RequestMeta{IP: c.RealIP(), RequestID: rid, Username: user.Username})
	resp, err := act.run(ctx, &call{actor: user.Actor(), region: region, locale: localeOf(r), body: body})
	return resp, secretID, err
}

// authenticate verifies the request's signature with its key and returns
// the key's user and what the signature tells.
func (h *Handler) authenticate(r *http.Request, body []byte, rid string) (models.SessionUser, signed, error) {
	var user models.SessionUser
	v := verifier{now: h.now, lookup: func(secretID string) (string, error) {
		u, key, err := h.keys.Resolve(r.Context(), secretID)
		user = u
		return key, err
	}}
	sig, err := v.verify(r, body)
	if err != nil {
		return user, sig, err
	}
	h.keys.Used(sig.SecretID)
	return user, sig, nil
}

// route checks the common parameters: the action, the version, and the
// region every call but DescribeRegions is scoped to.
func (h *Handler) route(r *http.Request) (action, string, error) {
	name := r.Header.Get("X-TC-Action")
	act, ok := h.actions[name]
	switch {
	case name == "":
		return act, "", missing("X-TC-Action")
	case !ok:
		return act, "", apiErrorf("InvalidAction", "The action %q does not exist in CVM %s.", name, Version)
	}
	switch v := r.Header.Get("X-TC-Version"); {
	case v == "":
		return act, "", missing("X-TC-Version")
	case v != Version:
		return act, "", apiErrorf("NoSuchVersion", "The API version %q does not exist; this API serves %s.", v, Version)
	}
	region := r.Header.Get("X-TC-Region")
	if region == "" && !act.global {
		return act, "", missing("X-TC-Region")
	}
	if region != "" {
		if err := models.CheckRegion(region); err != nil {
			return act, "", err
		}
	}
	return act, region, nil
}

// envelope is every answer: {"Response": {...fields, "RequestId": "..."}}.
type envelope struct {
	Response response `json:"Response"`
}

// response is an action's answer; each embeds meta, so RequestId comes last.
type response interface{ setRequestID(id string) }

type meta struct {
	RequestId string `json:"RequestId"`
}

func (m *meta) setRequestID(id string) { m.RequestId = id }

// empty is the answer of actions that return nothing but the RequestId.
type empty struct{ meta }

type errorResponse struct {
	Error apiError `json:"Error"`
	meta
}

// apiError is an error with Tencent's code, for failures the API itself
// finds (protocol, signature, parameters); domain errors keep their own.
type apiError struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func apiErrorf(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// missing is the error for an absent required parameter.
func missing(param string) *apiError {
	return apiErrorf("MissingParameter", "The request is missing a required parameter `%s`.", param)
}

const codeInternal = "InternalError"

// toAPIError gives any error its public code and message: the API's own
// errors as they are, domain errors with their code and translated message
// (with the message of each field, e.g. each refused account), anything else
// an internal error whose details stay in the log.
func (h *Handler) toAPIError(err error, locale string) apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return *ae
	}
	if de, ok := models.AsError(err); ok {
		parts := []string{i18n.Message(locale, de.Msg)}
		for _, f := range de.Fields {
			if m := i18n.Message(locale, f.Msg); m != parts[0] {
				parts = append(parts, m)
			}
		}
		return apiError{Code: de.Code, Message: strings.Join(parts, " ")}
	}
	return apiError{Code: codeInternal, Message: "An internal error occurred. Retry later; if it persists, report the RequestId."}
}

// codeOf is the code of a domain error, or "".
func codeOf(err error) string {
	if de, ok := models.AsError(err); ok {
		return de.Code
	}
	return ""
}

// localeOf maps X-TC-Language (zh-CN by default in the SDKs, en-US) to a
// catalogue: Portuguese when asked for, English otherwise.
func localeOf(r *http.Request) string {
	if strings.HasPrefix(strings.ToLower(r.Header.Get("X-TC-Language")), "pt") {
		return "pt-BR"
	}
	return "en"
}

// decode reads an action's parameters from the JSON body, the API's one
// input boundary. Parameters the action does not use are ignored, as the SDKs
// send every field they know; those it uses pass the console's text check
// (valid UTF-8, checked on the raw body since decoding would quietly replace
// bad bytes, and no NUL or control characters, which JSON can escape).
func decode(c *call, v any) error {
	if err := models.CheckText("body", string(c.body)); err != nil {
		return err
	}
	err := json.Unmarshal(c.body, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return checkText(reflect.ValueOf(v), "")
	case errors.As(err, &typeErr):
		return apiErrorf("InvalidParameterValue", "The parameter `%s` must be of type %s.", typeErr.Field, typeErr.Type)
	}
	return apiErrorf("InvalidParameter", "The request body is not a JSON object: %v.", err)
}

// ErrorHandler answers what reaches no action (an unknown path) and errors
// of the middleware (a panic, say) in the envelope, with HTTP 200 like every
// answer: the API listener's HTTPErrorHandler.
func (h *Handler) ErrorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	rid := c.Response().Header().Get(echo.HeaderXRequestID)
	body := errorResponse{meta: meta{RequestId: rid}}
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he) && he.Code == http.StatusNotFound:
		body.Error = apiError{Code: "UnsupportedProtocol", Message: "Send API requests to /, /api or /api/."}
	default:
		h.log.Error("api request failed", slog.String("request_id", rid), slog.String("error", err.Error()))
		body.Error = apiError{Code: codeInternal, Message: "An internal error occurred. Retry later; if it persists, report the RequestId."}
	}
	_ = c.JSON(http.StatusOK, envelope{Response: &body})
}

// NewRequestID returns a random UUID (version 4), the shape of Tencent's.
func NewRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return uuidOf(b)
}

// uuidOf shapes the first 16 bytes of b as a version 4 UUID.
func uuidOf(b []byte) string {
	u := [16]byte(b[:16])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}
