/* The login page inside an LMS frame, before the OIDC redirect. 1. The platform offers a storage frame: keep the
   state and nonce there and go on. 2. Else, or if that fails: if this browser keeps the tool's cookies here, go on
   with the state cookie. 3. Else offer a new window (its deep-linking answer comes back here, see
   deep_link_return.js). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.getElementById("lti1p3-cookie-check");
  var secure = box.getAttribute("data-secure") === "1";
  var attrs = "; path=/" + (secure ? "; SameSite=None; Secure; Partitioned" : "");

  function cookiesKept() {
    document.cookie = "lti1p3_test_cookie=1" + attrs;
    var kept = document.cookie.indexOf("lti1p3_test_cookie") !== -1;
    document.cookie = "lti1p3_test_cookie=1; expires=Thu, 01 Jan 1970 00:00:01 GMT" + attrs;
    return kept;
  }

  function offerNewWindow() {
    document.getElementById("lti1p3-loading-msg").className = "hidden";
    document.getElementById("lti1p3-warning-msg").className = "";
    var link = document.getElementById("lti1p3-new-tab-link");
    link.focus();
    link.addEventListener("click", function () {
      document.getElementById("new-window-note").className = "";
    });
  }

  function withCookies() {
    if (cookiesKept()) { window.location.href = box.getAttribute("data-continue"); } else { offerNewWindow(); }
  }

  // The new window's deep-linking response comes back here (only from a page of the tool's own origin) and is
  // posted from this frame, so the LMS page around it receives it.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== window.location.origin || !data || data.subject !== "fieldschool.deep_link_response" ||
        !/^https?:\/\//.test(String(data.return_url))) {
      return;
    }
    var post = document.createElement("form");
    post.method = "post";
    post.action = data.return_url;
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "JWT";
    field.value = data.jwt;
    post.appendChild(field);
    document.body.appendChild(post);
    if (event.source) {
      event.source.postMessage({subject: "fieldschool.deep_link_response.ack"}, event.origin);
    }
    post.submit();
  });

  var target = box.getAttribute("data-storage-target");
  if (!target || !window.Promise || !window.FieldschoolStorage) { withCookies(); return; }
  var state = box.getAttribute("data-state"), nonce = box.getAttribute("data-nonce");
  window.FieldschoolStorage.open(target, box.getAttribute("data-storage-origin"))
    .then(function (storage) {
      return Promise.all([storage.put("state_" + state, state), storage.put("nonce_" + nonce, nonce)]);
    })
    .then(function () { window.location.replace(box.getAttribute("data-auth")); }, withCookies);
});
