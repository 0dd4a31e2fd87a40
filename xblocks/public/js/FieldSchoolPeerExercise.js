/* Peer exercise view: submit a response, ask for and submit peer reviews, self-assess; staff grade responses. */
function FieldSchoolPeerExercise(runtime, element, args) {
  'use strict';
  var root = FieldSchool.rootOf(element);
  var strings = (args && args.strings) || {};

  function withLevels(form, build) {
    var levels = FieldSchool.rubricLevels(form);
    if (!levels) {
      FieldSchool.showStatus(root, strings.choose_all, true);
      return null;
    }
    return build(levels);
  }

  var builders = {
    submit_response: function (form) { return {text: form.querySelector('textarea[name="text"]').value}; },
    submit_review: function (form) {
      return withLevels(form, function (levels) {
        return {submission_id: parseInt(form.getAttribute('data-submission'), 10), levels: levels,
                comment: form.querySelector('textarea[name="comment"]').value};
      });
    },
    submit_self_review: function (form) {
      return withLevels(form, function (levels) {
        return {levels: levels, comment: form.querySelector('textarea[name="comment"]').value};
      });
    },
    staff_override: function (form) {
      return withLevels(form, function (levels) {
        return {submission_id: parseInt(form.querySelector('select[name="submission_id"]').value, 10),
                levels: levels, reason: form.querySelector('textarea[name="reason"]').value};
      });
    }
  };

  root.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-action]');
    if (!form || !builders[form.getAttribute('data-action')]) { return; }
    event.preventDefault();
    var data = builders[form.getAttribute('data-action')](form);
    if (data) { FieldSchool.send(runtime, element, form.getAttribute('data-action'), data, strings); }
  });

  root.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action="request_review"]');
    if (!button) { return; }
    event.preventDefault();
    FieldSchool.send(runtime, element, 'request_review', {}, strings);
  });
}
