/*
 * Field School SCORM runtime: finds the LMS API (SCORM 1.2 "API" or SCORM 2004 "API_1484_11") the standard way,
 * keeps the learner's state in cmi.suspend_data / location (and a copy in localStorage), and reports status,
 * score, interactions and session time. Without an LMS it runs as a plain page. Failed saves are retried and the
 * learner is told; values the LMS did not take are kept and sent again.
 * The package build appends FieldSchoolRuntime.configure({...}) with its SCORM version.
 */
(function (global) {
  "use strict";

  var config = { version: "1.2", suspendLimit: 4096, retryDelays: [1000, 3000, 9000] };

  var DIALECTS = {
    "1.2": {
      apiName: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
      finish: "LMSFinish", error: "LMSGetLastError",
      el: {
        location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", learner: "cmi.core.student_id",
        exit: "cmi.core.exit", session: "cmi.core.session_time", raw: "cmi.core.score.raw",
        min: "cmi.core.score.min", max: "cmi.core.score.max", status: "cmi.core.lesson_status",
        mastery: "cmi.student_data.mastery_score", mode: "cmi.core.lesson_mode"
      },
      permanentErrors: ["201", "401", "402", "403", "404", "405"]
    },
    "2004": {
      apiName: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
      finish: "Terminate", error: "GetLastError",
      el: {
        location: "cmi.location", suspend: "cmi.suspend_data", learner: "cmi.learner_id", exit: "cmi.exit",
        session: "cmi.session_time", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max",
        scaled: "cmi.score.scaled", completion: "cmi.completion_status", success: "cmi.success_status",
        progress: "cmi.progress_measure", passing: "cmi.scaled_passing_score", mode: "cmi.mode"
      },
      permanentErrors: ["201", "401", "404", "405", "406", "407", "408"]
    }
  };

  /* ---- API discovery: this window and its parents, then the opener's chain (SCORM RTE 3.3) ---- */
  function findIn(win, name) {
    var hops = 0;
    while (win && hops <= 500) {
      try { if (win[name]) { return win[name]; } } catch (e) { /* a cross-origin frame: keep walking */ }
      var parent = null;
      try { parent = win.parent; } catch (e2) { parent = null; }
      if (!parent || parent === win) { break; }
      win = parent;
      hops += 1;
    }
    return null;
  }

  function findAPI(name) {
    var api = findIn(global, name);
    try { if (!api && global.top && global.top.opener) { api = findIn(global.top.opener, name); } } catch (e) { /* */ }
    try { if (!api && global.opener) { api = findIn(global.opener, name); } } catch (e3) { /* */ }
    return api;
  }

  /* ---- time formats ---- */
  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }

  function split(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000); cs -= h * 360000;
    var m = Math.floor(cs / 6000); cs -= m * 6000;
    var s = Math.floor(cs / 100); cs -= s * 100;
    return { h: h, m: m, s: s, cs: cs };
  }

  /** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS */
  function timespan12(ms) {
    var t = split(ms);
    return pad(Math.min(t.h, 9999), 4) + ":" + pad(t.m, 2) + ":" + pad(t.s, 2) + "." + pad(t.cs, 2);
  }

  /** SCORM 2004 timeinterval: an ISO 8601 duration such as PT1H2M3.45S */
  function duration2004(ms) {
    var t = split(ms);
    return "PT" + t.h + "H" + t.m + "M" + t.s + "." + pad(t.cs, 2) + "S";
  }

  function clock12(date) { return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2); }

  function timestamp2004(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) + "T" +
      clock12(date);
  }

  /* The pass rule: the twin of curriculum.scoring.reaches_pass_mark (a score of 0-1 against a pass mark of 0-1).
     The page's verdict (sco.js) and the status the LMS is told are this one decision, on the same unrounded score;
     tests/scorm_export/test_offline_grading.py and test_runtime_lms.py hold it to the core at the pass mark. */
  function reachesPassMark(score, passMark) { return score + 1e-9 >= passMark; }

  /* A score (0-1) as the LMS is told it: cut, not rounded, to 6 decimals (4 of a percentage), within the rule's
     tolerance, so the number the LMS shows never lands on the other side of a pass mark from the decision. */
  function reportedMillionths(score) { return Math.floor(score * 1e6 + 1e-3); }

  function number(value) {
    var rounded = Math.round(value * 1e6) / 1e6;
    return String(rounded);
  }

  /* ---- compact state encoding within the version's suspend_data limit ---- */
  function longestString(node, path, best) {
    if (typeof node === "string") {
      if (!best.path || node.length > best.length) { best.path = path.slice(); best.length = node.length; }
    } else if (node && typeof node === "object") {
      for (var key in node) {
        if (Object.prototype.hasOwnProperty.call(node, key)) {
          path.push(key); longestString(node[key], path, best); path.pop();
        }
      }
    }
    return best;
  }

  /** JSON no longer than limit: the longest texts are shortened (marked with an ellipsis) until it fits. */
  function fit(state, limit) {
    var text = JSON.stringify(state);
    if (text.length <= limit) { return { text: text, truncated: false }; }
    var copy = JSON.parse(text);
    for (var guard = 0; guard < 1000 && text.length > limit; guard += 1) {
      var found = longestString(copy, [], { path: null, length: 0 });
      if (!found.path || found.length <= 1) { break; }
      var holder = copy;
      for (var i = 0; i < found.path.length - 1; i += 1) { holder = holder[found.path[i]]; }
      var last = found.path[found.path.length - 1];
      var value = holder[last];
      var cut = Math.max(1, Math.min(value.length - 1, text.length - limit + 1));
      holder[last] = value.slice(0, value.length - cut - 1) + "\u2026";
      text = JSON.stringify(copy);
    }
    return { text: text, truncated: true };
  }

  function decode(text) {
    if (!text) { return null; }
    try {
      var value = JSON.parse(text);
      return value && typeof value === "object" ? value : null;
    } catch (e) { return null; }
  }

  function readLocal(key) {
    try { return decode(global.localStorage.getItem(key)); } catch (e) { return null; }
  }

  function writeLocal(key, record) {
    try { global.localStorage.setItem(key, JSON.stringify(record)); return true; } catch (e) { return false; }
  }

  /* ---- what the LMS already has: reports never go below it ---- */
  // SCORM 1.2 lesson_status from least to most; failed and completed are both a finished attempt.
  var STATUS12_RANK = { "not attempted": 0, browsed: 1, incomplete: 2, failed: 3, completed: 3, passed: 4 };
  var STATE_BOOKKEEPING = { n: 1, v: 1, i: 1 };

  /** Does a value hold something of the learner's: a text, a mark, a number other than 0, at any depth? */
  function holdsSomething(value) {
    if (value && typeof value === "object") {
      for (var key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key) && holdsSomething(value[key])) { return true; }
      }
      return false;
    }
    return !!value;
  }

  /** Does the state hold anything of the learner's (an answer, a part done), beyond the SCO's own counters? */
  function worthKeeping(state) {
    if (!state) { return false; }
    for (var key in state) {
      if (Object.prototype.hasOwnProperty.call(state, key) && !STATE_BOOKKEEPING[key] && holdsSomething(state[key])) {
        return true;
      }
    }
    return false;
  }

  function numberOrNull(text) {
    var value = parseFloat(text);
    return isNaN(value) ? null : value;
  }

  /* ---- the tracker ---- */
  function Tracker(options) {
    this.options = options || {};
    this.version = config.version;
    this.d = DIALECTS[config.version];
    this.api = null;
    this.mode = "standalone";   // "lms" once Initialize succeeded
    this.startedAt = Date.now();
    this.pending = [];          // [name, value] pairs the LMS has not accepted yet, in order
    this.retryIndex = 0;
    this.retryTimer = null;
    this.failing = false;
    this.finished = false;
    this.keepState = false;     // set by save(): does the learner's state deserve to be resumed?
    this.learner = "local";
    this.lastError = "";
    this.commitAttempts = 0;
    this.readOnly = false;      // the LMS opened the SCO in review or browse mode: show, never write
    this.hadSavedState = false; // the LMS held a saved state at launch: an empty one must never replace it
    this.known = {};            // status, progress and score the LMS held at launch
  }

  Tracker.prototype.status = function (kind) {
    this.lastStatus = kind;
    if (this.options.onStatus) { this.options.onStatus(kind); }
  };

  Tracker.prototype.call = function (method, a, b) {
    try {
      var fn = this.api[method];
      var result = arguments.length > 2 ? fn.call(this.api, a, b) : fn.call(this.api, a === undefined ? "" : a);
      return result === undefined || result === null ? "" : String(result);
    } catch (e) {
      return "false";
    }
  };

  Tracker.prototype.errorCode = function () {
    var code = this.call(this.d.error, "");
    return code === "false" ? "101" : code;
  };

  Tracker.prototype.start = function () {
    this.api = findAPI(this.d.apiName);
    if (!this.api) { this.mode = "standalone"; this.status("standalone"); return this.mode; }
    // 2004's error 103 means "already initialised" (e.g. the LMS kept the session): the API is usable.
    if (this.call(this.d.init, "") !== "true" && !(this.version === "2004" && this.errorCode() === "103")) {
      this.mode = "standalone";
      this.status("gave_up");
      return this.mode;
    }
    this.mode = "lms";
    var learner = this.get(this.d.el.learner);
    if (learner) { this.learner = learner; }
    var lmsMode = this.get(this.d.el.mode);
    this.readOnly = lmsMode === "review" || lmsMode === "browse";
    this.known = this.readKnown();
    this.status(this.readOnly ? "review" : "connected");
    return this.mode;
  };

  /** The results the LMS already holds for this learner (from an earlier session). */
  Tracker.prototype.readKnown = function () {
    var el = this.d.el;
    var known = { raw: numberOrNull(this.get(el.raw)) };
    if (this.version === "1.2") {
      known.status = this.get(el.status);
    } else {
      known.completion = this.get(el.completion);
      known.success = this.get(el.success);
      known.progress = numberOrNull(this.get(el.progress));
      known.scaled = numberOrNull(this.get(el.scaled));
    }
    return known;
  };

  Tracker.prototype.get = function (name) {
    if (this.mode !== "lms") { return ""; }
    var value = this.call(this.d.get, name);
    return value === "false" && this.errorCode() !== "0" ? "" : value;
  };

  Tracker.prototype.storageKey = function () {
    return "fieldschool:" + (this.options.key || "sco") + ":" + this.learner;
  };

  /** The saved state and location: the LMS's copy, or this browser's copy when that one is newer. */
  Tracker.prototype.load = function () {
    var lmsState = null;
    var lmsLocation = "";
    if (this.mode === "lms") {
      var saved = this.get(this.d.el.suspend);
      // Anything the LMS kept counts as saved, even text this SCO cannot read: it is never overwritten with nothing.
      this.hadSavedState = saved !== "" && (decode(saved) === null || worthKeeping(decode(saved)));
      lmsState = decode(saved);
      lmsLocation = this.get(this.d.el.location);
    }
    var local = readLocal(this.storageKey());
    if (local && local.state && (!lmsState || (local.state.n || 0) > (lmsState.n || 0))) {
      if (this.mode === "lms") { this.status("restored_local"); }
      return { state: local.state, location: local.location || "" };
    }
    return { state: lmsState || {}, location: lmsLocation || "" };
  };

  Tracker.prototype.set = function (name, value) {
    // In review/browse mode only a navigation request goes out: it asks the LMS to move on, it records nothing.
    if (this.mode !== "lms" || this.readOnly && name !== "adl.nav.request" || this.finished && name !== this.d.el.session && name !== this.d.el.exit) {
      return false;
    }
    return this.send(name, String(value));
  };

  Tracker.prototype.send = function (name, value) {
    if (this.call(this.d.set, name, value) === "true") { return true; }
    var code = this.errorCode();
    this.lastError = code;
    if (this.d.permanentErrors.indexOf(code) >= 0) {
      // A value this LMS refuses for good (type, range, read-only): retrying cannot help.
      if (global.console) { global.console.warn("SCORM: " + name + " = " + value + " refused (" + code + ")"); }
      return false;
    }
    for (var i = 0; i < this.pending.length; i += 1) {
      if (this.pending[i][0] === name) { this.pending[i][1] = value; return false; }
    }
    this.pending.push([name, value]);
    return false;
  };

  /** Save the learner's state: always in this browser, and in the LMS when there is one. */
  Tracker.prototype.save = function (state, location, commit) {
    if (this.readOnly) { return true; }
    var keeping = worthKeeping(state);
    if (!keeping && (this.hadSavedState || worthKeeping((readLocal(this.storageKey()) || {}).state))) {
      return true;  // an empty state never replaces a saved one (e.g. a second visit that found nothing to load)
    }
    state.n = (state.n || 0) + 1;
    if (keeping) { writeLocal(this.storageKey(), { state: state, location: location }); }
    if (this.mode !== "lms") { return true; }
    this.keepState = keeping;
    if (keeping) {
      // An empty state is never sent: there is nothing in it to resume, and it could only wipe something out.
      var encoded = fit(state, config.suspendLimit);
      if (encoded.truncated && !this.truncatedShown) { this.truncatedShown = true; this.status("truncated"); }
      this.set(this.d.el.suspend, encoded.text);
    }
    if (location) { this.set(this.d.el.location, location.slice(0, this.version === "1.2" ? 255 : 1000)); }
    return commit === false ? true : this.commit();
  };

  Tracker.prototype.commit = function () {
    if (this.mode !== "lms" || this.readOnly) { return true; }
    if (this.retryTimer) { global.clearTimeout(this.retryTimer); this.retryTimer = null; }
    var waiting = this.pending;
    this.pending = [];
    for (var i = 0; i < waiting.length; i += 1) { this.send(waiting[i][0], waiting[i][1]); }
    this.commitAttempts += 1;
    // Commit what the LMS did accept even when some values are still waiting; both must succeed to be saved.
    var committed = this.call(this.d.commit, "") === "true";
    var ok = committed && this.pending.length === 0;
    if (ok) {
      this.retryIndex = 0;
      if (this.failing) { this.failing = false; this.status("saved_again"); }
      return true;
    }
    this.failing = true;
    if (this.finished) { return false; }
    var delays = config.retryDelays;
    if (this.retryIndex < delays.length) {
      var self = this;
      this.status("saving_failed");
      this.retryTimer = global.setTimeout(function () { self.retryTimer = null; self.commit(); },
        delays[this.retryIndex]);
      this.retryIndex += 1;
    } else {
      this.status("gave_up");
    }
    return false;
  };

  /** The learner asked to try again after the automatic retries gave up. */
  Tracker.prototype.retryNow = function () {
    this.retryIndex = 0;
    if (this.mode !== "lms" && this.api) {
      if (this.call(this.d.init, "") !== "true") { this.status("gave_up"); return false; }
      this.mode = "lms";
    }
    return this.commit();
  };

  /**
   * Report progress and result. summary: {progress 0-1, completed, assessed, scaled (best score 0-1),
   * passMark (fraction)}. In SCORM 1.2 the SCO decides passed/failed itself from the mastery score.
   */
  Tracker.prototype.report = function (summary) {
    if (this.mode !== "lms" || this.readOnly) { return; }
    var el = this.d.el;
    var known = this.known;
    var passed = null;
    if (summary.assessed) {
      var millionths = reportedMillionths(summary.scaled);
      var raw = millionths / 1e4;
      var scaled = millionths / 1e6;
      var score = summary.scaled;  // the decision is taken on the score the page judged, unrounded
      if (known.raw !== null && known.raw > raw) {
        // The LMS holds a better score from an earlier session (this browser lost that state): keep it.
        raw = known.raw;
        scaled = known.scaled !== null ? known.scaled : raw / 100;
        score = scaled;
      }
      this.set(el.min, "0");
      this.set(el.max, "100");
      this.set(el.raw, number(raw));
      var passMark = summary.passMark;
      if (this.version === "1.2") {
        var mastery = parseFloat(this.get(el.mastery));  // a percentage; the LMS's wins over the package's
        if (!isNaN(mastery)) { passMark = mastery / 100; }
      } else {
        this.set(el.scaled, number(scaled));
        var passing = parseFloat(this.get(el.passing));
        if (!isNaN(passing)) { passMark = passing; }
      }
      passed = reachesPassMark(score, passMark);
    }
    if (this.version === "1.2") {
      var status = passed === null ? (summary.completed ? "completed" : "incomplete") : (passed ? "passed" : "failed");
      var knownRank = STATUS12_RANK[known.status];
      if (knownRank === undefined || STATUS12_RANK[status] >= knownRank) { this.set(el.status, status); }
    } else {
      if (summary.completed || known.completion !== "completed") {
        this.set(el.completion, summary.completed ? "completed" : "incomplete");
      }
      if (known.progress === null || summary.progress > known.progress) {
        this.set(el.progress, number(summary.progress));
      }
      if (passed !== null && (passed || known.success !== "passed")) {
        this.set(el.success, passed ? "passed" : "failed");
      }
    }
  };

  function safeId(value) { return String(value).replace(/[^\w\-().:=@;$!*'%\/#]/g, "_"); }

  function letters(index) { return "abcdefghijklmnopqrstuvwxyz0123456789".charAt(index) || "z"; }

  /**
   * Record answered questions. Each: {id, type: choice|true-false|numeric|fill-in, response, correct (numeric:
   * [lowest, highest] accepted), key (numeric: the answer itself),
   * options (all option ids, for 1.2's single-character choices), result: correct|incorrect|neutral, weighting,
   * description}. SCORM 1.2 cannot read interactions back, so their count lives in state.i.
   */
  Tracker.prototype.recordInteractions = function (state, list) {
    if (this.mode !== "lms") { return; }
    var now = new Date();
    for (var i = 0; i < list.length; i += 1) {
      var it = list[i];
      var n;
      if (this.version === "1.2") {
        n = state.i || 0;
        state.i = n + 1;
      } else {
        n = parseInt(this.get("cmi.interactions._count"), 10);
        if (isNaN(n)) { n = state.i || 0; }
        state.i = n + 1;
      }
      var p = "cmi.interactions." + n + ".";
      if (this.version === "1.2") {
        this.set(p + "id", safeId(it.id).slice(0, 255));
        this.set(p + "type", it.type);
        this.set(p + "time", clock12(now));
        this.set(p + "weighting", number(it.weighting));
        this.set(p + "student_response", format12(it, it.response));
        this.set(p + "result", it.result === "correct" || it.result === "neutral" ? it.result : "wrong");
        if (it.type === "numeric" && it.key !== undefined) {
          // 1.2's numeric pattern is one number, so the key itself (not an end of the tolerance range)
          this.set(p + "correct_responses.0.pattern", number(it.key));
        } else if (it.correct !== null && it.correct !== undefined) {
          this.set(p + "correct_responses.0.pattern", format12(it, it.correct));
        }
      } else {
        this.set(p + "id", "urn:fieldschool:" + safeId(it.id));
        this.set(p + "type", it.type);
        this.set(p + "timestamp", timestamp2004(now));
        this.set(p + "weighting", number(it.weighting));
        this.set(p + "learner_response", format2004(it, it.response));
        this.set(p + "result", it.result === "correct" || it.result === "neutral" ? it.result : "incorrect");
        var patterns = correct2004(it);
        for (var k = 0; k < patterns.length; k += 1) {
          this.set(p + "correct_responses." + k + ".pattern", patterns[k]);
        }
        if (it.description) { this.set(p + "description", it.description.slice(0, 250)); }
      }
    }
  };

  function format12(it, value) {
    if (it.type === "choice") {
      var ids = value instanceof Array ? value : [value];
      var out = [];
      for (var i = 0; i < ids.length; i += 1) { out.push(letters(it.options.indexOf(ids[i]))); }
      return out.sort().join(",");
    }
    if (it.type === "true-false") { return value ? "t" : "f"; }
    if (it.type === "numeric") { return value instanceof Array ? number(value[0]) : number(value); }
    return String(value instanceof Array ? value[0] : value).slice(0, 255);
  }

  function plainText(value) { return String(value).replace(/^\{+/, "").replace(/\[[,.:]\]/g, " ").slice(0, 250); }

  function format2004(it, value) {
    if (it.type === "choice") {
      var ids = value instanceof Array ? value : [value];
      var out = [];
      for (var i = 0; i < ids.length; i += 1) { out.push(safeId(ids[i])); }
      return out.join("[,]");
    }
    if (it.type === "true-false") { return value ? "true" : "false"; }
    if (it.type === "numeric") { return number(value); }
    return plainText(value);
  }

  function correct2004(it) {
    if (it.correct === null || it.correct === undefined) { return []; }
    if (it.type === "numeric") { return [number(it.correct[0]) + "[:]" + number(it.correct[1])]; }
    if (it.type === "fill-in") {
      var list = [];
      for (var i = 0; i < it.correct.length && i < 5; i += 1) { list.push(plainText(it.correct[i])); }
      return list;
    }
    return [format2004(it, it.correct)];
  }

  /** SCORM 2004 only: can the SCO ask the LMS for the next activity (the next module of a course package)? */
  Tracker.prototype.canContinue = function () {
    return this.version === "2004" && this.mode === "lms" && this.get("adl.nav.request_valid.continue") === "true";
  };

  /** Ask the LMS for the next activity, then end this session; the LMS delivers the next module. */
  Tracker.prototype.continueToNext = function () {
    if (!this.canContinue()) { return false; }
    this.set("adl.nav.request", "continue");
    this.finish();
    return true;
  };

  /** End the session: session time, exit mode, a last commit, then LMSFinish / Terminate. Runs once. */
  Tracker.prototype.finish = function () {
    if (this.finished) { return; }
    if (this.mode !== "lms") { this.finished = true; return; }
    if (this.readOnly) {
      this.finished = true;
      this.call(this.d.finish, "");
      return;
    }
    var elapsed = Date.now() - this.startedAt;
    this.set(this.d.el.session, this.version === "1.2" ? timespan12(elapsed) : duration2004(elapsed));
    // Suspend whenever there is state worth keeping, so the next visit resumes it (a "normal" exit lets the LMS
    // start a fresh attempt without it).
    var exit = this.keepState || this.hadSavedState ? "suspend" : this.version === "1.2" ? "" : "normal";
    this.set(this.d.el.exit, exit);
    this.commit();
    this.finished = true;
    if (this.retryTimer) { global.clearTimeout(this.retryTimer); this.retryTimer = null; }
    this.call(this.d.finish, "");
  };

  global.FieldSchoolRuntime = {
    configure: function (options) {
      for (var key in options) {
        if (Object.prototype.hasOwnProperty.call(options, key)) { config[key] = options[key]; }
      }
    },
    config: function () { return config; },
    create: function (options) { return new Tracker(options); },
    findAPI: findAPI,
    timespan12: timespan12,
    duration2004: duration2004,
    fit: fit,
    worthKeeping: worthKeeping,
    reachesPassMark: reachesPassMark
  };
}(window));
