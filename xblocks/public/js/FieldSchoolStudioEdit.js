/* Studio editor shared by the three blocks: save the settings, show every problem the server finds. */
function FieldSchoolStudioEdit(runtime, element, args) {
  'use strict';
  var root = FieldSchool.rootOf(element);
  var strings = (args && args.strings) || {};

  function notify(name, data) {
    if (runtime.notify) { runtime.notify(name, data); }
  }

  root.addEventListener('submit', function (event) {
    var form = event.target.closest('form');
    if (!form) { return; }
    event.preventDefault();
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll('[data-field]'), function (input) {
      values[input.getAttribute('data-field')] = input.type === 'checkbox' ? input.checked : input.value;
    });
    var errors = form.querySelector('.fs-errors');
    errors.textContent = '';
    FieldSchool.showStatus(root, strings.saving);
    notify('save', {state: 'start'});
    FieldSchool.post(runtime, element, 'studio_submit', {values: values}).then(function (result) {
      if (result.ok) {
        FieldSchool.showStatus(root, strings.saved);
        notify('save', {state: 'end'});
        return;
      }
      FieldSchool.showStatus(root, '');
      notify('error', {title: result.body.error || '', message: (result.body.details || []).join('\n')});
      var list = document.createElement('ul');
      [result.body.error].concat(result.body.details || []).forEach(function (text) {
        if (!text) { return; }
        var item = document.createElement('li');
        item.textContent = text;
        list.appendChild(item);
      });
      errors.appendChild(list);
    });
  });

  root.addEventListener('click', function (event) {
    if (event.target.closest('button[data-action="cancel"]')) {
      event.preventDefault();
      notify('cancel', {});
    }
  });
}
