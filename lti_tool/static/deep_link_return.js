/* Sends the deep-linking response (a signed JWT) back to the LMS. In the LMS frame: post the form at once. In a
   window the LMS frame opened (the new-window fallback when cookies are blocked): hand the response to the tool's
   page still showing in the LMS frame (window.opener, same origin), which posts it there, so the LMS's own page
   receives it; if that page is gone, say so and what to do. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.getElementById("deep-link-response");
  if (!form) { return; }
  var opener = null;
  try { opener = (window.parent === window && window.opener && !window.opener.closed) ? window.opener : null; }
  catch (e) { opener = null; }
  if (!opener) { form.submit(); return; }

  function show(id) {
    document.getElementById("deep-link-status").className = "hidden";
    document.getElementById(id).className = "";
  }
  var timer = setTimeout(function () { window.removeEventListener("message", listen); show("deep-link-lost"); }, 3000);
  function listen(event) {
    if (event.source !== opener || event.origin !== window.location.origin) { return; }
    if (!event.data || event.data.subject !== "fieldschool.deep_link_response.ack") { return; }
    clearTimeout(timer);
    window.removeEventListener("message", listen);
    show("deep-link-sent");
    form.querySelector("button[type=submit]").className = "hidden";
    window.close();
  }
  window.addEventListener("message", listen);
  try {
    opener.postMessage({subject: "fieldschool.deep_link_response", return_url: form.action,
                        jwt: form.querySelector("input[name=JWT]").value}, window.location.origin);
  } catch (e) {
    clearTimeout(timer);
    show("deep-link-lost");
  }
});
