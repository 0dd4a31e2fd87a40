/*
 * Field School module page: shows one part at a time, keeps every answer, grades the assessment offline with the
 * curriculum's rules (the same as curriculum/scoring.py), and tells the runtime (runtime.js) what to report.
 * State kept between visits (compact keys, it must fit SCORM 1.2's 4,096 characters):
 *   d: {part: {questionId: text}}  discussion answers     c: {part: 1}  case studies marked done
 *   x: {part: {r: text, s: {criterion: level}, k: 1}}    the solo exercise and its self-assessment
 *   a: {part: {k: attempts used, b: best score, l: last score, r: responses, g: 1 while feedback is shown}}
 *   s: {part: {p: {area: level}, e: {area: note}, f: first profile, k: times saved}}  the capacity self-assessment
 *      (its radar, drawn here from p and f, is the twin of curriculum.charts.radar_chart)
 *   i: interactions recorded (SCORM 1.2 cannot read them back)    n: save counter
 */
(function (global, doc) {
  "use strict";

  var data = JSON.parse(doc.getElementById("fs-data").textContent);
  var t = data.strings;
  var parts = {};
  for (var pi = 0; pi < data.parts.length; pi += 1) { parts[data.parts[pi].key] = data.parts[pi]; }
  var state = {};
  var current = "overview";
  var tracker = null;
  var typingTimer = null;

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return values[name] !== undefined ? values[name] : all; });
  }

  function $(selector, root) { return (root || doc).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(selector)); }
  function bag(name, key) {
    if (!state[name]) { state[name] = {}; }
    if (key !== undefined && !state[name][key]) { state[name][key] = {}; }
    return key === undefined ? state[name] : state[name][key];
  }
  function pct(fraction) { return String(Math.round(fraction * 10000) / 100); }

  /* ---------- status line ---------- */
  var STATUS_TEXT = {
    connected: "status_connected", standalone: "status_standalone", saving_failed: "status_saving_failed",
    gave_up: "status_saving_gave_up", saved_again: "status_saved_again", restored_local: "status_restored_local",
    truncated: "status_truncated", review: "status_review"
  };

  function showStatus(kind) {
    var box = $("#fs-status");
    box.textContent = t[STATUS_TEXT[kind]] || "";
    box.className = "status " + (kind === "gave_up" || kind === "saving_failed" || kind === "truncated" ? "warn" : "ok");
    box.setAttribute("data-kind", kind);
    $("#fs-retry-box").hidden = kind !== "gave_up";
  }

  /* ---------- saving and reporting ---------- */
  function isDone(key) {
    var part = parts[key];
    if (part.type === "case_study") { return !!bag("c")[key]; }
    if (part.type === "peer_exercise") { return !!(bag("x")[key] && bag("x")[key].k); }
    if (part.type === "self_assessment") { return !!(bag("s")[key] && bag("s")[key].k); }
    return !!(bag("a")[key] && bag("a")[key].k);
  }

  function summary() {
    var done = 0;
    var assessed = false;
    var scores = [];
    var passMark = 0;
    for (var i = 0; i < data.parts.length; i += 1) {
      var part = data.parts[i];
      if (isDone(part.key)) { done += 1; }
      if (part.type === "assessment") {
        passMark = part.pass_mark;
        var a = bag("a")[part.key];
        if (a && a.k) { assessed = true; scores.push(a.b || 0); } else { scores.push(0); }
      }
    }
    var total = data.parts.length || 1;
    var scaled = 0;
    for (var s = 0; s < scores.length; s += 1) { scaled += scores[s] / scores.length; }
    return { progress: done / total, completed: done === data.parts.length, assessed: assessed, scaled: scaled,
             passMark: passMark };
  }

  function save(commit) {
    tracker.save(state, current, commit);
  }

  function saveSoon() {
    if (typingTimer) { global.clearTimeout(typingTimer); }
    typingTimer = global.setTimeout(function () { typingTimer = null; save(false); }, 400);
  }

  function flushTyping() {
    if (typingTimer) { global.clearTimeout(typingTimer); typingTimer = null; }
  }

  function reportAndSave() {
    flushTyping();
    tracker.report(summary());
    save(true);
    refreshProgress();
  }

  function refreshProgress() {
    for (var key in parts) {
      if (Object.prototype.hasOwnProperty.call(parts, key)) {
        var done = isDone(key);
        var badge = $('[data-badge="' + key + '"]');
        if (badge) { badge.textContent = done ? " \u2713" : ""; badge.setAttribute("aria-label", done ? t.done : ""); }
        var progress = $('[data-progress="' + key + '"]');
        if (progress) { progress.textContent = done ? t.done : t.todo; }
      }
    }
  }

  /* ---------- navigation: one part visible at a time; location = the part ---------- */
  function show(key, moveFocus) {
    if (key !== "overview" && !parts[key]) { key = "overview"; }
    current = key;
    $$(".part").forEach(function (section) { section.hidden = section.getAttribute("data-part") !== key; });
    $$("[data-nav]").forEach(function (link) {
      if (link.getAttribute("data-nav") === key) { link.setAttribute("aria-current", "page"); }
      else { link.removeAttribute("aria-current"); }
    });
    if (moveFocus) { var heading = $("#" + key + "-title"); if (heading) { heading.focus(); } }
  }

  function onHashChange() {
    var key = global.location.hash.replace(/^#/, "") || "overview";
    if (key !== "overview" && !parts[key]) { return; }
    show(key, true);
    save(true);
  }

  /* ---------- case study ---------- */
  /* The core's completion rule, named in the part's data (curriculum/case_page.py, CompletionRule): "all_answered"
     — complete when every discussion question has an answer that is not blank (a case without questions: when
     the learner presses the button); "marked_done" — when the learner presses the button. A twin of
     curriculum.case_page.is_complete, parity-tested (tests/scorm_export/test_case_completion.py). */
  function caseComplete(part, answers, marked) {
    if (part.completion === "marked_done" || !part.questions.length) { return !!marked; }
    for (var i = 0; i < part.questions.length; i += 1) {
      if (!String(answers[part.questions[i]] || "").trim()) { return false; }
    }
    return true;
  }

  function completeCase(key) {
    bag("c")[key] = 1;
    $('[data-message="' + key + '"]').textContent = t.case_done;
    reportAndSave();
  }

  function initCase(key) {
    var answers = bag("d", key);
    function answered(id, value, commit) {
      bag("d", key)[id] = value;
      if (!bag("c")[key] && caseComplete(parts[key], bag("d", key), false)) { completeCase(key); return; }
      if (commit) { flushTyping(); save(true); } else { saveSoon(); }
    }
    $$('[data-discussion][data-part="' + key + '"]').forEach(function (area) {
      var id = area.getAttribute("data-discussion");
      if (answers[id]) { area.value = answers[id]; }
      area.addEventListener("input", function () { answered(id, area.value, false); });
      area.addEventListener("change", function () { answered(id, area.value, true); });
    });
    var button = $('[data-finish-case="' + key + '"]');
    if (button) {
      button.addEventListener("click", function () {
        if (caseComplete(parts[key], bag("d", key), true)) { completeCase(key); }
      });
    }
    if (bag("c")[key]) { $('[data-message="' + key + '"]').textContent = t.case_done; }
  }

  /* ---------- the solo exercise ---------- */
  function exerciseText(key) {
    var part = parts[key];
    var x = bag("x", key);
    var lines = [part.title, "", x.r || "", "", t.self_assessment + ":"];
    var points = 0;
    part.criteria.forEach(function (criterion) {
      var level = x.s && x.s[criterion.id];
      if (level !== undefined) {
        points += criterion.points[level];
        lines.push("- " + criterion.title + ": " + criterion.labels[level] + " (" +
          fmt(t.points, { n: criterion.points[level] }) + ")");
      }
    });
    lines.push(fmt(t.points, { n: points }) + " / " + part.max_points);
    return lines.join("\n");
  }

  function initExercise(key) {
    var part = parts[key];
    var x = bag("x", key);
    var form = $('[data-exercise="' + key + '"]');
    var area = $('[data-response="' + key + '"]');
    var count = $('[data-count="' + key + '"]');
    var message = $('[data-message="' + key + '"]');
    if (x.r) { area.value = x.r; }
    count.textContent = String(area.value.length);
    area.addEventListener("input", function () {
      bag("x", key).r = area.value; count.textContent = String(area.value.length); saveSoon();
    });
    area.addEventListener("change", function () { flushTyping(); save(true); });
    $$("input[data-criterion]", form).forEach(function (radio) {
      var criterion = radio.getAttribute("data-criterion");
      if (x.s && String(x.s[criterion]) === radio.value) { radio.checked = true; }
      radio.addEventListener("change", function () {
        var ex = bag("x", key);
        if (!ex.s) { ex.s = {}; }
        ex.s[criterion] = parseInt(radio.value, 10);
        save(false);
      });
    });
    function savedMessage() {
      var ex = bag("x", key);
      var points = 0;
      part.criteria.forEach(function (c) { points += c.points[ex.s[c.id]]; });
      message.textContent = fmt(t.exercise_saved, { points: points, max: part.max_points });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var ex = bag("x", key);
      var complete = (ex.r || "").trim().length > 0 && part.criteria.every(function (c) {
        return ex.s && ex.s[c.id] !== undefined;
      });
      if (!complete) { message.textContent = t.exercise_missing; return; }
      ex.k = 1;
      savedMessage();
      reportAndSave();
    });
    if (x.k) { savedMessage(); }
    var shareMessage = $('[data-share-message="' + key + '"]');
    $('[data-copy="' + key + '"]').addEventListener("click", function () {
      var text = exerciseText(key);
      var done = function () { shareMessage.textContent = t.copied; };
      var failed = function () { shareMessage.textContent = t.copy_failed; };
      try {
        if (global.navigator.clipboard && global.isSecureContext) {
          global.navigator.clipboard.writeText(text).then(done, failed);
        } else { failed(); }
      } catch (e) { failed(); }
    });
    $('[data-download="' + key + '"]').addEventListener("click", function () {
      var blob = new global.Blob([exerciseText(key)], { type: "text/plain;charset=utf-8" });
      var link = doc.createElement("a");
      link.href = global.URL.createObjectURL(blob);
      link.download = data.module + "-" + key + ".txt";
      doc.body.appendChild(link);
      link.click();
      doc.body.removeChild(link);
    });
  }

  /* ---------- the assessment: grading mirrors curriculum/scoring.py ---------- */
  function normalise(text, caseSensitive) {
    var plain = text.normalize("NFKD").replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "");
    plain = plain.split(/\s+/).filter(function (w) { return w.length; }).join(" ");
    plain = plain.replace(/^[ .!¡?¿]+|[ .!¡?¿]+$/g, "");
    return caseSensitive ? plain : plain.toLowerCase().replace(/\u00df/g, "ss");
  }

  function option(q, id) {
    for (var i = 0; i < q.options.length; i += 1) { if (q.options[i].id === id) { return q.options[i]; } }
    return null;
  }

  /* Every sensible reading of a typed number, most likely first (curriculum.scoring.numeric_readings): "12,5",
     "1.250,75", "1 250"; one separator before exactly three digits is ambiguous, so both readings count. */
  function numericReadings(raw) {
    if (raw === true || raw === false) { return []; }
    if (typeof raw === "number") { return [raw]; }
    var text = String(raw).replace(/[\s\u00a0\u202f%]/g, "");
    if (!/^[+-]?\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) { return []; }
    var sign = text.charAt(0) === "-" ? -1 : 1;
    text = text.replace(/^[+-]+/, "");
    var commas = text.split(",").length - 1;
    var dots = text.split(".").length - 1;
    if (commas && dots) {
      var decimal = text.lastIndexOf(",") > text.lastIndexOf(".") ? "," : ".";
      var grouping = decimal === "," ? "." : ",";
      var at = text.indexOf(decimal);
      var whole = text.slice(0, at);
      var fraction = text.slice(at + 1);
      if (fraction.indexOf(grouping) >= 0 || fraction.indexOf(decimal) >= 0) { return []; }
      return [sign * parseFloat(whole.split(grouping).join("") + "." + fraction)];
    }
    var separator = commas ? "," : dots ? "." : "";
    if (!separator) { return [sign * parseFloat(text)]; }
    var parts = text.split(separator);
    if (parts.length > 2) {
      var grouped = parts.slice(1).every(function (p) { return p.length === 3; });
      return grouped ? [sign * parseFloat(parts.join(""))] : [];
    }
    var decimalReading = sign * parseFloat(parts[0] + "." + parts[1]);
    if (parts[1].length === 3 && parts[0] !== "0") { return [decimalReading, sign * parseFloat(parts[0] + parts[1])]; }
    return [decimalReading];
  }

  function parseResponse(q, raw) {
    if (raw === null || raw === undefined || raw === "" || (raw instanceof Array && raw.length === 0)) { return null; }
    if (q.type === "single_choice") { return option(q, raw) ? raw : null; }
    if (q.type === "multiple_choice") {
      var chosen = [];
      for (var i = 0; i < raw.length; i += 1) {
        if (!option(q, raw[i])) { return null; }
        if (chosen.indexOf(raw[i]) < 0) { chosen.push(raw[i]); }
      }
      return chosen.sort();
    }
    if (q.type === "true_false") {
      if (raw === true || raw === "true") { return true; }
      if (raw === false || raw === "false") { return false; }
      return null;
    }
    if (q.type === "numeric") {
      var readings = numericReadings(raw);
      return readings.length ? readings[0] : null;
    }
    var answer = String(raw).trim().slice(0, 500);
    return answer.length ? answer : null;
  }

  function gradeQuestion(q, raw) {
    var response = parseResponse(q, raw);
    if (response === null) {
      return { id: q.id, answered: false, correct: false, fraction: 0, points: 0, feedback: [], response: null };
    }
    var fraction = 0;
    var feedback = [];
    if (q.type === "single_choice") {
      var picked = option(q, response);
      fraction = picked.correct ? 1 : 0;
      feedback = [picked.feedback];
    } else if (q.type === "multiple_choice") {
      var right = 0;
      var total = 0;
      q.options.forEach(function (o) {
        if (o.correct) { total += 1; }
        if (response.indexOf(o.id) >= 0) { if (o.correct) { right += 1; } feedback.push(o.feedback); }
      });
      fraction = Math.max(0, (right - (response.length - right)) / total);
    } else if (q.type === "true_false") {
      fraction = response === q.answer ? 1 : 0;
      feedback = [response ? q.feedback_true : q.feedback_false];
    } else if (q.type === "numeric") {
      var matching = numericReadings(raw).filter(function (r) { return Math.abs(r - q.answer) <= q.tolerance + 1e-9; });
      if (matching.length) { response = matching[0]; }
      fraction = matching.length ? 1 : 0;
      feedback = [fraction ? q.feedback_correct : q.feedback_incorrect];
    } else {
      fraction = q.accepted.indexOf(normalise(response, q.case_sensitive)) >= 0 ? 1 : 0;
      feedback = [fraction ? q.feedback_correct : q.feedback_incorrect];
    }
    return { id: q.id, answered: true, correct: fraction === 1, fraction: fraction,
             points: Math.round(fraction * q.points * 1e6) / 1e6, feedback: feedback, response: response };
  }

  function gradeAttempt(part, responses) {
    var results = part.questions.map(function (q) { return gradeQuestion(q, responses[q.id]); });
    var points = 0;
    results.forEach(function (r) { points += r.points; });
    points = Math.round(points * 1e6) / 1e6;
    var score = part.max_points ? points / part.max_points : 0;
    return { points: points, max_points: part.max_points, score: score,
             passed: global.FieldSchoolRuntime.reachesPassMark(score, part.pass_mark),
             questions: results };
  }

  function interactionFor(q, result) {
    var type = { single_choice: "choice", multiple_choice: "choice", true_false: "true-false", numeric: "numeric",
                 short_text: "fill-in" }[q.type];
    var correct = null;
    var options = [];
    if (q.options) {
      options = q.options.map(function (o) { return o.id; });
      var right = q.options.filter(function (o) { return o.correct; }).map(function (o) { return o.id; });
      correct = q.type === "single_choice" ? right[0] : right;
    } else if (q.type === "true_false") {
      correct = q.answer;
    } else if (q.type === "numeric") {
      correct = [q.answer - q.tolerance, q.answer + q.tolerance];
    } else {
      correct = q.shown;
    }
    return { id: data.module + "." + q.id, type: type, response: result.response, correct: correct, options: options,
             key: q.type === "numeric" ? q.answer : undefined,
             result: result.correct ? "correct" : "incorrect", weighting: q.points, description: q.prompt_text };
  }

  function readResponses(form, part) {
    var responses = {};
    part.questions.forEach(function (q) {
      var name = part.key + "-" + q.id;
      var inputs = $$('[name="' + name + '"]', form);
      if (q.type === "multiple_choice") {
        responses[q.id] = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      } else if (q.type === "single_choice" || q.type === "true_false") {
        var checked = inputs.filter(function (i) { return i.checked; })[0];
        responses[q.id] = checked ? checked.value : "";
      } else {
        responses[q.id] = inputs[0].value;
      }
    });
    return responses;
  }

  function writeResponses(form, part, responses) {
    part.questions.forEach(function (q) {
      var value = responses[q.id];
      $$('[name="' + part.key + "-" + q.id + '"]', form).forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") {
          input.checked = value instanceof Array ? value.indexOf(input.value) >= 0 : String(value) === input.value;
        } else {
          input.value = value === undefined || value === null ? "" : String(value);
        }
      });
    });
  }

  function attemptsText(part, a) {
    if (!part.attempts) { return t.attempts_unlimited; }
    var left = Math.max(0, part.attempts - (a.k || 0));
    return left ? fmt(t.attempts_left, { n: left }) : t.no_attempts_left;
  }

  /* Explanations show only when no attempt will follow: the twin of curriculum.reveal.answers_revealed (a parity
     test runs both on the same cases). part.attempts 0 means unlimited; a package has no due date. */
  function revealAnswers(part, attemptsUsed) {
    return !!part.attempts && attemptsUsed >= part.attempts;
  }

  function showGraded(key, result, announce) {
    var part = parts[key];
    var form = $('[data-assessment="' + key + '"]');
    var a = bag("a", key);
    var revealed = revealAnswers(part, a.k || 0);
    part.questions.forEach(function (q, index) {
      var r = result.questions[index];
      var box = $('[data-feedback="' + q.id + '"]', form);
      var label = !r.answered ? t.unanswered : r.correct ? t.correct : r.points > 0 ? t.partly_correct : t.incorrect;
      var css = !r.answered || !r.points ? "bad" : r.correct ? "good" : "partial";
      var html = '<p class="verdict ' + css + '"><strong>' + label + "</strong></p>";
      r.feedback.forEach(function (f) { if (f) { html += "<p>" + f + "</p>"; } });
      if (revealed && q.explanation) { html += '<div class="explanation">' + q.explanation + "</div>"; }
      box.innerHTML = html;
    });
    $$("input", form).forEach(function (input) { input.disabled = true; });
    $('[data-submit="' + key + '"]').hidden = true;
    var canRetry = !part.attempts || (a.k || 0) < part.attempts;
    $('[data-retry="' + key + '"]').hidden = !canRetry;
    $('[data-warning="' + key + '"]').hidden = true;
    $('[data-attempts="' + key + '"]').textContent = attemptsText(part, a);
    var box = $('[data-result="' + key + '"]');
    box.innerHTML = "";
    var lines = [fmt(t.your_score, { score: pct(result.score), points: result.points, max: result.max_points }),
                 result.passed ? t.passed : t.failed, fmt(t.best_score, { n: pct(a.b || 0) })];
    lines.forEach(function (line, i) {
      var p = doc.createElement("p");
      p.textContent = line;
      if (i === 1) { p.className = result.passed ? "verdict good" : "verdict bad"; }
      box.appendChild(p);
    });
    box.setAttribute("data-score", pct(result.score));
    if (announce) { box.focus(); }
  }

  function resetAssessment(key) {
    var form = $('[data-assessment="' + key + '"]');
    var a = bag("a", key);
    a.g = 0;
    a.r = {};
    writeResponses(form, parts[key], {});
    $$("input", form).forEach(function (input) { input.disabled = false; });
    $$("[data-feedback]", form).forEach(function (box) { box.innerHTML = ""; });
    $('[data-submit="' + key + '"]').hidden = false;
    $('[data-retry="' + key + '"]').hidden = true;
    $('[data-result="' + key + '"]').innerHTML = "";
  }

  function initAssessment(key) {
    var part = parts[key];
    var form = $('[data-assessment="' + key + '"]');
    var a = bag("a", key);
    var warned = false;
    writeResponses(form, part, a.r || {});
    if (a.g) { showGraded(key, gradeAttempt(part, a.r || {}), false); }
    else { $('[data-attempts="' + key + '"]').textContent = attemptsText(part, a); }
    if (part.attempts && (a.k || 0) >= part.attempts && !a.g) {
      $$("input", form).forEach(function (input) { input.disabled = true; });
      $('[data-submit="' + key + '"]').hidden = true;
    }
    form.addEventListener("input", function () { bag("a", key).r = readResponses(form, part); saveSoon(); });
    form.addEventListener("change", function () { bag("a", key).r = readResponses(form, part); save(false); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var att = bag("a", key);
      if (att.g || (part.attempts && (att.k || 0) >= part.attempts)) { return; }
      var responses = readResponses(form, part);
      var result = gradeAttempt(part, responses);
      var unanswered = result.questions.some(function (r) { return !r.answered; });
      if (unanswered && !warned) {
        warned = true;
        $('[data-warning="' + key + '"]').hidden = false;
        return;
      }
      warned = false;
      att.r = responses;
      att.k = (att.k || 0) + 1;
      att.l = result.score;  // unrounded: the LMS is told the verdict the page shows (a rounded 0.69995 passed 70 %)
      att.b = Math.max(att.b || 0, att.l);
      att.g = 1;
      var interactions = [];
      part.questions.forEach(function (q, index) {
        if (result.questions[index].answered) { interactions.push(interactionFor(q, result.questions[index])); }
      });
      tracker.recordInteractions(state, interactions);
      showGraded(key, result, true);
      reportAndSave();
    });
    $('[data-retry="' + key + '"]').addEventListener("click", function () {
      resetAssessment(key);
      save(true);
      var first = $("input", form);
      if (first) { first.focus(); }
    });
  }

  /* ---------- the capacity self-assessment: a level per area, kept as a profile; no right answer ---------- */

  /* The profile's radar: the twin of curriculum.charts.radar_chart, drawing the same SVG string from the same
     arguments (the learner's answers exist only here, at run time). A parity test runs both on the same profiles
     (tests/scorm_export/test_self_assessment_sco.py); change the two together. */
  var RADAR = { before: "#8a5a00", after: "#1f6f43", ink: "#1a1a1a", font: "font-family:system-ui,sans-serif" };

  function escapeMarkup(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function shortLabel(text, limit) {
    return text.length <= limit ? text : text.slice(0, limit - 1).replace(/\s+$/, "") + "\u2026";
  }

  function radarChart(axes, series, title, maximum, ident) {
    var width = 720, height = 470, cx = 360, cy = 235, radius = 160;
    var count = Math.max(axes.length, 1);
    function point(index, value) {
      var angle = -Math.PI / 2 + 2 * Math.PI * index / count;
      var r = radius * value / maximum;
      return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    }
    function pair(xy) { return xy[0].toFixed(1) + "," + xy[1].toFixed(1); }
    var body = "";
    var ring, i;
    for (ring = 1; ring <= maximum; ring += 1) {
      var ringPoints = [];
      for (i = 0; i < count; i += 1) { ringPoints.push(pair(point(i, ring))); }
      body += '<polygon points="' + ringPoints.join(" ") + '" fill="none" stroke="#767676" stroke-width="0.8"/>' +
        '<text x="' + (cx + 3) + '" y="' + (cy - radius * ring / maximum + 11).toFixed(1) + '" font-size="10" ' +
        'fill="' + RADAR.ink + '">' + ring + "</text>";
    }
    axes.forEach(function (axis, index) {
      var end = point(index, maximum);
      var at = point(index, maximum + 0.35);
      var anchor = Math.abs(at[0] - cx) < 20 ? "middle" : (at[0] > cx ? "start" : "end");
      body += '<line x1="' + cx + '" y1="' + cy + '" x2="' + end[0].toFixed(1) + '" y2="' + end[1].toFixed(1) +
        '" stroke="#767676" stroke-width="0.8"/><text x="' + at[0].toFixed(1) + '" y="' + (at[1] + 4).toFixed(1) +
        '" font-size="11" text-anchor="' + anchor + '" fill="' + RADAR.ink + '">' +
        escapeMarkup(shortLabel(axis[1], 24)) + "</text>";
    });
    var described = [];
    series.forEach(function (entry, n) {
      var name = entry[0], values = entry[1];
      var last = n === series.length - 1;
      var colour = last ? RADAR.after : RADAR.before;
      var dash = last ? "" : ' stroke-dasharray="6 4"';
      var shape = axes.map(function (axis, index) {
        var has = Object.prototype.hasOwnProperty.call(values, axis[0]);
        return pair(point(index, has ? values[axis[0]] : 0));
      }).join(" ");
      body += '<polygon class="series" data-series="' + escapeMarkup(name) + '" points="' + shape + '" fill="' +
        colour + '" fill-opacity="0.15" stroke="' + colour + '" stroke-width="2.5"' + dash + "/>";
      var legendY = 16 + 18 * n;
      body += '<line x1="10" y1="' + (legendY - 4) + '" x2="34" y2="' + (legendY - 4) + '" stroke="' + colour +
        '" stroke-width="3"' + dash + '/><text x="40" y="' + legendY + '" font-size="13" fill="' + RADAR.ink + '">' +
        escapeMarkup(name) + "</text>";
      described.push(name + ": " + axes.filter(function (axis) {
        return Object.prototype.hasOwnProperty.call(values, axis[0]);
      }).map(function (axis) { return axis[1] + " " + values[axis[0]]; }).join(", "));
    });
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + width + " " + height + '" width="100%" ' +
      'role="img" aria-labelledby="' + ident + "-t " + ident + '-d" style="max-width:' + width + "px;" + RADAR.font +
      '"><title id="' + ident + '-t">' + escapeMarkup(title) + '</title><desc id="' + ident + '-d">' +
      escapeMarkup(described.join("; ")) + "</desc>" + body + "</svg>";
  }

  function showProfile(key) {
    var s = bag("s", key);
    var box = $('[data-profile="' + key + '"]');
    box.hidden = !s.k;
    parts[key].areas.forEach(function (area) {
      var row = $('[data-profile-area="' + area.key + '"]', box);
      $("[data-first]", row).textContent = s.f && s.f[area.key] ? s.f[area.key] : "–";
      $("[data-latest]", row).textContent = s.p && s.p[area.key] ? s.p[area.key] : "–";
    });
    var figure = $('[data-radar="' + key + '"]');
    if (!s.k || !s.p) { figure.innerHTML = ""; return; }
    // as the other channels draw it: the first and the latest profile once assessed twice, else the one profile;
    // the legend names them as the table's columns do
    var series = s.k > 1 && s.f ? [[t.capacity_first, s.f], [t.capacity_latest, s.p]] : [[t.capacity_yours, s.p]];
    var axes = parts[key].areas.map(function (area) { return [area.key, area.name]; });
    figure.innerHTML = radarChart(axes, series, t.capacity_chart, parts[key].levels, "radar-" + key);
  }

  function initSelfAssessment(key) {
    var part = parts[key];
    var form = $('[data-capacity="' + key + '"]');
    var message = $('[data-message="' + key + '"]');
    var s = bag("s", key);
    $$("input[data-area]", form).forEach(function (radio) {
      var area = radio.getAttribute("data-area");
      if (s.p && String(s.p[area]) === radio.value) { radio.checked = true; }
      radio.addEventListener("change", function () {
        var sa = bag("s", key);
        if (!sa.p) { sa.p = {}; }
        sa.p[area] = parseInt(radio.value, 10);
        save(false);
      });
    });
    $$("textarea[data-notes]", form).forEach(function (box) {
      var area = box.getAttribute("data-notes");
      if (s.e && s.e[area]) { box.value = s.e[area]; }
      box.addEventListener("input", function () {
        var sa = bag("s", key);
        if (!sa.e) { sa.e = {}; }
        sa.e[area] = box.value;
        saveSoon();
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var sa = bag("s", key);
      var complete = part.areas.every(function (area) { return sa.p && sa.p[area.key]; });
      if (!complete) { message.textContent = t.capacity_missing; return; }
      sa.k = (sa.k || 0) + 1;
      if (!sa.f) { sa.f = JSON.parse(JSON.stringify(sa.p)); }
      tracker.recordInteractions(state, part.areas.map(function (area) {
        return { id: data.module + "." + key + "." + area.key, type: "numeric", response: sa.p[area.key],
                 correct: null, result: "neutral", weighting: 0, description: area.name };
      }));
      message.textContent = fmt(t.capacity_saved, { n: sa.k });
      showProfile(key);
      reportAndSave();
    });
    showProfile(key);
  }

  /* ---------- review: the LMS shows an earlier attempt; the learner's answers stay visible and unchangeable ---------- */
  function showReadOnly() {
    doc.body.setAttribute("data-mode", "review");
    $$("main input, main select, main button").forEach(function (control) {
      var harmless = control.hasAttribute("data-copy") || control.hasAttribute("data-download") ||
        control.parentNode.id === "fs-continue";
      if (!harmless) { control.disabled = true; }
    });
    $$("main textarea").forEach(function (area) { area.readOnly = true; });
  }

  /* ---------- start ---------- */
  function start() {
    tracker = global.FieldSchoolRuntime.create({ key: data.package + ":" + data.module, onStatus: showStatus });
    tracker.start();
    var saved = tracker.load();
    state = saved.state || {};
    state.v = 1;
    for (var key in parts) {
      if (Object.prototype.hasOwnProperty.call(parts, key)) {
        var type = parts[key].type;
        if (type === "case_study") { initCase(key); }
        else if (type === "peer_exercise") { initExercise(key); }
        else if (type === "self_assessment") { initSelfAssessment(key); }
        else { initAssessment(key); }
      }
    }
    $("#fs-retry").addEventListener("click", function () { tracker.retryNow(); });
    if (tracker.readOnly) { showReadOnly(); }
    var hash = global.location.hash.replace(/^#/, "");
    show(parts[hash] ? hash : saved.location || "overview", false);
    refreshProgress();
    tracker.report(summary());
    save(true);
    global.addEventListener("hashchange", onHashChange);
    doc.addEventListener("visibilitychange", function () {
      if (doc.visibilityState === "hidden" && !tracker.finished) { flushTyping(); save(true); }
    });
    global.addEventListener("pagehide", function () {
      flushTyping();
      tracker.report(summary());
      tracker.save(state, current, false);
      tracker.finish();
    });
    var next = $("#fs-continue");
    var hint = $("#fs-next-hint");
    // Where the LMS does not say it can go on (Moodle answers "unknown"), point the learner to its own navigation.
    if (hint && data.next && !tracker.canContinue()) { hint.hidden = false; }
    if (next && data.next && tracker.canContinue()) {
      next.hidden = false;
      $("button", next).addEventListener("click", function () {
        flushTyping();
        tracker.report(summary());
        tracker.save(state, current, false);
        tracker.continueToNext();
      });
    }
    global.FieldSchoolSCO = { tracker: tracker, state: function () { return state; }, grade: gradeAttempt,
                              normalise: normalise, revealAnswers: revealAnswers, radar: radarChart,
                              caseComplete: caseComplete, parts: parts };
  }

  start();
}(window, document));
