// The audit log: every admin write, newest first, with who (the key's name), what, and before/after.
import { h, replace } from '/shared/api.js';
import { adminApi, dataTable, loadError, tableRow, when } from '/admin/session.js';

const PAGE = 50;

function changes(entry) {
  return h(
    'details',
    {},
    h('summary', {}, 'Before / after'),
    h('pre', {}, `before: ${JSON.stringify(entry.before, null, 2)}\nafter: ${JSON.stringify(entry.after, null, 2)}`),
  );
}

const COLUMNS = ['When', 'Who', 'Action', 'Entity', 'Changes'];

function row(e) {
  return tableRow(COLUMNS, { cells: [when(e.createdAt), e.actor, e.action, `${e.entityType} ${e.entityId}`, changes(e)] });
}

export async function auditSection(container) {
  const table = dataTable('Admin changes, newest first', COLUMNS, []);
  const body = table.tBodies[0];
  const more = h('button', { type: 'button', class: 'secondary' }, 'Load older entries');
  let beforeSeq = null;
  const load = async () => {
    const res = await adminApi(`/v1/admin/audit-log?limit=${PAGE}${beforeSeq ? `&beforeSeq=${beforeSeq}` : ''}`);
    if (!res.ok) return container.append(loadError(res.error));
    body.append(...res.data.entries.map(row));
    beforeSeq = res.data.entries.at(-1)?.seq ?? beforeSeq;
    more.hidden = res.data.entries.length < PAGE;
  };
  more.addEventListener('click', load);
  replace(container, h('h1', {}, 'Audit log'), h('div', { class: 'table-wrap' }, table), h('div', { class: 'actions' }, more));
  await load();
}
