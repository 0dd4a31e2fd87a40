/* "Share an experience": the step's form saves itself after a pause in typing (the whole step, one POST, with the
   page's CSRF token) and when the page is hidden. Without JavaScript the Save buttons post the form. */
(function () {
  "use strict";
  var form = document.getElementById("experience-step");
  if (!form || !window.fetch) { return; }
  var token = form.querySelector("input[name=csrf_token]").value;
  var live = form.querySelector(".save-status");
  var timer = null, dirty = false;

  function say(text) { if (live) { live.textContent = text; } }

  function save() {
    clearTimeout(timer);
    if (!dirty) { return; }
    dirty = false;
    say(form.dataset.saving);
    fetch(form.action || window.location.href, {method: "POST", body: new FormData(form), credentials: "same-origin",
                                                 headers: {"X-Requested-With": "fetch", "X-CSRFToken": token}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } say(form.dataset.saved); })
      .catch(function () { dirty = true; say(form.dataset.failed); timer = setTimeout(save, 5000); });
  }

  form.addEventListener("input", function () { dirty = true; clearTimeout(timer); timer = setTimeout(save, 800); });
  form.addEventListener("change", function () { dirty = true; save(); });
  // typed or chosen before this script ran (a slow phone): save it as if done now
  var changed = Array.prototype.some.call(form.elements, function (e) {
    if (e.type === "checkbox" || e.type === "radio") { return e.checked !== e.defaultChecked; }
    if (e.tagName === "SELECT") {
      return Array.prototype.some.call(e.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return (e.tagName === "TEXTAREA" || e.type === "text") && e.value !== e.defaultValue;
  });
  if (changed) { dirty = true; timer = setTimeout(save, 800); }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && navigator.sendBeacon) {
      if (navigator.sendBeacon(form.action || window.location.href, new FormData(form))) { dirty = false; }
    }
  });
}());
