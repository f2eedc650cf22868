// Imageshare Console: resumable chunked upload of disk images.
// Protocol (handlers/image_content.go): POST /uploads opens an upload and
// answers {id, received}; PUT /uploads/ID?offset=N appends a chunk at N and
// answers {received} or, when done, {image}; a 409 answers where the server
// stands, so after a dropped connection the upload resumes from there. The
// upload id is remembered per file, so a reload of the page resumes too.
(function () {
  "use strict";
  var CHUNK = 768 * 1024; // under the console's 1 MiB body limit

  function csrfHeaders() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    } catch (e) {
      return {};
    }
  }

  function format(template, a, b) {
    return template.replace("%s", a).replace("%s", b);
  }

  function mib(n) {
    return (n / 1048576).toFixed(1) + " MiB";
  }

  function send(method, url, body, contentType) {
    var headers = csrfHeaders();
    headers["Accept"] = "application/json";
    if (contentType) headers["Content-Type"] = contentType;
    return fetch(url, { method: method, body: body, headers: headers, credentials: "same-origin" }).then(
      function (resp) {
        return resp.json().then(function (data) {
          data.status = resp.status;
          return data;
        });
      }
    );
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function start(form) {
    var file = form.querySelector("input[type=file]").files[0];
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var error = document.getElementById("upload-error");
    var button = form.querySelector("button[type=submit]");
    if (!file) {
      error.textContent = form.getAttribute("data-msg-nojs");
      return;
    }
    var key = "upload:" + file.name + ":" + file.size + ":" + file.lastModified;
    var base = form.getAttribute("data-upload");
    error.textContent = "";
    button.disabled = true;

    function show(received) {
      bar.value = Math.floor((received * 100) / file.size);
      status.textContent = format(form.getAttribute("data-msg-progress"), mib(received), mib(file.size));
    }

    function fail(message) {
      error.textContent = message;
      button.disabled = false;
    }

    function open() {
      var known = localStorage.getItem(key);
      if (known) {
        return send("GET", base + "/" + known).then(function (data) {
          if (data.status === 200 && !data.image) return { id: known, received: data.received };
          localStorage.removeItem(key);
          return open();
        });
      }
      var fields = new URLSearchParams(new FormData(form));
      fields.delete("file");
      fields.set("size", String(file.size));
      return send("POST", base, fields, "application/x-www-form-urlencoded").then(function (data) {
        if (data.status !== 201) throw new Error(data.message || "upload refused");
        localStorage.setItem(key, data.id);
        return data;
      });
    }

    function loop(id, offset, failures) {
      show(offset);
      var chunk = file.slice(offset, Math.min(file.size, offset + CHUNK));
      return send("PUT", base + "/" + id + "?offset=" + offset, chunk, "application/octet-stream").then(
        function (data) {
          if (data.image) {
            localStorage.removeItem(key);
            show(file.size);
            status.textContent = form.getAttribute("data-msg-done");
            window.location.assign("/images/" + data.image);
            return;
          }
          if (data.status === 200 || data.status === 409) return loop(id, data.received, 0);
          throw new Error(data.message || "upload refused");
        },
        function () {
          // The connection dropped: wait, ask where the server stands, go on.
          if (failures >= 20) throw new Error(form.getAttribute("data-msg-retry"));
          status.textContent = form.getAttribute("data-msg-retry");
          return sleep(Math.min(5000, 250 * Math.pow(2, failures))).then(function () {
            return send("GET", base + "/" + id).then(
              function (data) { return loop(id, data.received, failures + 1); },
              function () { return loop(id, offset, failures + 1); }
            );
          });
        }
      );
    }

    open()
      .then(function (upload) { return loop(upload.id, upload.received || 0, 0); })
      .catch(function (e) { fail(e.message); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-upload]");
    if (!form) return;
    event.preventDefault();
    start(form);
  });
})();
