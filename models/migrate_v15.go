package models

// schemaV15 indexes the images outside the recycle bin by region, owner and
// newest first, with the id that breaks ties: the Images page's count of
// each tab and its default order read it alone. The index it replaces lacked
// the bin's condition and the id, so every count looked up each row to skip
// binned images, and every page sorted its rows again.
const schemaV15 = `
CREATE INDEX images_live_newest ON images(region_id, owner_account_id, created_at DESC, id) WHERE binned_at IS NULL;
DROP INDEX images_region_owner_created;
`
