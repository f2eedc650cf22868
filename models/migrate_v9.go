package models

// schemaV9 is the share lifecycle of SPEC 3b (R18-R20): shares can be
// offered to their recipient before they are active (R19), and may end on a
// date (R20). expiry_warned_at records the one early warning, so no replica
// sends it twice. The unique index of live shares now covers offered ones:
// an offer holds its recipient's place like a pending or active share.
const schemaV9 = `
ALTER TABLE shares ADD COLUMN expires_at {{ts}};
ALTER TABLE shares ADD COLUMN expiry_warned_at {{ts}};
DROP INDEX shares_one_live;
CREATE UNIQUE INDEX shares_one_live ON shares(image_id, recipient_account_id) WHERE status IN ('pending', 'offered', 'active');
CREATE INDEX shares_expiry ON shares(expires_at) WHERE expires_at IS NOT NULL
`
