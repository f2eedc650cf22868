package models

// schemaV18 indexes shares by status, for every status. Connections keep
// the plan a statement was prepared with (stablePlans), so the planner can
// no longer see that a bound "status = ?" is 'pending' and use the partial
// index shares_pending; the admin's pending count and the Shares page's
// status filter would scan every share. This index serves any status and
// replaces that one.
const schemaV18 = `
CREATE INDEX shares_status ON shares(status, created_at);
DROP INDEX shares_pending;
`
