/* Assessment view: collect the answers and send them to be graded on the server. */
function FieldSchoolAssessment(runtime, element, args) {
  'use strict';
  var root = FieldSchool.rootOf(element);
  var strings = (args && args.strings) || {};

  function responseOf(fieldset) {
    var type = fieldset.getAttribute('data-type');
    if (type === 'numeric' || type === 'short_text') {
      return fieldset.querySelector('input').value;
    }
    var checked = Array.prototype.map.call(fieldset.querySelectorAll('input:checked'), function (input) {
      return input.value;
    });
    if (type === 'multiple_choice') { return checked; }
    return checked.length ? checked[0] : null;
  }

  root.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-action="submit"]');
    if (!form) { return; }
    event.preventDefault();
    var responses = {};
    Array.prototype.forEach.call(form.querySelectorAll('fieldset[data-question]'), function (fieldset) {
      var value = responseOf(fieldset);
      if (value !== null) { responses[fieldset.getAttribute('data-question')] = value; }
    });
    FieldSchool.send(runtime, element, 'submit', {responses: responses}, strings);
  });
}
