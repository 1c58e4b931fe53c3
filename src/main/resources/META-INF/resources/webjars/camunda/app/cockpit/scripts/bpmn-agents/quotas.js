/*
 * bpmn-agents Cockpit plugin: "Agent quotas" on the dashboard — each quota the logged-in
 * person may see (GET /api/quotas) with its use against its limit in the current window.
 * Plain ES module, no build; values are put into the page as text, never as HTML.
 */

const API = new URL('../../../../../api/', import.meta.url).pathname;

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : '';
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function amount(used, reserved, limit) {
  if (limit === null || limit === undefined) return String(used) + ' (no limit)';
  return used + ' of ' + limit + (reserved ? ' (+' + reserved + ' in flight)' : '');
}

function render(node) {
  node.textContent = 'Loading quotas…';
  fetch(API + 'quotas', { credentials: 'same-origin', headers: { Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken() } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status + ' ' + response.statusText))))
    .then((quotas) => {
      if (!quotas.length) {
        node.textContent = 'No quota counts your runs (bpmn-agents.quotas).';
        return;
      }
      const table = document.createElement('table');
      table.className = 'table table-condensed cam-table';
      const head = table.createTHead().insertRow();
      ['Quota', 'Calls', 'Tokens', 'Cost (USD)', 'When spent', 'Window ends'].forEach((title) => {
        const th = document.createElement('th');
        th.textContent = title;
        head.appendChild(th);
      });
      const body = table.createTBody();
      quotas.forEach((quota) => {
        const row = body.insertRow();
        [quota.key,
          amount(quota.used.calls, quota.reserved.calls, quota.limit.calls),
          amount(quota.used.tokens, quota.reserved.tokens, quota.limit.tokens),
          amount(quota.used.cost, quota.reserved.cost, quota.limit.cost),
          quota.onExhausted,
          new Date(quota.windowEnd).toLocaleString()].forEach((text) => row.appendChild(cell(text)));
      });
      node.replaceChildren(table);
    })
    .catch((error) => {
      node.textContent = 'Quotas could not be read: ' + error.message;
    });
}

export default [{
  id: 'bpmnAgentsQuotas',
  pluginPoint: 'cockpit.dashboard',
  priority: 5,
  properties: { label: 'Agent quotas' },
  render
}];
