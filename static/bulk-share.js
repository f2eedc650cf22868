// The Custom images tab's selection for bulk sharing (R26): "select all on
// this page" ticks every row, and "Share selected (N)" counts the rows
// ticked. The rows' checkboxes belong to form[data-bulk-share] by their form
// attribute. Without JS the form still works: "select all" then sends the
// page's shareable images, and the count is not shown.
(function () {
  "use strict";
  if (window.imageshareBulkShare) return;
  window.imageshareBulkShare = true;

  function items(form) {
    return document.querySelectorAll('input[data-bulk-item][form="' + form.id + '"]');
  }
  function update(form) {
    var boxes = items(form);
    var n = 0;
    boxes.forEach(function (box) { if (box.checked) n++; });
    var all = form.querySelector("[data-bulk-all]");
    if (all) {
      all.checked = boxes.length > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    }
    var count = form.querySelector("[data-bulk-count]");
    if (count) count.textContent = " (" + n + ")";
    var submit = form.querySelector("[data-bulk-submit]");
    if (submit) submit.disabled = n === 0;
  }
  function updateAll() {
    document.querySelectorAll("form[data-bulk-share]").forEach(update);
  }
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-bulk-all]");
    if (all && all.form) {
      items(all.form).forEach(function (box) { box.checked = all.checked; });
      update(all.form);
      return;
    }
    var item = event.target.closest("[data-bulk-item]");
    if (item && item.form) update(item.form);
  });
  document.addEventListener("DOMContentLoaded", updateAll);
  document.addEventListener("htmx:afterSettle", updateAll);
  updateAll();
})();
