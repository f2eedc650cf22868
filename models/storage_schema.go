package models

// schemaV8 gives images real bytes (issue 13). blobs holds one row per
// stored content per region, addressed by SHA-256, with the number of images
// and instance disks referring to it: bytes are stored once per region and
// freed (by the transfer worker, see sweepBlobs) only when nothing refers to
// them. transfers are the byte-moving jobs (imports and copies), kept apart
// from the simulator's jobs because they run outside any transaction and
// checkpoint their progress, so they resume after a crash where they were.
const schemaV8 = `
CREATE TABLE blobs (
	region_id  TEXT NOT NULL REFERENCES regions(id),
	sha256     TEXT NOT NULL,
	object_key TEXT NOT NULL,
	size       BIGINT NOT NULL,
	refs       INTEGER NOT NULL,
	disk_format   TEXT NOT NULL DEFAULT '',
	virtual_bytes BIGINT NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL,
	PRIMARY KEY (region_id, sha256)
);
CREATE INDEX blobs_refs ON blobs(refs);
ALTER TABLE images ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN content_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE images ADD COLUMN disk_format TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN virtual_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE images ADD COLUMN transfer_done BIGINT NOT NULL DEFAULT 0;
ALTER TABLE images ADD COLUMN transfer_total BIGINT NOT NULL DEFAULT 0;
ALTER TABLE images ADD COLUMN failure_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE instances ADD COLUMN disk_sha256 TEXT NOT NULL DEFAULT '';
CREATE TABLE transfers (
	id            {{serial}},
	kind          TEXT NOT NULL,
	image_id      TEXT NOT NULL,
	region_id     TEXT NOT NULL,
	object_key    TEXT NOT NULL,
	source        TEXT NOT NULL DEFAULT '',
	source_region TEXT NOT NULL DEFAULT '',
	source_sha256 TEXT NOT NULL DEFAULT '',
	done_bytes    BIGINT NOT NULL DEFAULT 0,
	total_bytes   BIGINT NOT NULL DEFAULT 0,
	hash_state    TEXT NOT NULL DEFAULT '',
	state         TEXT NOT NULL,
	attempts      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	run_at        {{ts}} NOT NULL,
	created_at    {{ts}} NOT NULL,
	updated_at    {{ts}} NOT NULL
);
CREATE INDEX transfers_due ON transfers(state, run_at);
CREATE TABLE uploads (
	id           TEXT PRIMARY KEY,
	account_id   TEXT NOT NULL REFERENCES accounts(id),
	user_id      BIGINT NOT NULL,
	region_id    TEXT NOT NULL,
	name         TEXT NOT NULL,
	platform     TEXT NOT NULL,
	os_version   TEXT NOT NULL DEFAULT '',
	architecture TEXT NOT NULL,
	size         BIGINT NOT NULL,
	received     BIGINT NOT NULL DEFAULT 0,
	image_id     TEXT NOT NULL DEFAULT '',
	created_at   {{ts}} NOT NULL,
	updated_at   {{ts}} NOT NULL
);
CREATE INDEX uploads_account ON uploads(account_id);
CREATE TABLE account_byte_quotas (
	account_id TEXT PRIMARY KEY REFERENCES accounts(id),
	max_bytes  BIGINT NOT NULL
);
`
