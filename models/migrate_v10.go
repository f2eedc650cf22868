package models

// schemaV10 indexes the shares waiting for review (R17): the admin's header
// counts them on every page, so the count must not scan every share.
const schemaV10 = `
CREATE INDEX shares_pending ON shares(created_at) WHERE status = 'pending';
`
