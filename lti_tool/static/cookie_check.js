// pylti1p3's third-party cookie check: if this browser keeps cookies here, continue the login in place;
// otherwise show the "open in a new window" link (the continue URL carries lti1p3_new_window=1).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("lti1p3-cookie-check");
  var secure = box.getAttribute("data-secure") === "1";
  var cookie = "lti1p3_test_cookie=1; path=/" + (secure ? "; SameSite=None; Secure" : "");
  document.cookie = cookie;
  var allowed = document.cookie.indexOf("lti1p3_test_cookie") !== -1;
  if (allowed) {
    document.cookie = "lti1p3_test_cookie=1; path=/; expires=Thu, 01 Jan 1970 00:00:01 GMT" + (secure ? "; SameSite=None; Secure" : "");
    window.location.href = box.getAttribute("data-continue");
  } else {
    document.getElementById("lti1p3-loading-msg").className = "hidden";
    document.getElementById("lti1p3-warning-msg").className = "";
    document.getElementById("lti1p3-new-tab-link").focus();
  }
});
