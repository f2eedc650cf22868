package api

import (
	"context"
	"encoding/json"
	"errors"

	"imageshare/models"
)

// admit refuses a signed request that was already received (SPEC 8,
// "Replay"; models.ReplayGuard decides): a state-changing call (every action
// but Describe*) is accepted once per signature, and a read's signature
// serves a change only from the address that read. The refusal is
// AuthFailure.SignatureFailure: Tencent documents no code of its own for a
// replayed request, the SDKs retry none of the AuthFailure codes, and the
// fix is the same as for a bad signature, sign a new request.
func (h *Handler) admit(ctx context.Context, sig signed, name, region, client string, act action, body []byte) error {
	c := models.SignedCall{Signature: sig.Signature, Action: name, Region: region, Client: client, Expires: sig.At.Add(maxSkew)}
	// Only a signed body binds the ClientToken: with an unsigned one, a
	// "retry" could carry any token and parameters.
	if act.clientToken && sig.BodySigned {
		var in struct{ ClientToken string }
		c.Retry = json.Unmarshal(body, &in) == nil && in.ClientToken != ""
	}
	err := h.replay.Admit(ctx, c)
	if errors.Is(err, models.ErrReplayed) {
		return apiErrorf("AuthFailure.SignatureFailure",
			"This signature was already used: a request that changes something is accepted once. Sign a new request.")
	}
	return err
}
