/* Case study view: save discussion answers, or mark a case without questions as read. */
function FieldSchoolCaseStudy(runtime, element, args) {
  'use strict';
  var root = FieldSchool.rootOf(element);
  var strings = (args && args.strings) || {};

  root.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-action="save_answers"]');
    if (!form) { return; }
    event.preventDefault();
    var answers = {};
    Array.prototype.forEach.call(form.querySelectorAll('textarea[name]'), function (box) {
      answers[box.name] = box.value;
    });
    FieldSchool.send(runtime, element, 'save_answers', {answers: answers}, strings);
  });

  root.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action="mark_read"]');
    if (!button) { return; }
    event.preventDefault();
    FieldSchool.send(runtime, element, 'mark_read', {}, strings);
  });
}
