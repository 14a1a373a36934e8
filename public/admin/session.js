// The admin API key lives in sessionStorage only: it is gone when the tab closes and is never written to a
// cookie, localStorage or a URL.
import { apiError, apiFetch, h, NETWORK_ERROR, replace, uid } from '/shared/api.js';

const STORAGE_KEY = 'tollgate.adminKey';

export const session = {
  get key() {
    return sessionStorage.getItem(STORAGE_KEY);
  },
  signIn(key) {
    sessionStorage.setItem(STORAGE_KEY, key);
  },
  signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};

/** An admin API call with the session's key. A 401 (key revoked meanwhile) ends the session. */
export async function adminApi(path, options = {}) {
  const res = await apiFetch(path, { ...options, key: session.key });
  if (res.status === 401) endSession(res.error);
  return res;
}

function endSession(error) {
  session.signOut();
  window.dispatchEvent(new CustomEvent('tollgate:signed-out', { detail: error.message }));
}

/**
 * Saves a file the admin API answers (a PDF, a CSV) under `filename`. A link cannot carry the Authorization header and
 * the key must never go in a URL, so the file is fetched with the header and handed to the browser as a blob.
 * Resolves to {ok: true} or {ok: false, error}.
 */
export async function adminDownload(path, { accept, filename }) {
  let res;
  try {
    res = await fetch(path, { headers: { Accept: accept, Authorization: `Bearer ${session.key}` } });
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
  if (!res.ok) {
    const error = apiError(res, await res.json().catch(() => null));
    if (res.status === 401) endSession(error);
    return { ok: false, error };
  }
  const url = URL.createObjectURL(await res.blob());
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click's download started; a minute is ample before the blob is freed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true };
}

/** Reads a list response, e.g. {plans: [...]}; throws with the API's error for the caller to show. */
export async function loadList(path, key) {
  const res = await adminApi(path);
  if (!res.ok) throw res.error;
  return res.data[key];
}

/** Plans and benefits together (most sections need both); throws the API's error for the caller to show. */
export async function loadCatalog() {
  const [plans, benefits] = await Promise.all([loadList('/v1/admin/plans', 'plans'), loadList('/v1/admin/benefits', 'benefits')]);
  return { plans, benefits };
}

/** Asks for confirmation in the page's <dialog>; resolves true when confirmed. */
export function confirmAction({ title, body, confirmLabel = 'Confirm', danger = false }) {
  const dialog = document.getElementById('confirm');
  replace(document.getElementById('confirm-title'), title);
  replace(document.getElementById('confirm-body'), ...(Array.isArray(body) ? body : [body]).map((p) => (p instanceof Node ? p : h('p', {}, p))));
  const ok = document.getElementById('confirm-ok');
  ok.textContent = confirmLabel;
  ok.className = danger ? 'danger' : '';
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
  });
}

/** A notice box for the outcome of an action (role=status, announced politely). */
export function notice() {
  return h('p', { class: 'notice', role: 'status', 'aria-live': 'polite' });
}

export function say(el, kind, text) {
  el.className = `notice ${kind}`;
  replace(el, text);
}

/** The statuses something is created in: on sale at once, or kept hidden as a draft (plans, offers). */
export const CREATE_STATUS_OPTIONS = [
  { value: 'active', label: 'Active (on sale)' },
  { value: 'draft', label: 'Draft (hidden)' },
];

/**
 * A catalog section (plans, offers): its heading, the outcome of the last action, the "Create …" form folded in a
 * panel, then a panel per item, or a line saying there is none.
 */
export function catalogPage(container, { title, createLabel, createForm, listLabel, panels, empty, message }) {
  const status = notice();
  const createId = uid('create-heading');
  replace(
    container,
    h('h1', {}, title),
    status,
    h('section', { class: 'panel', 'aria-labelledby': createId }, h('details', {}, h('summary', { id: createId }, createLabel), createForm)),
    h('section', { 'aria-label': listLabel }, panels.length ? panels : h('p', {}, empty)),
  );
  if (message) say(status, 'ok', message);
}

/** An error loading a section, shown in place of its content. */
export function loadError(error) {
  return h('p', { class: 'notice error', role: 'alert' }, `${error.message ?? 'Request failed'} (${error.code ?? 'ERROR'})`);
}

/** The API's error with its code beside each message, so staff can look the code up. */
export function withCodes(error) {
  return { ...error, details: (error.details ?? []).map((d) => ({ ...d, message: `${d.message} (${error.code})` })) };
}

/** Reads a form into a JSON body: numbers for numeric inputs that hold an integer, the raw text otherwise (so the
 *  API, not the page, decides what is valid and reports it next to the field). Empty optional fields are left out,
 *  those in `keepEmpty` sent as '', those in `nullable` as null (a setting that can be cleared). */
export function formBody(form, { numbers = [], arrays = [], keepEmpty = [], nullable = [] } = {}) {
  const data = new FormData(form);
  const body = {};
  for (const name of arrays) body[name] = data.getAll(name);
  for (const [name, raw] of data.entries()) {
    if (arrays.includes(name)) continue;
    const value = String(raw).trim();
    if (value === '' && nullable.includes(name)) {
      setPath(body, name, null);
      continue;
    }
    if (value === '' && !keepEmpty.includes(name)) continue;
    const parsed = numbers.includes(name) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    setPath(body, name, parsed);
  }
  return body;
}

function setPath(obj, path, value) {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = cur[p] ??= {};
  cur[parts.at(-1)] = value;
}

/** Formats minor units like the API does (whole units, rounded down, Indian grouping) for previews. */
export function formatMinor(amountMinor, currency) {
  try {
    const fmt = new Intl.NumberFormat('en-IN', { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 });
    const exponent = new Intl.NumberFormat('en-IN', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    return fmt.format(Math.floor(amountMinor / 10 ** exponent));
  } catch {
    return `${amountMinor} ${currency} (minor units)`;
  }
}

/** datetime-local gives local wall time; the API wants a UTC instant. Unparseable input goes through as typed. */
export function toInstant(local) {
  const d = new Date(local);
  return local && !Number.isNaN(d.getTime()) ? d.toISOString() : local;
}

/** An instant as a datetime-local value (local wall time, to the minute), or '' for none. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-IN', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A table with a caption and column headers; each cell carries its column's name so that on a phone the rows
 * stack into labelled cards instead of scrolling sideways (unless `stack` is false: a wide table of figures read
 * across, which scrolls inside its own `.table-wrap`). rows: [{attrs?, cells: [...]}].
 */
export function dataTable(caption, columns, rows, { stack = true, className } = {}) {
  return h(
    'table',
    { class: [stack ? 'stack' : null, className].filter(Boolean).join(' ') || null },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) => tableRow(columns, r)),
    ),
  );
}

export function tableRow(columns, { attrs = {}, cells }) {
  return h(
    'tr',
    attrs,
    cells.map((cell, i) => h('td', { dataset: { label: columns[i] } }, cell)),
  );
}
