// Peer exercise editor: autosaves the draft, a few Markdown buttons, and the server's (sanitised) preview.
// Without JavaScript the form still works: "Save draft" and "Submit" are plain form posts.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("response-form");
  if (!form) { return; }
  var text = document.getElementById("response-text");
  var status = document.getElementById("draft-status");
  var token = form.querySelector("input[name=csrf_token]").value;
  var launchField = form.querySelector("input[name=launch_token]");  // the launch's session, no cookie needed
  var timer = null;
  var last = text.defaultValue;  // what the server has: text typed before this script ran is saved too

  function post(url, done) {
    var body = new URLSearchParams();
    body.set("text", text.value);
    body.set("csrf_token", token);
    var headers = {"X-Requested-With": "fetch", "X-CSRFToken": token, "Accept": "application/json"};
    if (launchField) { headers["X-Fieldschool-Launch"] = launchField.value; }
    return fetch(url, {method: "POST", body: body, credentials: "same-origin", headers: headers})
      .then(function (r) {
        var fresh = r.headers.get("X-Fieldschool-Launch-Refreshed");
        if (fresh && launchField) { launchField.value = fresh; }
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (!r.ok) { throw new Error(data.error || String(r.status)); }
          return data;
        });
      }).then(done);
  }
  function save() {
    if (text.value === last) { return; }
    var value = text.value;
    post(form.dataset.draftUrl, function (data) {
      last = value;
      status.textContent = status.dataset.saved || "\u2713 " + data.saved_at + " UTC";
    }).catch(function (err) { status.textContent = "\u26a0 " + err.message; });
  }
  text.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1500); });
  if (text.value !== last) { timer = setTimeout(save, 1500); }
  window.addEventListener("beforeunload", save);

  var toolbar = form.querySelector(".toolbar");
  toolbar.classList.remove("hidden");
  toolbar.addEventListener("click", function (event) {
    var b = event.target.closest("button");
    if (!b) { return; }
    var s = text.selectionStart, e = text.selectionEnd, v = text.value;
    if (b.dataset.md) {
      text.value = v.slice(0, s) + b.dataset.md + v.slice(s, e) + b.dataset.md + v.slice(e);
      text.setSelectionRange(s + b.dataset.md.length, e + b.dataset.md.length);
    } else {
      var start = v.lastIndexOf("\n", s - 1) + 1;
      text.value = v.slice(0, start) + b.dataset.mdLine + v.slice(start);
    }
    text.focus();
    text.dispatchEvent(new Event("input"));
  });

  var button = document.getElementById("preview-button");
  var preview = document.getElementById("preview");
  button.classList.remove("hidden");
  button.addEventListener("click", function () {
    post(form.dataset.previewUrl, function (data) {
      preview.innerHTML = data.html;  // rendered and sanitised by the server (nh3)
      preview.classList.remove("hidden");
    }).catch(function (err) {
      preview.textContent = err.message;  // the server's refusal (too long, too many previews), as plain text
      preview.classList.remove("hidden");
    });
  });
});
