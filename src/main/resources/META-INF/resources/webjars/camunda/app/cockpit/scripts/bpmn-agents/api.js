/*
 * bpmn-agents Cockpit plugins, the app's /api as Cockpit's login reaches it (session cookie and X-XSRF-TOKEN), and the
 * polling of a run's views while the run goes on.
 */

import { problem } from './dom.js';

export const API = new URL('../../../../../api/', import.meta.url).pathname;

export const TASKLIST = new URL('../../../tasklist/default/', import.meta.url).pathname;

const POLL_MS = 1500;

function csrfToken(api) {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : (api && api.CSRFToken) || '';
}

export async function getJson(url, api) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken(api) }
  });
  return answered(response);
}

/** POSTs `body` as JSON; the answer's JSON, or an error with the problem's detail. */
export async function postJson(url, body, api) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrfToken(api) },
    body: JSON.stringify(body)
  });
  return answered(response);
}

async function answered(response) {
  if (!response.ok) {
    let detail = null;
    try {
      const body = await response.json();
      detail = body.detail || body.message;
    } catch (ignored) {
      // not JSON
    }
    throw new Error(detail || response.status + ' ' + response.statusText);
  }
  return response.json();
}

export async function getText(url, api) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { 'X-XSRF-TOKEN': csrfToken(api) }
  });
  if (!response.ok) {
    throw new Error(response.status + ' ' + response.statusText);
  }
  return response.text();
}

/**
 * Runs `refresh` (which shows what it read in `node` and returns the run) now and again
 * every POLL_MS while the run goes on and `node` is on the page. Returns a function that
 * stops the polling.
 */
export function polled(node, refresh) {
  let timer = null;
  let stopped = false;
  async function again() {
    try {
      const run = await refresh();
      if (run.status === 'RUNNING' && !stopped && node.isConnected) {
        timer = setTimeout(again, POLL_MS);
      }
    } catch (error) {
      problem(node, error);
    }
  }
  again();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
