// Benefits: create, rename and describe them, and see which plans include each (edit inclusion on a plan).
import { clearErrors, field, formAlert, h, replace, showErrors } from '/shared/api.js';
import { adminApi, dataTable, formBody, loadCatalog, loadError, notice, say } from '/admin/session.js';

function createForm(onDone) {
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true, 'aria-label': 'Create a benefit' },
    h('div', { class: 'wide' }, formAlert()),
    field({ name: 'code', label: 'Code', hint: 'lower_snake_case, unique, e.g. podcasts', required: true }),
    field({ name: 'name', label: 'Name', required: true }),
    h('div', { class: 'wide' }, field({ name: 'description', label: 'Description', type: 'textarea' })),
    h('div', { class: 'wide actions' }, h('button', { type: 'submit' }, 'Create benefit')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const res = await adminApi('/v1/admin/benefits', { method: 'POST', body: formBody(form) });
    if (!res.ok) return showErrors(form, res.error);
    onDone(`Benefit ${res.data.code} created.`);
  });
  return form;
}

function editForm(benefit, onDone) {
  const form = h(
    'form',
    { novalidate: true, 'aria-label': `Edit ${benefit.name}` },
    formAlert(),
    field({ name: 'name', label: 'Name', value: benefit.name, required: true }),
    field({ name: 'description', label: 'Description', type: 'textarea', value: benefit.description ?? '' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Save')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = formBody(form, { keepEmpty: ['name', 'description'] });
    const res = await adminApi(`/v1/admin/benefits/${encodeURIComponent(benefit.code)}`, { method: 'PATCH', body });
    if (!res.ok) return showErrors(form, res.error);
    onDone(`Benefit ${benefit.code} saved.`);
  });
  return form;
}

export async function benefitsSection(container, message) {
  const catalog = await loadCatalog().catch((error) => error);
  if (!catalog.plans) return replace(container, h('h1', {}, 'Benefits'), loadError(catalog));
  const { plans, benefits } = catalog;
  const includedIn = (code) => plans.filter((p) => p.benefits.some((b) => b.code === code)).map((p) => p.name);
  const status = notice();
  const refresh = (text) => benefitsSection(container, text);
  replace(
    container,
    h('h1', {}, 'Benefits'),
    h('p', { class: 'muted' }, 'Which plans include a benefit is edited on the plan (Plans → Benefits).'),
    status,
    h('section', { class: 'panel' }, h('details', {}, h('summary', {}, 'Create a benefit'), createForm(refresh))),
    dataTable(
      `${benefits.length} benefits`,
      ['Code', 'Name and description', 'Included in', 'Edit'],
      benefits.map((b) => ({
        attrs: { dataset: { benefit: b.code } },
        cells: [
          b.code,
          [h('strong', {}, b.name), b.description ? h('div', { class: 'muted' }, b.description) : null],
          includedIn(b.code).join(', ') || 'No plan',
          h('details', {}, h('summary', {}, h('span', {}, 'Edit'), h('span', { class: 'visually-hidden' }, ` ${b.name}`)), editForm(b, refresh)),
        ],
      })),
    ),
  );
  if (message) say(status, 'ok', message);
}
