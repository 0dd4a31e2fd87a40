/* Self-assessment view: send one level per area (and the evidence notes); the server scores and redraws. */
function FieldSchoolSelfAssessment(runtime, element, args) {
  'use strict';
  var root = FieldSchool.rootOf(element);
  var strings = (args && args.strings) || {};

  root.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-action="submit"]');
    if (!form) { return; }
    event.preventDefault();
    var levels = {};
    var notes = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[type="radio"]:checked'), function (choice) {
      levels[choice.name] = choice.value;
    });
    Array.prototype.forEach.call(form.querySelectorAll('textarea[name^="notes-"]'), function (box) {
      notes[box.name.slice(6)] = box.value;
    });
    FieldSchool.send(runtime, element, 'submit', {levels: levels, notes: notes}, strings);
  });
}
