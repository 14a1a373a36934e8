// Stripe webhook events: list them by status (failed first) and replay one whose processing failed.
import { field, h, replace } from '/shared/api.js';
import { adminApi, dataTable, loadError, notice, say, when } from '/admin/session.js';

const STATUSES = ['failed', 'received', 'processed', 'ignored'];

export async function webhooksSection(container, statusFilter = 'failed', message) {
  const res = await adminApi(`/v1/admin/webhook-events?status=${encodeURIComponent(statusFilter)}`);
  const status = notice();
  const filter = h(
    'form',
    { class: 'panel', 'aria-label': 'Filter webhook events' },
    field({
      name: 'status',
      label: 'Show events with status',
      type: 'select',
      value: statusFilter,
      options: STATUSES.map((s) => ({ value: s, label: s })),
    }),
    h('button', { type: 'submit', class: 'secondary' }, 'Show'),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    webhooksSection(container, new FormData(filter).get('status'));
  });
  if (!res.ok) return replace(container, h('h1', {}, 'Webhook events'), filter, loadError(res.error));
  const events = res.data.events;
  const replay = async (event, button) => {
    button.disabled = true;
    const out = await adminApi(`/v1/admin/webhook-events/${encodeURIComponent(event.id)}/replay`, { method: 'POST' });
    if (!out.ok) {
      button.disabled = false;
      return say(status, 'error', `Replay of ${event.id} failed: ${out.error.message} (${out.error.code})`);
    }
    if (out.data.status === 'failed') {
      button.disabled = false;
      return say(status, 'error', `Replayed ${event.id}, but it failed again: ${out.data.lastError ?? 'no reason given'}`);
    }
    webhooksSection(container, statusFilter, `Replayed ${event.id}: now ${out.data.status}.`);
  };
  replace(
    container,
    h('h1', {}, 'Webhook events'),
    filter,
    status,
    events.length === 0
      ? h('p', {}, `No ${statusFilter} events.`)
      : dataTable(
          `${events.length} ${statusFilter} event${events.length === 1 ? '' : 's'}`,
          ['Event', 'Type', 'Status', 'Attempts', 'Last error', 'Received', 'Action'],
          events.map((e) => {
            const button = h('button', { type: 'button', class: 'secondary' }, 'Replay', h('span', { class: 'visually-hidden' }, ` ${e.id}`));
            button.addEventListener('click', () => replay(e, button));
            return {
              attrs: { dataset: { event: e.id } },
              cells: [
                e.id,
                e.type,
                h('span', { class: `badge ${e.status}` }, e.status),
                String(e.attempts),
                e.lastError ?? '—',
                when(e.receivedAt),
                e.status === 'processed' ? '—' : button,
              ],
            };
          }),
        ),
  );
  if (message) say(status, 'ok', message);
}
