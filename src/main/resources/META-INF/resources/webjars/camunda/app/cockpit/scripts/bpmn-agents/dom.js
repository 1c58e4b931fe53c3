/*
 * bpmn-agents Cockpit plugins, building the page: elements whose text from users and models is always text
 * (textContent), never markup, and the formats of times, numbers and costs.
 */

const CLAMP_CHARS = 600;

/** Builds an element; children that are strings become text nodes, never markup. */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.entries(props || {}).forEach(([key, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, String(value));
  });
  children.flat(Infinity).forEach((child) => {
    if (child === null || child === undefined || child === false) return;
    node.appendChild(typeof child === 'string' || typeof child === 'number'
      ? document.createTextNode(String(child)) : child);
  });
  return node;
}

export function when(instant) {
  if (!instant) return '';
  const date = new Date(instant);
  return isNaN(date) ? String(instant) : date.toLocaleString();
}

export function number(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString();
}

export function millis(value) {
  if (value === null || value === undefined) return '–';
  return value < 1000 ? value + ' ms' : (value / 1000).toFixed(value < 10000 ? 2 : 1) + ' s';
}

export function cost(value) {
  return value === null || value === undefined ? '–' : '$' + Number(value).toFixed(4);
}

export function statusLabel(status) {
  const kind = { RUNNING: 'info', COMPLETED: 'success', FAILED: 'danger' }[status] || 'warning';
  return el('span', { className: 'label label-' + kind, text: status });
}

export function problem(node, error) {
  node.replaceChildren(el('div', { className: 'alert alert-danger', text: String(error.message || error) }));
}

/** A long text, wrapped, shortened with "Show all" when long; always as text. */
export function longText(text, className) {
  const value = text === null || text === undefined ? '' : String(text);
  const pre = el('pre', { className: 'ba-text ' + (className || '') });
  if (value.length <= CLAMP_CHARS) {
    pre.textContent = value;
    return pre;
  }
  let open = false;
  const toggle = el('button', { type: 'button', className: 'btn btn-link btn-xs ba-toggle' });
  const show = () => {
    pre.textContent = open ? value : value.substring(0, CLAMP_CHARS) + ' …';
    toggle.textContent = open ? 'Show less' : 'Show all (' + value.length.toLocaleString() + ' characters)';
  };
  toggle.addEventListener('click', () => {
    open = !open;
    show();
  });
  show();
  return el('div', { className: 'ba-long' }, pre, toggle);
}

export function json(value) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch (ignored) {
    return String(value);
  }
}
