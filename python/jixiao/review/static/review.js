// The review desk's script: sortable tables, filters that apply as they change, decisions
// sent as JSON to /api/decisions, and the report's finding named in the address opened.
(function () {
  'use strict';

  function cellValue(row, index, numeric) {
    var cell = row.children[index];
    var raw = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent.trim();
    return numeric ? parseFloat(raw) || 0 : raw;
  }

  document.querySelectorAll('table.rv-sortable').forEach(function (table) {
    table.querySelectorAll('thead th').forEach(function (th, index) {
      th.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = th.getAttribute('data-type') === 'number';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = numeric ? x - y : String(x).localeCompare(String(y), 'zh-CN');
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  var filters = document.getElementById('rv-filters');
  if (filters) {
    filters.querySelectorAll('select').forEach(function (select) {
      select.addEventListener('change', function () { filters.submit(); });
    });
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || response.statusText);
        return data;
      });
    });
  }

  function updateProgress() {
    var progress = document.getElementById('rv-progress');
    if (!progress) return;
    var decided = document.querySelectorAll('.jx-finding:not(.jx-state-open)').length;
    progress.textContent = decided + '/' + progress.getAttribute('data-count');
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button.rv-action');
    if (!button) return;
    var box = button.closest('.rv-decide');
    var reason = box.querySelector('.rv-reason');
    var note = box.querySelector('.rv-note');
    var status = button.getAttribute('data-status');
    note.className = 'rv-note';
    if (status === 'dismissed' && !reason.value.trim()) {
      note.textContent = document.body.getAttribute('data-lang') === 'en'
        ? 'a dismissal needs a reason' : '驳回需要说明理由';
      reason.focus();
      return;
    }
    post('/api/decisions', {fingerprint: box.getAttribute('data-fingerprint'), status: status, reason: reason.value})
      .then(function (data) {
        var label = box.querySelector('.rv-status');
        label.textContent = data.label;
        label.className = 'rv-status rv-status-' + data.status;
        reason.value = data.reason;
        var item = box.closest('.jx-finding');
        item.className = item.className.replace(/\bjx-state-\w+/, '').trim() + ' jx-state-' + data.status;
        note.className = 'rv-note rv-ok';
        note.textContent = '✓';
        updateProgress();
      })
      .catch(function (error) { note.textContent = error.message; });
  });

  var rescan = document.getElementById('rv-rescan');
  if (rescan) {
    rescan.addEventListener('click', function () {
      rescan.disabled = true;
      post('/api/rescan').then(function () { window.location.reload(); })
        .catch(function () { rescan.disabled = false; });
    });
  }

  // /report/N#r-f3 opens the report at finding 3 with its highlight active.
  var match = /^#([\w-]+)-f(\d+)$/.exec(window.location.hash);
  if (match && window.jxActivateFinding) {
    var root = document.querySelector('[data-jx-fulltext="' + match[1] + '"]');
    if (root) window.jxActivateFinding(root, match[2], 'mark');
  }
})();
