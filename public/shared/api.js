// Shared by the staff console and the paywall page: JSON calls to the public HTTP API, a small DOM builder that
// never goes through innerHTML (API strings are data, not markup), and validation errors shown next to fields.

/** Calls the API; resolves to {ok, status, data} or {ok: false, status, error: {code, message, details?}}. */
export async function apiFetch(path, { method = 'GET', body, key, cache = 'default' } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers.Authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch(path, { method, headers, cache, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, error: NETWORK_ERROR };
  }
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (res.ok) return { ok: true, status: res.status, data };
  return { ok: false, status: res.status, error: apiError(res, data) };
}

/** The API's error body ({code, message, details?}), or one made from the status when the body is none. */
export function apiError(res, data) {
  return data && typeof data.code === 'string' ? data : { code: `HTTP_${res.status}`, message: res.statusText || 'Request failed' };
}

/** The message of a fetch that could not reach the service. */
export const NETWORK_ERROR = { code: 'NETWORK_ERROR', message: 'The service could not be reached.' };

/** h('p', {class: 'x'}, 'text', child): builds an element; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Empties an element and fills it with new children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let idCounter = 0;
/** A unique element id with a readable prefix. */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * A labelled form field. `name` is the API's field path (e.g. "price.amountMinor"): validation errors whose
 * `details[].field` is that path (or starts with it) appear in the field's own error slot.
 */
export function field({ name, label, type = 'text', value, hint, required, options, attrs = {} }) {
  const id = uid(`f-${name.replace(/[^a-zA-Z0-9]/g, '-')}`);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  let control;
  if (type === 'select') {
    control = h(
      'select',
      { id, name, 'aria-describedby': describedBy, required, ...attrs },
      (options ?? []).map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
    );
  } else if (type === 'textarea') {
    control = h('textarea', { id, name, 'aria-describedby': describedBy, required, rows: 2, ...attrs }, value ?? '');
  } else {
    control = h('input', { id, name, type, value: value ?? '', 'aria-describedby': describedBy, required, ...attrs });
  }
  return h(
    'div',
    { class: 'field', dataset: { field: name } },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId, dataset: { errorFor: name } }),
  );
}

/** A group of checkboxes under one API field name (an array of values). */
export function checkboxGroup({ name, legend, options, checked = [] }) {
  const errorId = uid(`f-${name}-error`);
  return h(
    'fieldset',
    { class: 'field checkbox-group', dataset: { field: name }, 'aria-describedby': errorId },
    h('legend', {}, legend),
    h(
      'div',
      { class: 'checkbox-list' },
      options.map((o) => {
        const id = uid(`cb-${name}`);
        return h(
          'div',
          { class: 'checkbox' },
          h('input', { type: 'checkbox', id, name, value: o.value, checked: checked.includes(o.value) }),
          h('label', { for: id }, o.label),
        );
      }),
    ),
    h('p', { class: 'field-error', id: errorId, dataset: { errorFor: name } }),
  );
}

/** Clears the error messages of a form (and its form-level alert). */
export function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const alert = form.querySelector('.form-alert');
  if (alert) replace(alert);
}

/**
 * Shows an API error on a form: each `details[].field` next to its field (the longest matching field path, so
 * "price.amountMinor" lands on that input and "benefitCodes.0" on the benefit list); anything else in the
 * form's alert. Focuses the first invalid control, unless `focus` is false (a live check while someone types must
 * not move their cursor).
 */
export function showErrors(form, error, { focus = true } = {}) {
  clearErrors(form);
  const fields = [...form.querySelectorAll('[data-field]')].map((el) => ({ el, name: el.dataset.field }));
  const unplaced = [];
  let first = null;
  for (const detail of error.details ?? []) {
    const path = detail.field ?? '';
    const match = fields.filter((f) => path === f.name || path.startsWith(`${f.name}.`)).sort((a, b) => b.name.length - a.name.length)[0];
    if (!match) {
      unplaced.push(detail.field ? `${detail.field}: ${detail.message}` : detail.message);
      continue;
    }
    const slot = match.el.querySelector('.field-error');
    slot.textContent = slot.textContent ? `${slot.textContent} ${detail.message}` : detail.message;
    const control = match.el.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    }
  }
  const alert = form.querySelector('.form-alert');
  const placedAll = (error.details ?? []).length > 0 && unplaced.length === 0;
  if (alert && !placedAll) {
    replace(
      alert,
      h('strong', {}, `${error.message ?? 'Request failed'}`),
      ` (${error.code})`,
      unplaced.length
        ? h(
            'ul',
            {},
            unplaced.map((u) => h('li', {}, u)),
          )
        : null,
    );
  }
  if (focus) (first ?? alert)?.focus?.();
}

/** The form-level alert slot every form carries (role=alert so screen readers announce it). */
export function formAlert() {
  return h('div', { class: 'form-alert', role: 'alert', tabindex: '-1' });
}

/**
 * An amount a reader pays, exact to the minor unit (₹499.50, never rounded down to ₹499 as a list price's `formatted`
 * is), in Indian grouping: how an offer's price is shown wherever a reader or staff see it.
 */
export function formatMoneyExact({ amountMinor, currency }) {
  try {
    const digits = new Intl.NumberFormat('en-IN', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    const fraction = amountMinor % 10 ** digits === 0 ? 0 : digits;
    const fmt = new Intl.NumberFormat('en-IN', { style: 'currency', currency, minimumFractionDigits: fraction, maximumFractionDigits: fraction });
    return fmt.format(amountMinor / 10 ** digits);
  } catch {
    return `${amountMinor} ${currency} (minor units)`;
  }
}
