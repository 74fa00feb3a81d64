/* The journal grid: keyboard-first entry; each cell saves at once through the API (issue 3). No dependencies. */
(function () {
  "use strict";
  var table = document.getElementById("journal-grid");
  if (!table) return;
  var canWrite = table.dataset.canWrite === "1";
  var takesMarks = table.dataset.takesMarks === "1";
  var scale = (table.dataset.scale || "").split("|").filter(Boolean);
  var codes = (table.dataset.codes || "").split("|").filter(Boolean);
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var status = document.getElementById("journal-status");
  var lastCell = null;
  var decimalMark = document.documentElement.lang === "ru" ? "," : ".";

  function say(text) { if (status) status.textContent = text; }

  function api(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 204) return { status: 204, data: null };
      return response.json().then(
        function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: null }; }
      );
    });
  }

  function firstError(data) {
    if (!data) return table.dataset.msgFailed;
    if (data.detail) return data.detail;
    for (var key in data) {
      if (Object.prototype.hasOwnProperty.call(data, key)) {
        var value = data[key];
        return Array.isArray(value) ? value.join(" ") : String(value);
      }
    }
    return table.dataset.msgFailed;
  }

  function mark(cell, state, message) {
    cell.classList.remove("saving", "saved", "failed", "conflict");
    if (state) cell.classList.add(state);
    cell.title = message || "";
    if (message) say(message);
  }

  function cellText(input) {
    var extra = input.dataset.extra ? input.dataset.extra.split(",").map(function (p) { return p.split(":")[0]; }) : [];
    var td = input.parentElement;
    if (!input.dataset.mark) return td.dataset.att || "";
    return [input.dataset.markValue || input.dataset.value.split("/")[0]].concat(extra).join("/");
  }

  function setMark(input, data) {
    if (data && !data.deleted) {
      input.dataset.mark = data.id;
      input.dataset.version = data.version;
      input.dataset.weight = data.weight;
      input.dataset.markValue = data.value;
    } else {
      delete input.dataset.mark; delete input.dataset.version; delete input.dataset.weight; delete input.dataset.markValue;
    }
    input.value = input.dataset.value = cellText(input);
  }

  // A new mark takes the work type chosen above the grid (and so its weight); without a choice, the school default.
  function newMark(lesson, student, value) {
    var body = { lesson: lesson, student: student, value: value };
    var choice = document.getElementById("work-type");
    if (choice && choice.value) body.work_type = Number(choice.value);
    return body;
  }

  function recomputeMean(row) {
    var total = 0, weights = 0;
    row.querySelectorAll("input.cell").forEach(function (input) {
      var parts = [];
      if (input.dataset.mark) parts.push([input.dataset.markValue || input.value.split("/")[0], input.dataset.weight]);
      if (input.dataset.extra) input.dataset.extra.split(",").forEach(function (p) { parts.push(p.split(":")); });
      parts.forEach(function (p) {
        if (/^\d+$/.test(p[0])) { total += Number(p[0]) * Number(p[1] || 1); weights += Number(p[1] || 1); }
      });
    });
    var cell = row.querySelector("td.mean");
    if (cell) cell.textContent = weights ? (Math.round((total / weights) * 100) / 100).toFixed(2).replace(".", decimalMark) : "";
  }

  // Saves go one after another: the order of edits is kept, and a slow network never reorders two changes of a cell.
  var queue = Promise.resolve();
  function save(input) {
    queue = queue.then(function () { return saveNow(input); }, function () { return saveNow(input); });
  }

  function saveNow(input) {
    var value = input.value.trim().toLowerCase();
    var before = input.dataset.value || "";
    if (value === before.toLowerCase()) return;
    var td = input.parentElement;
    var row = input.closest("tr");
    var student = Number(row.dataset.student);
    var lesson = Number(input.dataset.lesson);
    var request;
    mark(input, "saving");
    if (value === "") {
      request = input.dataset.mark
        ? api("DELETE", "/api/v1/marks/" + input.dataset.mark + "/?version=" + input.dataset.version).then(function (r) {
            if (r.status === 204) setMark(input, null);
            return r;
          })
        : api("PUT", "/api/v1/lessons/" + lesson + "/attendance/", { student: student, code: null }).then(function (r) {
            if (r.status === 200) { td.dataset.att = ""; setMark(input, null); }
            return r;
          });
    } else if (codes.indexOf(value) !== -1) {
      request = api("PUT", "/api/v1/lessons/" + lesson + "/attendance/", { student: student, code: value }).then(function (r) {
        if (r.status === 200) { td.dataset.att = r.data.code || ""; input.value = input.dataset.value = cellText(input); }
        return r;
      });
    } else if (takesMarks && scale.indexOf(value) !== -1) {
      request = (input.dataset.mark
        ? api("PATCH", "/api/v1/marks/" + input.dataset.mark + "/", { value: value, version: Number(input.dataset.version) })
        : api("POST", "/api/v1/marks/", newMark(lesson, student, value))
      ).then(function (r) {
        if (r.status === 200 || r.status === 201) setMark(input, r.data);
        return r;
      });
    } else {
      mark(input, "failed", table.dataset.msgUnknown);
      return;
    }
    return request.then(function (r) {
      if (r.status >= 200 && r.status < 300) {
        mark(input, "saved");
        say(table.dataset.msgSaved);
        recomputeMean(row);
      } else if (r.status === 409) {
        setMark(input, r.data && r.data.current && r.data.current.id ? r.data.current : null);
        mark(input, "conflict", table.dataset.msgConflict);
        recomputeMean(row);
      } else {
        mark(input, "failed", firstError(r.data));
      }
    }).catch(function () { mark(input, "failed", table.dataset.msgFailed); });
  }

  function cellAt(input, dRow, dCol) {
    var td = input.parentElement, tr = td.parentElement;
    var col = Array.prototype.indexOf.call(tr.children, td);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var r = rows.indexOf(tr);
    for (var step = 1; step < 200; step++) {
      var rr = r + dRow * step, cc = col + dCol * step;
      if (rr < 0 || rr >= rows.length || cc < 1 || cc >= rows[rr].children.length) return null;
      var next = rows[rr].children[cc].querySelector("input.cell");
      if (next) return next;
    }
    return null;
  }

  function go(input, dRow, dCol) {
    var next = cellAt(input, dRow, dCol);
    if (next) { next.focus(); next.select(); }
  }

  table.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("cell")) { lastCell = event.target; event.target.select(); }
  });
  table.addEventListener("change", function (event) {
    if (canWrite && event.target.classList.contains("cell")) save(event.target);
  });
  table.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("cell")) return;
    var key = event.key;
    if (key === "Enter") {
      event.preventDefault();
      if (canWrite) save(input);
      go(input, event.shiftKey ? -1 : 1, 0);
    } else if (key === "ArrowDown") { event.preventDefault(); go(input, 1, 0); }
    else if (key === "ArrowUp") { event.preventDefault(); go(input, -1, 0); }
    else if (key === "ArrowRight" && input.selectionStart === input.value.length) { event.preventDefault(); go(input, 0, 1); }
    else if (key === "ArrowLeft" && input.selectionStart === 0) { event.preventDefault(); go(input, 0, -1); }
    else if (key === "Escape") { input.value = input.dataset.value || ""; mark(input, ""); }
  });

  var dialog = document.getElementById("history-dialog");
  function showHistory(input) {
    if (!input) { say(table.dataset.msgNohistory); return; }
    var url = input.dataset.mark
      ? "/api/v1/marks/" + input.dataset.mark + "/history/"
      : "/api/v1/lessons/" + input.dataset.lesson + "/attendance/history/?student=" + input.closest("tr").dataset.student;
    api("GET", url).then(function (r) {
      var body = dialog.querySelector("tbody");
      body.textContent = "";
      (r.data || []).forEach(function (row) {
        var tr = document.createElement("tr");
        [new Date(row.at).toLocaleString(), row.by, row.old, row.new, row.reason].forEach(function (text) {
          var td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
    });
  }
  table.addEventListener("dblclick", function (event) {
    if (event.target.classList && event.target.classList.contains("cell")) showHistory(event.target);
  });
  var historyButton = document.getElementById("history-button");
  if (historyButton) historyButton.addEventListener("click", function () { showHistory(lastCell); });
  table.querySelectorAll("input.cell").forEach(function (input) {
    if (input.dataset.mark) input.dataset.markValue = input.value.split("/")[0];
  });
})();
