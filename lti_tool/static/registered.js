// LTI Dynamic Registration: tell the platform's window the registration is finished so it can close this frame.
(function () {
  var target = window.opener || window.parent;
  function close() { if (target) { target.postMessage({subject: "org.imsglobal.lti.close"}, "*"); } }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("close-registration");
    if (button) { button.addEventListener("click", close); }
    if (document.body.getAttribute("data-registered") === "1") { close(); }
  });
})();
