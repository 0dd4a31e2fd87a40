/* Discussion answers save themselves as the learner types: one POST per answer after a pause, with the page's
   CSRF token and its launch token (in a header, so no cookie is needed); failed saves are retried. Without
   JavaScript the "Save answers" button posts the form instead. */
(function () {
  "use strict";
  var form = document.getElementById("answers");
  if (!form || !window.fetch) { return; }
  var token = form.querySelector("input[name=csrf_token]").value;
  var launchField = form.querySelector("input[name=launch_token]");
  var timers = {}, dirty = {};

  function status(area, text) {
    var box = area.closest(".discussion");
    var live = box && box.querySelector(".save-status");
    if (live) { live.textContent = text; }
  }

  function save(area) {
    clearTimeout(timers[area.name]);
    if (!dirty[area.name]) { return; }
    var body = new FormData();
    body.append("csrf_token", token);
    body.append(area.name, area.value);
    var sent = area.value;
    status(area, form.dataset.saving);
    var headers = {"X-Requested-With": "fetch", "X-CSRFToken": token};
    if (launchField) { headers["X-Fieldschool-Launch"] = launchField.value; }
    fetch(form.action, {method: "POST", body: body, credentials: "same-origin", headers: headers})
      .then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        var fresh = r.headers.get("X-Fieldschool-Launch-Refreshed");
        if (fresh && launchField) { launchField.value = fresh; }
        if (area.value === sent) { dirty[area.name] = false; }
        status(area, form.dataset.saved);
        return r.json();
      })
      .then(function (data) {
        // the core's completion rule held on the server: say so where the page counts the answers
        var progress = document.querySelector("#completion [data-progress]");
        if (data && data.completed && progress) { progress.textContent = form.dataset.completed; }
      })
      .catch(function () {
        status(area, form.dataset.failed);
        timers[area.name] = setTimeout(function () { save(area); }, 5000);
      });
  }

  document.querySelectorAll("textarea[data-autosave]").forEach(function (area) {
    area.addEventListener("input", function () {
      dirty[area.name] = true;
      clearTimeout(timers[area.name]);
      timers[area.name] = setTimeout(function () { save(area); }, 800);
    });
    area.addEventListener("blur", function () { save(area); });
    // typed before this script ran (a slow phone): save it as if typed now
    if (area.value !== area.defaultValue) {
      dirty[area.name] = true;
      timers[area.name] = setTimeout(function () { save(area); }, 800);
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") { return; }
    document.querySelectorAll("textarea[data-autosave]").forEach(function (area) {
      if (!dirty[area.name] || !navigator.sendBeacon) { return; }
      var body = new FormData();
      body.append("csrf_token", token);
      if (launchField) { body.append("launch_token", launchField.value); }
      body.append(area.name, area.value);
      if (navigator.sendBeacon(form.action, body)) { dirty[area.name] = false; }
    });
  });
}());
