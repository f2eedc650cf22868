package models

// schemaV13 holds the tags of images (R24). The primary key loads a page's
// tags by image; the (key, value) index serves the tag filters of lists and
// DescribeImages. Tags go with their image when it is finally removed.
const schemaV13 = `
CREATE TABLE image_tags (
	image_id  TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
	tag_key   TEXT NOT NULL,
	tag_value TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (image_id, tag_key)
);
CREATE INDEX image_tags_key_value ON image_tags(tag_key, tag_value, image_id)
`
