/* The tool's side of 1EdTech's "LTI Client Side postMessages" and "LTI postMessage Storage" drafts: ask the LMS
   page what it supports (lti.capabilities), then keep and read values in its storage frame (lti.put_data,
   lti.get_data). Messages go to the platform's origin only, and only answers from that origin, from the window
   asked, with the same message_id, count. Exposes window.FieldschoolStorage.open(target, origin). */
(function () {
  "use strict";
  var WAIT_MS = 2000;

  function messageId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function ask(win, origin, message, waitMs) {
    return new Promise(function (resolve, reject) {
      var id = messageId();
      var timer = setTimeout(function () { finish(new Error("no answer to " + message.subject)); }, waitMs || WAIT_MS);
      function finish(error, data) {
        clearTimeout(timer);
        window.removeEventListener("message", listen);
        if (error) { reject(error); } else { resolve(data); }
      }
      function listen(event) {
        var data = event.data;
        if (event.origin !== origin || event.source !== win || !data || typeof data !== "object") { return; }
        if (data.subject !== message.subject + ".response" || data.message_id !== id) { return; }
        if (data.error) { finish(new Error(String(data.error.code || data.error.message || "error"))); return; }
        finish(null, data);
      }
      window.addEventListener("message", listen);
      var sent = {message_id: id};
      Object.keys(message).forEach(function (k) { sent[k] = message[k]; });
      try { win.postMessage(sent, origin); } catch (e) { finish(e); }
    });
  }

  function frameNamed(name) {
    if (!window.parent || window.parent === window) { return null; }
    if (name === "_parent") { return window.parent; }
    try { return window.parent.frames[name] || null; } catch (e) { return null; }
  }

  function open(target, origin) {
    var parent = (window.parent && window.parent !== window) ? window.parent : null;
    if (!parent || !origin) { return Promise.reject(new Error("not inside a platform page")); }
    // The capabilities answer may name another frame for the storage messages; without an answer, the
    // lti_storage_target of the login request is used.
    return ask(parent, origin, {subject: "lti.capabilities"}, 1000).then(function (caps) {
      var named = (caps.supported_messages || []).filter(function (m) { return m && m.subject === "lti.put_data"; });
      if (!named.length) { throw new Error("the platform does not offer lti.put_data"); }
      return named[0].frame || target;
    }, function () { return target; }).then(function (name) {
      var win = frameNamed(name);
      if (!win) { throw new Error("no storage frame named " + name); }
      return {
        put: function (key, value) {
          return ask(win, origin, {subject: "lti.put_data", key: key, value: value}).then(function (d) {
            if (d.key !== key) { throw new Error("storage answered for another key"); }
            return d;
          });
        },
        get: function (key) {
          return ask(win, origin, {subject: "lti.get_data", key: key}).then(function (d) {
            if (d.key !== key) { throw new Error("storage answered for another key"); }
            return d.value;
          });
        }
      };
    });
  }

  window.FieldschoolStorage = {open: open};
}());
