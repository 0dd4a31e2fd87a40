/* The platform's side of 1EdTech's "LTI Client Side postMessages" and "LTI postMessage Storage" drafts. On the
   course page it answers lti.capabilities (naming the storage frame); in the storage frame it also keeps values
   (lti.put_data / lti.get_data), separately for each tool origin, in memory for the life of the course page.
   Only registered tools' origins are answered, and answers go back to the sender's origin only. */
(function () {
  "use strict";
  var root = document.documentElement;
  var origins = JSON.parse(root.getAttribute("data-tool-origins") || "[]");
  var frame = root.getAttribute("data-storage-frame");
  var isStorage = root.getAttribute("data-role") === "storage";
  var kept = {};  // origin -> {key: value}
  var MAX_KEYS = 100, MAX_LENGTH = 4096;

  function answer(event, message, extra) {
    var data = {subject: message.subject + ".response", message_id: message.message_id};
    Object.keys(extra).forEach(function (k) { data[k] = extra[k]; });
    event.source.postMessage(data, event.origin);
  }

  window.addEventListener("message", function (event) {
    var message = event.data;
    if (!message || typeof message !== "object" || typeof message.subject !== "string") { return; }
    if (origins.indexOf(event.origin) === -1 || !event.source) { return; }
    var mine = kept[event.origin] || (kept[event.origin] = {});
    if (message.subject === "lti.capabilities") {
      answer(event, message, {supported_messages: [
        {subject: "lti.capabilities"},
        {subject: "lti.put_data", frame: frame},
        {subject: "lti.get_data", frame: frame}
      ]});
    } else if (!isStorage) {
      return;  // storage messages are for the storage frame
    } else if (message.subject === "lti.put_data") {
      if (typeof message.key !== "string" || typeof message.value !== "string" || message.value.length > MAX_LENGTH) {
        answer(event, message, {error: {code: "bad_request", message: "key and value must be short strings"}});
      } else if (!(message.key in mine) && Object.keys(mine).length >= MAX_KEYS) {
        answer(event, message, {error: {code: "storage_exhausted", message: "too many keys"}});
      } else {
        mine[message.key] = message.value;
        answer(event, message, {key: message.key, value: message.value});
      }
    } else if (message.subject === "lti.get_data") {
      if (typeof message.key !== "string" || !(message.key in mine)) {
        answer(event, message, {error: {code: "bad_request", message: "no value for this key"}});
      } else {
        answer(event, message, {key: message.key, value: mine[message.key]});
      }
    } else {
      answer(event, message, {error: {code: "unsupported_subject", message: "not supported here"}});
    }
  });
}());
