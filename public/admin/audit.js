// The audit log: every admin write, newest first, with who (the key's name), what, and before/after.
import { h, replace } from '/shared/api.js';
import { adminApi, loadError, when } from '/admin/session.js';

const PAGE = 50;

function changes(entry) {
  return h('details', {}, h('summary', {}, 'Before / after'),
    h('pre', {}, `before: ${JSON.stringify(entry.before, null, 2)}\nafter: ${JSON.stringify(entry.after, null, 2)}`));
}

function row(e) {
  return h('tr', {}, h('td', {}, when(e.createdAt)), h('td', {}, e.actor), h('td', {}, e.action),
    h('td', {}, `${e.entityType} ${e.entityId}`), h('td', {}, changes(e)));
}

export async function auditSection(container) {
  const body = h('tbody', {});
  const more = h('button', { type: 'button', class: 'secondary' }, 'Load older entries');
  let before = null;
  const load = async () => {
    const res = await adminApi(`/v1/admin/audit-log?limit=${PAGE}${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    if (!res.ok) return container.append(loadError(res.error));
    body.append(...res.data.entries.map(row));
    before = res.data.entries.at(-1)?.createdAt ?? before;
    more.hidden = res.data.entries.length < PAGE;
  };
  more.addEventListener('click', load);
  replace(container, h('h1', {}, 'Audit log'),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, 'Admin changes, newest first'),
      h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Entity', 'Changes'].map((c) => h('th', { scope: 'col' }, c)))),
      body)),
    h('div', { class: 'actions' }, more));
  await load();
}
