// Outbound webhooks: the publisher's endpoints that Tollgate POSTs signed events to, each with its deliveries. A signing
// secret is shown once, right after it is made (create, rotate), and never again: the API has no route that reads it.
import { checkboxGroup, clearErrors, field, formAlert, h, replace, showErrors, uid } from '/shared/api.js';
import { adminApi, catalogPage, confirmAction, dataTable, formBody, loadError, loadList, notice, say, tableRow, withCodes } from '/admin/session.js';

const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'];
const DELIVERY_COLUMNS = ['Event', 'Status', 'Attempts', 'Last response', 'Last attempt', 'Next attempt', 'Created', 'Delivered', 'Action'];

/** Date and time in the reader's own locale and time zone, the zone named ("6 Dec 2026, 09:30 am IST" in India). */
const TIME_FORMAT = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
const at = (iso) => (iso ? h('time', { datetime: iso }, new Date(iso).toLocaleString(undefined, TIME_FORMAT)) : '—');

const endpointPath = (id, rest = '') => `/v1/admin/webhook-endpoints/${encodeURIComponent(id)}${rest}`;

/**
 * The event types and family wildcards an endpoint may subscribe to, as the API accepts them: the `enum` of the create
 * body's `events` in the service's own OpenAPI document (src/events/domain/event-types.ts EVENT_PATTERNS). The document
 * is large (~150 KB) and changes only with a new release, so it is read once per page load; null when it cannot be read
 * (and then asked again on the next render).
 */
let eventPatterns = null;
async function loadEventPatterns() {
  if (eventPatterns) return eventPatterns;
  const res = await adminApi('/docs-json');
  const patterns = res.ok ? res.data?.components?.schemas?.WebhookEndpointCreateDto?.properties?.events?.items?.enum : null;
  eventPatterns = Array.isArray(patterns) ? patterns : null;
  return eventPatterns;
}

const familyOf = (pattern) => pattern.slice(0, pattern.indexOf('.'));

const isWildcard = (pattern) => pattern.endsWith('.*');

/** The events checkboxes, a line per family (subscription, invoice, …): its wildcard first, then its event types. */
function eventsGroup(patterns) {
  const families = [...new Set(patterns.map(familyOf))].map((family) =>
    patterns.filter((p) => familyOf(p) === family).sort((x, y) => Number(isWildcard(y)) - Number(isWildcard(x))),
  );
  const options = families.flat().map((p) => ({ value: p, label: isWildcard(p) ? `${p} (every ${familyOf(p)} event)` : p }));
  const group = checkboxGroup({ name: 'events', legend: 'Events to send', options });
  const list = group.querySelector('.checkbox-list');
  const boxes = new Map([...list.children].map((box) => [box.querySelector('input').value, box]));
  replace(
    list,
    families.map((family) =>
      h(
        'div',
        { class: 'event-family' },
        family.map((p) => boxes.get(p)),
      ),
    ),
  );
  list.classList.add('event-families');
  return group;
}

function createForm(patterns, onCreated) {
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true, 'aria-label': 'Add an endpoint' },
    h('div', { class: 'wide' }, formAlert()),
    h(
      'div',
      { class: 'wide' },
      field({
        name: 'url',
        label: 'URL',
        type: 'url',
        required: true,
        hint: 'http(s), reachable from the service, e.g. https://crm.example.com/hooks/tollgate; private and loopback addresses are refused.',
        attrs: { autocomplete: 'off', spellcheck: 'false', inputmode: 'url' },
      }),
    ),
    h(
      'div',
      { class: 'wide' },
      patterns
        ? eventsGroup(patterns)
        : h(
            'p',
            { class: 'notice error', role: 'alert' },
            'The event types could not be loaded from the service: reload the page to add an endpoint.',
          ),
    ),
    h('div', { class: 'wide' }, field({ name: 'description', label: 'Description (optional)', hint: 'For your team, e.g. CRM: failed payments' })),
    h('div', { class: 'wide actions' }, h('button', { type: 'submit' }, 'Add endpoint')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const res = await adminApi('/v1/admin/webhook-endpoints', { method: 'POST', body: formBody(form, { arrays: ['events'] }) });
    if (!res.ok) return showErrors(form, withCodes(res.error));
    onCreated(`Endpoint ${res.data.url} added: its events are sent to it from now on.`, { ...res.data, made: 'added' });
  });
  return form;
}

