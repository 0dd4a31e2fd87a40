/* Helpers shared by the Field School blocks' views: JSON requests with the CSRF token, status messages and
   swapping in the HTML the server renders. Plain JavaScript, no jQuery. */
(function () {
  'use strict';
  if (window.FieldSchool) { return; }

  function rootOf(element) {
    return element && element.jquery ? element[0] : element;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function post(runtime, element, handler, data) {
    return fetch(runtime.handlerUrl(element, handler), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken(), 'X-Requested-With': 'XMLHttpRequest'},
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return {ok: response.ok, status: response.status, body: body};
      });
    });
  }

  function showStatus(root, text, isError) {
    var status = root.querySelector('.fs-status');
    if (!status) { return; }
    status.textContent = text || '';
    status.classList.toggle('fs-error', Boolean(isError));
  }

  function errorText(body, fallback) {
    var parts = [];
    if (body && body.error) { parts.push(body.error); }
    if (body && body.details) { parts = parts.concat(body.details); }
    return parts.join(' ') || fallback;
  }

  function replaceBody(root, html) {
    var current = root.querySelector('.fs-root');
    var holder = document.createElement('div');
    holder.innerHTML = html;
    var fresh = holder.querySelector('.fs-root');
    if (current && fresh) { current.parentNode.replaceChild(fresh, current); }
  }

  /* Send, then show the server's new HTML and message, or its error. */
  function send(runtime, element, handler, data, strings) {
    var root = rootOf(element);
    showStatus(root, strings.sending || strings.saving || '');
    return post(runtime, element, handler, data).then(function (result) {
      if (result.ok) {
        if (result.body.html) { replaceBody(root, result.body.html); }
        showStatus(root, result.body.message || '');
      } else {
        showStatus(root, errorText(result.body, strings.error), true);
      }
      return result;
    }).catch(function () {
      showStatus(root, strings.error, true);
    });
  }

  /* The level index chosen for each criterion of a rubric form, or null when one is missing. */
  function rubricLevels(form) {
    var levels = {};
    var complete = true;
    Array.prototype.forEach.call(form.querySelectorAll('fieldset[data-criterion]'), function (fieldset) {
      var checked = fieldset.querySelector('input[type="radio"]:checked');
      if (checked) { levels[fieldset.getAttribute('data-criterion')] = parseInt(checked.value, 10); } else { complete = false; }
    });
    return complete ? levels : null;
  }

  window.FieldSchool = {rootOf: rootOf, post: post, send: send, showStatus: showStatus, errorText: errorText,
                        replaceBody: replaceBody, rubricLevels: rubricLevels};
}());
