package models

// schemaV14 lets a transfer into S3 resume after a crash without sending
// again the parts it had stored (issue 13): resume_state keeps, with the
// checkpoint's byte count and hash state, what the storage backend needs to
// continue there (the multipart upload's id and its completed parts), opaque
// to the models.
const schemaV14 = `
ALTER TABLE transfers ADD COLUMN resume_state TEXT NOT NULL DEFAULT '';
`
