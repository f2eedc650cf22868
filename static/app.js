// Imageshare Console: the little behaviour htmx does not cover. No inline
// scripts anywhere (the Content-Security-Policy forbids them), so it lives here.
(function () {
  "use strict";

  // The header's Menu button (below 1280 px) shows and hides its panel.
  document.documentElement.classList.add("js");
  function setHeaderMenu(open) {
    var toggle = document.querySelector("[data-header-toggle]");
    var panel = document.getElementById("header-panel");
    if (!toggle || !panel) return;
    panel.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-header-toggle]");
    if (toggle) setHeaderMenu(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    var toggle = document.querySelector("[data-header-toggle][aria-expanded=true]");
    if (event.key === "Escape" && toggle) {
      setHeaderMenu(false);
      toggle.focus();
    }
  });

  // Copy buttons: <button data-copy="text" data-copied-label="Copied">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      var status = document.getElementById(button.getAttribute("aria-describedby") || "");
      if (status) status.textContent = button.getAttribute("data-copied-label") || "";
    });
  });

  // Close an open <details> menu with Escape and when clicking elsewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  // Filters sit behind a toggle on phones; from 640 px there is room to show
  // them (and the toggle hides), also once a window is made wider.
  var wide = window.matchMedia("(min-width: 640px)");
  function openFilters() {
    if (!wide.matches) return;
    document.querySelectorAll("details[data-filters]").forEach(function (filters) {
      filters.setAttribute("open", "");
    });
  }
  openFilters();
  wide.addEventListener("change", openFilters);

  // Auto-submit controls (<select data-autosubmit>) when JS is on; without JS
  // the form keeps its visible submit button.
  document.addEventListener("change", function (event) {
    var control = event.target.closest("[data-autosubmit]");
    if (control && control.form) control.form.requestSubmit();
  });

  // Toasts dismiss themselves after a while, and on their close button.
  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-dismiss]");
    if (close) {
      var toast = close.closest("[role=alert],[role=status]");
      if (toast) toast.remove();
    }
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("[data-autodismiss]:not([data-timer])").forEach(function (toast) {
      toast.setAttribute("data-timer", "1");
      setTimeout(function () { toast.remove(); }, 8000);
    });
  });
  // A request that never reached the server (network down) still tells the person.
  document.body.addEventListener("htmx:sendError", function () {
    var region = document.getElementById("toasts");
    var template = document.getElementById("toast-network");
    if (region && template) region.appendChild(template.content.cloneNode(true));
  });
})();

// "Select all" checkboxes: <input type=checkbox data-select-all="name"> ticks
// every checkbox called name in its form.
document.addEventListener("change", function (event) {
  var all = event.target.closest("[data-select-all]");
  if (!all || !all.form) return;
  all.form.querySelectorAll('input[type=checkbox][name="' + all.getAttribute("data-select-all") + '"]').forEach(function (box) {
    box.checked = all.checked;
  });
});

// Instance types that cannot run the chosen image: <select data-arch-of="id">
// lists types whose <option data-arch> must match the architecture of the
// option chosen in select#id. The server offers only matching types for an
// image it knows; this keeps the list right as the person picks another.
(function () {
  "use strict";
  function narrow(types) {
    var images = document.getElementById(types.getAttribute("data-arch-of"));
    if (!images) return;
    var chosen = images.selectedOptions[0];
    var arch = chosen ? chosen.getAttribute("data-arch") : "";
    types.querySelectorAll("option[data-arch]").forEach(function (option) {
      var hide = !!arch && option.getAttribute("data-arch") !== arch;
      option.hidden = hide;
      option.disabled = hide;
    });
    var current = types.selectedOptions[0];
    if (current && current.disabled) {
      var first = types.querySelector("option[data-arch]:not([disabled])");
      if (first) first.selected = true;
    }
  }
  function narrowAll() {
    document.querySelectorAll("select[data-arch-of]").forEach(narrow);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("select")) narrowAll();
  });
  document.addEventListener("DOMContentLoaded", narrowAll);
  document.addEventListener("htmx:afterSettle", narrowAll);
})();

// Times in the reader's time zone: <time datetime data-local-time> is
// rendered in UTC (kept in its title, shown on hover) and rewritten here in
// the page's language.
(function () {
  "use strict";
  function localize() {
    if (!window.Intl) return;
    var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "medium", timeStyle: "short",
    });
    document.querySelectorAll("time[data-local-time]:not([data-localized])").forEach(function (el) {
      var at = new Date(el.getAttribute("datetime"));
      if (isNaN(at.getTime())) return;
      el.textContent = format.format(at);
      el.setAttribute("data-localized", "");
    });
  }
  document.addEventListener("DOMContentLoaded", localize);
  document.addEventListener("htmx:afterSettle", localize);
})();

// Date-time pickers (<input type=datetime-local data-utc-field=id>) are in
// the person's time zone; the server stores UTC, so the hidden field named
// by data-utc-field carries the value converted. Without JS it stays empty
// and the picker's value is read as UTC, which [data-time-zone] then says.
(function () {
  "use strict";
  function sync(input) {
    var hidden = document.getElementById(input.getAttribute("data-utc-field"));
    if (!hidden) return;
    var at = input.value ? new Date(input.value) : null;
    hidden.value = at && !isNaN(at.getTime()) ? at.toISOString() : "";
  }
  function ready() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    document.querySelectorAll("[data-time-zone]").forEach(function (el) { el.textContent = zone; });
    document.querySelectorAll("[data-utc-field]").forEach(sync);
  }
  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-utc-field]");
    if (input) sync(input);
  });
  document.addEventListener("DOMContentLoaded", ready);
  document.addEventListener("htmx:afterSettle", ready);
})();
