/** Path of the status page; its script is at `${STATUS_PATH}/status.js`. */
export const STATUS_PATH = '/status';

/** Where the page reads its data (admin token needed). */
export const SERVICES_API = '/api/v1/admin/services';

/** The page: no data in it, a token form, and a table the script fills. */
export const STATUS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>BFF status</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin-top: 1rem; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; }
.up { color: #17692a; } .down { color: #a01616; } #message { margin-top: 1rem; }
</style>
</head>
<body>
<h1>BFF status</h1>
<form id="login" hidden>
  <label>Admin token <input id="token" type="password" autocomplete="off" required></label>
  <button type="submit">Show status</button>
</form>
<div id="status" hidden>
  <p>Updated <span id="updated">never</span>, every 5 s. <button id="logout" type="button">Forget token</button></p>
  <table>
    <thead><tr><th>Service</th><th>Instance</th><th>Health</th><th>Details</th></tr></thead>
    <tbody id="services"></tbody>
  </table>
</div>
<p id="message" role="status"></p>
<script src="${STATUS_PATH}/status.js"></script>
</body>
</html>
`;

/**
 * The page's script (served as a file: the CSP allows scripts from 'self' only). It keeps the
 * token in sessionStorage, polls the services overview every 5 s, and renders one row per
 * instance; fields the overview adds (circuit state, in-flight, errors) show as details.
 */
export const STATUS_JS = `'use strict';
(function () {
  var KEY = 'bff-admin-token';
  var $ = function (id) { return document.getElementById(id); };
  var timer;

  function text(value) {
    return value === null || typeof value !== 'object' ? String(value) : JSON.stringify(value);
  }
  function details(object, skip) {
    return Object.keys(object).filter(function (key) { return skip.indexOf(key) < 0; })
      .map(function (key) { return key + ': ' + text(object[key]); }).join(', ');
  }
  function cell(row, value, className) {
    var td = document.createElement('td');
    td.textContent = value;
    if (className) td.className = className;
    row.appendChild(td);
  }
  function render(overview) {
    var body = $('services');
    body.textContent = '';
    (overview.services || []).forEach(function (service) {
      var serviceDetails = details(service, ['name', 'instances']);
      var instances = service.instances && service.instances.length ? service.instances : [{}];
      instances.forEach(function (instance) {
        var row = document.createElement('tr');
        row.className = 'service';
        cell(row, service.name);
        cell(row, instance.id || instance.origin || '-');
        var healthy = instance.healthy;
        cell(row, healthy === undefined ? '-' : healthy ? 'up' : 'down', healthy ? 'up' : 'down');
        cell(row, [serviceDetails, details(instance, ['id', 'healthy'])].filter(Boolean).join('; '));
        body.appendChild(row);
      });
    });
    $('updated').textContent = new Date().toLocaleTimeString();
  }
  function showLogin(message) {
    clearTimeout(timer);
    $('status').hidden = true;
    $('login').hidden = false;
    $('message').textContent = message || '';
  }
  function refresh() {
    var token = sessionStorage.getItem(KEY);
    if (!token) return showLogin('An admin token is needed.');
    fetch('${SERVICES_API}', { headers: { authorization: 'Bearer ' + token, accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          sessionStorage.removeItem(KEY);
          showLogin(response.status === 401 ? 'The token was refused.' : 'The token has no admin role.');
          return;
        }
        if (!response.ok) throw new Error('status ' + response.status);
        return response.json().then(function (overview) {
          render(overview);
          $('login').hidden = true;
          $('status').hidden = false;
          $('message').textContent = '';
          timer = setTimeout(refresh, 5000);
        });
      })
      .catch(function () {
        $('message').textContent = 'The status could not be loaded; retrying.';
        timer = setTimeout(refresh, 5000);
      });
  }
  $('login').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    $('token').value = '';
    refresh();
  });
  $('logout').addEventListener('click', function () {
    sessionStorage.removeItem(KEY);
    showLogin('');
  });
  refresh();
})();
`;
