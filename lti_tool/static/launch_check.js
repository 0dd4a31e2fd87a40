/* The launch page when the login kept its state in the platform's storage frame: read the state and nonce back
   from that frame, then let the tool's server finish the launch (a same-origin request with a custom header, which
   no other site can send) and go to the page it names. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.getElementById("launch-check");
  var state = form.getAttribute("data-state"), nonce = form.getAttribute("data-nonce");

  function failed() {
    document.getElementById("launch-check-status").className = "hidden";
    document.getElementById("launch-check-failed").className = "";
  }
  if (!window.FieldschoolStorage || !window.fetch) { failed(); return; }
  window.FieldschoolStorage.open(form.getAttribute("data-storage-target"), form.getAttribute("data-storage-origin"))
    .then(function (storage) {
      return Promise.all([storage.get("state_" + state), storage.get("nonce_" + nonce)]);
    })
    .then(function (values) {
      if (values[0] !== state || values[1] !== nonce) { throw new Error("the platform's storage does not match"); }
      var body = new URLSearchParams(new FormData(form));
      body.set("stored_state", values[0]);
      body.set("stored_nonce", values[1]);
      return fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                                 headers: {"X-Fieldschool-Storage-Verified": "1", "Accept": "application/json"}});
    })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) { window.location.replace(data.location); })
    .catch(failed);
});
