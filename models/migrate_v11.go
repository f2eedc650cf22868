package models

// schemaV11 is the image lifecycle of R21 and R22: an image may be
// deprecated from a moment on (deprecate_at, UTC; NULL: not deprecated),
// naming a successor; disabled by its owner; and protected from deletion.
// Existing images get the defaults: in use, unprotected.
const schemaV11 = `
ALTER TABLE images ADD COLUMN deprecate_at {{ts}};
ALTER TABLE images ADD COLUMN successor_image_id TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE images ADD COLUMN deletion_protection BOOLEAN NOT NULL DEFAULT FALSE;
`
