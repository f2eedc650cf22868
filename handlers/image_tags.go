package handlers

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// tagsFormKey carries a tag form that was sent back unsaved (refused, or
// asking for another row) to renderDetail, which renders the one detail
// page for every action on it.
const tagsFormKey = "image_tags_form"

// tagsForm is the owner's tag rows as the form sent them.
type tagsForm struct {
	rows []pages.TagRow
	err  error
}

// saveTags replaces an image's tags with the form's rows (R24). "Add row"
// sends the rows back with a blank one and saves nothing; rows ticked
// "remove" and blank rows are left out. A refusal shows the rows again with
// a message on each bad key or value.
func (h *imageHandler) saveTags(c echo.Context) error {
	ctx, actor, id := c.Request().Context(), web.Actor(c), c.Param("id")
	rows := tagRowsOf(c)
	status := http.StatusOK
	if c.FormValue("add") == "" {
		tags := make([]models.Tag, len(rows))
		for i, r := range rows {
			tags[i] = models.Tag{Key: r.Key, Value: r.Value}
		}
		_, err := h.images.SetTags(ctx, actor, id, tags)
		de, refused := models.AsError(err)
		if err != nil && !refused {
			return err
		}
		if !refused {
			web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.tags_saved"))
			// No #fragment: htmx's HX-Redirect to the page the browser is on,
			// plus a fragment, would only scroll, never load the saved page.
			return web.Redirect(c, "/images/"+id)
		}
		status = web.StatusOf(de)
		c.Set(tagsFormKey, tagsForm{rows: rows, err: err})
	} else {
		c.Set(tagsFormKey, tagsForm{rows: append(rows, pages.TagRow{})})
	}
	d, err := h.images.Detail(ctx, actor, id)
	if err != nil {
		return err
	}
	var shown error // a refusal the tag form cannot show (not the owner's) goes on top of the page
	if sent, ok := c.Get(tagsFormKey).(tagsForm); ok && !d.Image.Can.EditTags.OK() {
		shown = sent.err
	}
	return h.renderDetail(c, status, d, pages.ImageForm{Name: d.Image.Name, Description: d.Image.Description}, shown)
}

// tagRowsOf reads the form's rows in order, without those ticked "remove"
// and those left blank.
func tagRowsOf(c echo.Context) []pages.TagRow {
	form, _ := c.FormParams()
	keys, values := form["tag_key"], form["tag_value"]
	var rows []pages.TagRow
	for i, k := range keys {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		if slices.Contains(form["tag_remove"], strconv.Itoa(i)) || (k == "" && v == "") {
			continue
		}
		rows = append(rows, pages.TagRow{Key: k, Value: v})
	}
	return rows
}

// tagsSection is the tags section of an image's page: the rows a form sent
// back, or the saved tags and one blank row to add a tag.
func tagsSection(c echo.Context, img models.ImageView) pages.ImageTagsView {
	v := pages.ImageTagsView{ImageID: img.ID, Region: img.RegionID, Tab: img.Tab(), Tags: tagChips(img.Tags),
		CanEdit: img.Can.EditTags.OK(), Max: models.MaxImageTags}
	if !v.CanEdit {
		return v
	}
	if sent, ok := c.Get(tagsFormKey).(tagsForm); ok {
		v.Rows = sent.rows
		for i := range v.Rows {
			v.Rows[i].KeyError = web.FieldText(c, sent.err, models.TagField(i, "key"))
			v.Rows[i].ValueError = web.FieldText(c, sent.err, models.TagField(i, "value"))
		}
		v.Error = web.FieldText(c, sent.err, "tags")
		return v
	}
	for _, t := range img.Tags {
		v.Rows = append(v.Rows, pages.TagRow{Key: t.Key, Value: t.Value})
	}
	if v.CanAdd() {
		v.Rows = append(v.Rows, pages.TagRow{})
	}
	return v
}

func tagChips(tags []models.Tag) []pages.TagChip {
	out := make([]pages.TagChip, len(tags))
	for i, t := range tags {
		out[i] = pages.TagChip{Key: t.Key, Value: t.Value}
	}
	return out
}

// tagQuery reads the Images page's tag filter (key or key=value): the
// store's filter and the filter as the page shows it ("" for none).
func tagQuery(param string) ([]models.TagFilter, string) {
	f, ok := models.ParseTagFilter(param)
	if !ok {
		return nil, ""
	}
	return []models.TagFilter{f}, f.String()
}