/** The secret of an endpoint just added or rotated, with a copy button: the only time it is ever shown. */
function secretBox(shown, onDismiss) {
  const headingId = uid('secret-heading');
  const copied = notice();
  const value = h('code', { class: 'secret-value' }, shown.secret);
  const copy = h('button', { type: 'button' }, 'Copy secret');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(shown.secret);
      say(copied, 'ok', 'Copied to the clipboard.');
    } catch {
      window.getSelection().selectAllChildren(value);
      say(copied, 'error', 'The browser did not allow copying: the secret is selected, copy it with Ctrl+C (⌘C on a Mac).');
    }
  });
  const done = h('button', { type: 'button', class: 'secondary' }, 'I have stored it');
  done.addEventListener('click', onDismiss);
  return h(
    'section',
    { class: 'secret-box', 'aria-labelledby': headingId, tabindex: '-1' },
    h('h2', { id: headingId }, `Signing secret ${shown.made === 'rotated' ? 'rotated' : 'created'}: copy it now`),
    h(
      'p',
      {},
      h('strong', {}, 'This secret will not be shown again. '),
      'Your receiver at ',
      h('span', { class: 'url' }, shown.url),
      ' needs it to check the Tollgate-Signature header of each delivery. If it is lost, rotate the secret to get a new one.',
    ),
    value,
    h('div', { class: 'actions' }, copy, done),
    copied,
  );
}

/**
 * A delivery's last answer: the receiver's HTTP status and the error Tollgate noted (the service notes a bad status as
 * "HTTP 500" itself: said once), or a dash before any attempt.
 */
function lastResponse(d) {
  const code = typeof d.lastStatusCode === 'number' ? `HTTP ${d.lastStatusCode}` : null;
  const parts = [code, d.lastError === code ? null : d.lastError].filter(Boolean);
  return parts.length ? parts.join(': ') : '—';
}

function deliveryRow(d, retry) {
  // The service sends any delivery again (a replay of a success too); one pending and never tried is on its way anyway.
  const canRetry = d.status !== 'pending' || d.attempts > 0;
  const button = canRetry
    ? h('button', { type: 'button', class: 'secondary small' }, 'Retry', h('span', { class: 'visually-hidden' }, ` ${d.eventType} ${d.id}`))
    : null;
  button?.addEventListener('click', () => retry(d, button));
  return {
    attrs: { dataset: { delivery: d.id } },
    cells: [
      h('span', { class: 'event' }, d.eventType, h('span', { class: 'event-id' }, d.eventId)),
      h('span', { class: `badge ${d.status}` }, d.status),
      String(d.attempts),
      lastResponse(d),
      at(d.lastAttemptAt),
      at(d.nextAttemptAt),
      at(d.createdAt),
      at(d.deliveredAt),
      button ?? '—',
    ],
  };
}

/** The endpoint's deliveries, newest first, filtered by status, each tried one with a Retry button. */
async function showDeliveries(box, endpoint, statusFilter = '') {
  const status = notice();
  const filter = h(
    'form',
    { class: 'range-form', 'aria-label': `Filter the deliveries to ${endpoint.url}` },
    field({
      name: 'status',
      label: 'Status',
      type: 'select',
      value: statusFilter,
      options: [{ value: '', label: 'Any' }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: s }))],
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show')),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    showDeliveries(box, endpoint, new FormData(filter).get('status'));
  });
  replace(box, filter, h('p', { 'aria-busy': 'true' }, 'Loading deliveries…'));
  const query = statusFilter ? `?status=${encodeURIComponent(statusFilter)}` : '';
  const res = await adminApi(endpointPath(endpoint.id, `/deliveries${query}`));
  if (!res.ok) {
    // A service without the delivery routes (an older version) answers the route itself with 404 NOT_FOUND.
    const why = res.error.code === 'NOT_FOUND' ? 'this version of the service keeps no delivery history yet' : res.error.message;
    const text = `The deliveries cannot be shown right now: ${why} (${res.error.code}). The endpoint itself is not affected.`;
    return replace(box, filter, h('p', { class: 'notice info', role: 'status' }, text));
  }
  const deliveries = res.data.deliveries;
  const retry = async (d, button) => {
    button.disabled = true;
    const out = await adminApi(`/v1/admin/webhook-deliveries/${encodeURIComponent(d.id)}/retry`, { method: 'POST' });
    if (!out.ok) {
      button.disabled = false;
      return say(status, 'error', `Retry of ${d.eventType} (${d.id}) failed: ${out.error.message} (${out.error.code})`);
    }
    box.querySelector(`tr[data-delivery="${CSS.escape(d.id)}"]`).replaceWith(tableRow(DELIVERY_COLUMNS, deliveryRow(out.data, retry)));
    say(status, 'ok', `${d.eventType} (${d.id}) queued to be sent again: now ${out.data.status}.`);
  };
  const which = statusFilter ? `${statusFilter} ` : '';
  replace(
    box,
    filter,
    status,
    deliveries.length === 0
      ? h('p', {}, `No ${which}deliveries yet.`)
      : dataTable(
          `${deliveries.length} ${which}deliver${deliveries.length === 1 ? 'y' : 'ies'}, newest first`,
          DELIVERY_COLUMNS,
          deliveries.map((d) => deliveryRow(d, retry)),
          { className: 'deliveries' },
        ),
  );
}

function fact(term, value, attrs = {}) {
  return h('div', attrs, h('dt', {}, term), h('dd', {}, value));
}

