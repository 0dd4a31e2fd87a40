// Posts the deep-linking response (or any form marked data-autosubmit) back to the platform straight away.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) { form.submit(); }
});
