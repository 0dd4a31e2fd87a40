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
      var again = null;
      function finish(error, data) {
        clearTimeout(timer);
        clearInterval(again);
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
      // The platform's frame may still be loading: say it again until answered (these messages are idempotent).
      function send() { try { win.postMessage(sent, origin); } catch (e) { finish(e); } }
      again = setInterval(send, 250);
      send();
    });
  }

  function frameNamed(name) {
    if (!window.parent || window.parent === window) { return null; }
    if (name === "_parent") { return window.parent; }
    try { return window.parent.frames[name] || null; } catch (e) { return null; }
  }

  // The drafts' subjects are "lti.*"; some platforms (Brightspace) still use the older "org.imsglobal.lti.*".
  function capabilities(parent, origin) {
    var asked = ["lti.capabilities", "org.imsglobal.lti.capabilities"].map(function (subject) {
      return ask(parent, origin, {subject: subject}, 1000);
    });
    return new Promise(function (resolve, reject) {
      var failures = 0;
      asked.forEach(function (p) {
        p.then(resolve, function (e) { failures += 1; if (failures === asked.length) { reject(e); } });
      });
    });
  }

  function offered(caps, name) {
    return (caps.supported_messages || []).filter(function (m) {
      return m && typeof m.subject === "string" && (m.subject === "lti." + name || m.subject === "org.imsglobal.lti." + name);
    })[0] || null;
  }

  function open(target, origin) {
    var parent = (window.parent && window.parent !== window) ? window.parent : null;
    if (!parent || !origin) { return Promise.reject(new Error("not inside a platform page")); }
    // The capabilities answer names the subjects and may name another frame for the storage messages; without an
    // answer, the lti_storage_target of the login request and the drafts' subjects are used.
    return capabilities(parent, origin).then(function (caps) {
      var put = offered(caps, "put_data"), get = offered(caps, "get_data");
      if (!put || !get) { throw new Error("the platform does not offer lti.put_data and lti.get_data"); }
      return {frame: put.frame || target, put: put.subject, get: get.subject};
    }, function () {
      return {frame: target, put: "lti.put_data", get: "lti.get_data"};
    }).then(function (plan) {
      var win = frameNamed(plan.frame);
      if (!win) { throw new Error("no storage frame named " + plan.frame); }
      return {
        put: function (key, value) {
          return ask(win, origin, {subject: plan.put, key: key, value: value}).then(function (d) {
            if (d.key !== key) { throw new Error("storage answered for another key"); }
            return d;
          });
        },
        get: function (key) {
          return ask(win, origin, {subject: plan.get, key: key}).then(function (d) {
            if (d.key !== key) { throw new Error("storage answered for another key"); }
            return d.value;
          });
        }
      };
    });
  }

  window.FieldschoolStorage = {open: open};
}());