function endpointPanel(endpoint, refresh) {
  const status = notice();
  const headingId = uid('endpoint');
  const enabled = endpoint.status === 'enabled';
  const fail = (error) => say(status, 'error', `${error.message} (${error.code})`);

  const toggle = h('button', { type: 'button', class: 'secondary' }, enabled ? 'Disable' : 'Enable');
  toggle.addEventListener('click', async () => {
    const res = await adminApi(endpointPath(endpoint.id), { method: 'PATCH', body: { status: enabled ? 'disabled' : 'enabled' } });
    if (!res.ok) return fail(res.error);
    refresh(enabled ? `Endpoint ${endpoint.url} disabled: nothing is sent to it until it is enabled.` : `Endpoint ${endpoint.url} enabled.`);
  });

  const rotate = h('button', { type: 'button', class: 'secondary' }, 'Rotate secret');
  rotate.addEventListener('click', async () => {
    const ok = await confirmAction({
      title: 'Rotate the signing secret?',
      body: [
        `The secret of ${endpoint.url} is replaced at once: deliveries from now on are signed with the new one, so the receiver must be given it straight away.`,
        'The new secret is shown once.',
      ],
      confirmLabel: 'Rotate secret',
      danger: true,
    });
    if (!ok) return;
    const res = await adminApi(endpointPath(endpoint.id, '/rotate-secret'), { method: 'POST' });
    if (!res.ok) return fail(res.error);
    refresh(`The signing secret of ${endpoint.url} was rotated.`, { ...res.data, made: 'rotated' });
  });

  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
  remove.addEventListener('click', async () => {
    const ok = await confirmAction({
      title: 'Delete this endpoint?',
      body: [`Nothing more is sent to ${endpoint.url}. This cannot be undone: to pause deliveries, disable it instead.`],
      confirmLabel: 'Delete endpoint',
      danger: true,
    });
    if (!ok) return;
    const res = await adminApi(endpointPath(endpoint.id), { method: 'DELETE' });
    if (!res.ok) return fail(res.error);
    refresh(`Endpoint ${endpoint.url} deleted.`, undefined, endpoint.id);
  });

  const deliveriesBox = h('div', {});
  const deliveries = h('details', { class: 'deliveries' }, h('summary', {}, 'Deliveries'), deliveriesBox);
  deliveries.addEventListener('toggle', () => {
    if (deliveries.open && !deliveriesBox.hasChildNodes()) showDeliveries(deliveriesBox, endpoint);
  });

  return h(
    'article',
    { class: 'panel endpoint', dataset: { endpoint: endpoint.id }, 'aria-labelledby': headingId },
    h('h2', { id: headingId }, h('span', { class: 'url' }, endpoint.url), h('span', { class: `badge ${endpoint.status}` }, endpoint.status)),
    h(
      'dl',
      { class: 'facts' },
      fact(
        'Events',
        h(
          'ul',
          { class: 'events' },
          endpoint.events.map((e) => h('li', {}, e)),
        ),
        { class: 'wide' },
      ),
      fact('Description', endpoint.description ?? '—'),
      fact('Created', at(endpoint.createdAt)),
      fact('Last changed', at(endpoint.updatedAt)),
    ),
    status,
    h('div', { class: 'actions' }, toggle, rotate, remove),
    deliveries,
  );
}

/**
 * The section. `shown` is a secret just made ({id, url, secret, made}); it survives the section's own refreshes
 * (disabling another endpoint must not lose it) until dismissed or its endpoint is deleted, never a page reload.
 */
export async function outboundWebhooksSection(container, message, shown = null) {
  const loaded = await Promise.all([loadList('/v1/admin/webhook-endpoints', 'webhookEndpoints'), loadEventPatterns()]).catch((error) => error);
  if (!Array.isArray(loaded)) return replace(container, h('h1', {}, 'Outbound webhooks'), loadError(loaded));
  const [endpoints, patterns] = loaded;
  let secret = shown;
  const refresh = (text, made, deletedId) => {
    const keep = made ?? secret;
    outboundWebhooksSection(container, text, keep && keep.id !== deletedId ? keep : null);
  };
  catalogPage(container, {
    title: 'Outbound webhooks',
    createLabel: 'Add an endpoint',
    createForm: createForm(patterns, refresh),
    listLabel: 'Endpoints',
    panels: endpoints.map((e) => endpointPanel(e, refresh)),
    empty: 'No endpoints yet: add one to send subscription, payment, grant and invoice events to your own systems.',
    message,
  });
  container
    .querySelector('h1')
    .after(
      h(
        'p',
        { class: 'muted' },
        'Tollgate POSTs each event to every enabled endpoint that subscribes to it, signed with the endpoint’s secret in the ' +
          'Tollgate-Signature header, and retries a failed delivery for three days.',
      ),
    );
  if (!secret) return;
  const box = secretBox(secret, () => {
    secret = null;
    box.remove();
  });
  container.querySelector('.notice').after(box);
  box.focus();
}
