// Plans: the catalog with price history, effective monthly prices and subscriber counts; create a plan, add a price
// version (existing subscribers keep theirs), edit which benefits a plan includes, archive.
import { checkboxGroup, clearErrors, field, formAlert, h, replace, showErrors } from '/shared/api.js';
import {
  adminApi,
  catalogPage,
  confirmAction,
  CREATE_STATUS_OPTIONS,
  dataTable,
  formBody,
  formatMinor,
  loadCatalog,
  loadError,
  notice,
  say,
  when,
} from '/admin/session.js';

/** floor(price / months), formatted the API's way: the admin list carries it for the current price only. */
function monthly(money, months) {
  const amountMinor = Math.floor(money.amountMinor / months);
  return formatMinor(amountMinor, money.currency);
}

function planBenefitCodes(plan) {
  return plan.benefits.map((b) => b.code);
}

function createPlanForm(benefits, onCreated) {
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true, 'aria-label': 'Create a plan' },
    h('div', { class: 'wide' }, formAlert()),
    field({ name: 'code', label: 'Code', hint: 'lower_snake_case, unique, e.g. smart_monthly', required: true }),
    field({ name: 'name', label: 'Name', required: true }),
    field({
      name: 'intervalMonths',
      label: 'Billing period (months)',
      type: 'number',
      hint: '1 to 36 (3 = quarterly, 12 = yearly)',
      required: true,
      attrs: { min: 1, max: 36, step: 1 },
    }),
    field({
      name: 'price.amountMinor',
      label: 'Price (minor units)',
      type: 'number',
      hint: 'Integer paise: 90000 is ₹900',
      required: true,
      attrs: { min: 0, step: 1 },
    }),
    field({ name: 'price.currency', label: 'Currency', value: 'INR', hint: 'ISO 4217 code', required: true }),
    field({ name: 'sortOrder', label: 'Sort order', type: 'number', hint: 'Lower comes first on the paywall (optional)', attrs: { step: 1 } }),
    field({ name: 'status', label: 'Status', type: 'select', value: 'active', options: CREATE_STATUS_OPTIONS }),
    h('div', { class: 'wide' }, field({ name: 'description', label: 'Description', type: 'textarea' })),
    h(
      'div',
      { class: 'wide' },
      checkboxGroup({ name: 'benefitCodes', legend: 'Benefits included', options: benefits.map((b) => ({ value: b.code, label: b.name })) }),
    ),
    h('div', { class: 'wide actions' }, h('button', { type: 'submit' }, 'Create plan')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formBody(form, { numbers: ['intervalMonths', 'price.amountMinor', 'sortOrder'], arrays: ['benefitCodes'] });
    const res = await adminApi('/v1/admin/plans', { method: 'POST', body });
    if (!res.ok) return showErrors(form, res.error);
    form.reset();
    onCreated(`Plan ${res.data.code} created.`);
  });
  return form;
}

function addPriceForm(plan, onDone) {
  const current = plan.price;
  const form = h(
    'form',
    { novalidate: true, 'aria-label': `Add a price version to ${plan.name}` },
    formAlert(),
    field({
      name: 'amountMinor',
      label: 'New price (minor units)',
      type: 'number',
      hint: 'Integer paise: 100000 is ₹1,000',
      required: true,
      attrs: { min: 0, step: 1 },
    }),
    field({ name: 'currency', label: 'Currency', value: current.currency, required: true }),
    field({ name: 'stripePriceId', label: 'Existing Stripe price id (optional)', hint: 'Leave empty to have one created when Stripe is configured' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add price version')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formBody(form, { numbers: ['amountMinor'] });
    // Ask only about a price the API could accept; anything else goes straight to it for its field errors.
    const plausible = Number.isInteger(body.amountMinor) && body.amountMinor >= 0 && /^[A-Z]{3}$/.test(body.currency ?? '');
    const newPrice = plausible ? formatMinor(body.amountMinor, body.currency) : '';
    const subscribers = plan.subscriberCount;
    const ok =
      !plausible ||
      (await confirmAction({
        title: `New price for ${plan.name}`,
        body: [
          `New checkouts will pay ${newPrice} every ${plan.periodLabel}.`,
          `Existing subscribers keep their price: ${subscribers} current subscriber${subscribers === 1 ? '' : 's'} ` +
            `stay on what they signed up at (now ${current.formatted}). Price versions cannot be edited afterwards.`,
        ],
        confirmLabel: 'Add price version',
      }));
    if (!ok) return;
    const res = await adminApi(`/v1/admin/plans/${encodeURIComponent(plan.code)}/prices`, { method: 'POST', body });
    if (!res.ok) return showErrors(form, res.error);
    onDone(`${plan.name} now costs ${res.data.price.formatted} for new checkouts; existing subscribers keep their price.`);
  });
  return form;
}

function benefitsForm(plan, benefits, onDone) {
  // benefitCodes is the display order on the paywall: keep the plan's order, newly ticked ones go last.
  const included = planBenefitCodes(plan);
  const ordered = [...plan.benefits, ...benefits.filter((b) => !included.includes(b.code))];
  const form = h(
    'form',
    { novalidate: true, 'aria-label': `Benefits of ${plan.name}` },
    formAlert(),
    checkboxGroup({
      name: 'benefitCodes',
      legend: `Benefits ${plan.name} includes, in display order`,
      options: ordered.map((b) => ({ value: b.code, label: b.name })),
      checked: included,
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Save benefits')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = formBody(form, { arrays: ['benefitCodes'] });
    const res = await adminApi(`/v1/admin/plans/${encodeURIComponent(plan.code)}`, { method: 'PATCH', body });
    if (!res.ok) return showErrors(form, res.error);
    onDone(`Benefits of ${plan.name} saved.`);
  });
  return form;
}

function detailsForm(plan, onDone) {
  const statuses = ['draft', 'active', 'archived'].map((v) => ({ value: v, label: v }));
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true, 'aria-label': `Details of ${plan.name}` },
    h('div', { class: 'wide' }, formAlert()),
    field({ name: 'name', label: 'Name', value: plan.name, required: true }),
    field({ name: 'sortOrder', label: 'Sort order', type: 'number', value: plan.sortOrder, attrs: { step: 1 } }),
    field({ name: 'status', label: 'Status', type: 'select', value: plan.status, options: statuses }),
    h('div', { class: 'wide' }, field({ name: 'description', label: 'Description', type: 'textarea', value: plan.description })),
    h('div', { class: 'wide actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Save details')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = formBody(form, { numbers: ['sortOrder'], keepEmpty: ['name', 'description'] });
    const res = await adminApi(`/v1/admin/plans/${encodeURIComponent(plan.code)}`, { method: 'PATCH', body });
    if (!res.ok) return showErrors(form, res.error);
    onDone(`Details of ${res.data.name} saved.`);
  });
  return form;
}

function historyTable(plan) {
  const columns = ['Version', 'Price', 'Per month', 'Stripe price', 'Since'];
  return dataTable(
    `Price history of ${plan.name} (newest first)`,
    columns,
    plan.prices.map((v) => ({
      cells: [
        `v${v.version}${v.current ? ' (current)' : ''}`,
        v.price.formatted,
        monthly(v.price, plan.intervalMonths),
        v.stripePriceId ?? '—',
        when(v.createdAt),
      ],
    })),
  );
}

function planPanel(plan, benefits, refresh) {
  const status = notice();
  const archive = plan.status === 'archived' ? null : h('button', { type: 'button', class: 'danger' }, `Archive ${plan.name}`);
  archive?.addEventListener('click', async () => {
    const ok = await confirmAction({
      title: `Archive ${plan.name}?`,
      body: [
        'It disappears from the paywall (GET /v1/plans) and can no longer be bought.',
        `Its ${plan.subscriberCount} current subscriber(s) keep their subscription and price.`,
      ],
      confirmLabel: 'Archive plan',
      danger: true,
    });
    if (!ok) return;
    const res = await adminApi(`/v1/admin/plans/${encodeURIComponent(plan.code)}/archive`, { method: 'POST' });
    if (!res.ok) return say(status, 'error', `${res.error.message} (${res.error.code})`);
    refresh(`${plan.name} archived.`);
  });
  return h(
    'article',
    { class: 'panel', dataset: { plan: plan.code }, 'aria-labelledby': `plan-${plan.code}` },
    h('h3', { id: `plan-${plan.code}` }, plan.name, h('span', { class: `badge ${plan.status}` }, plan.status)),
    plan.description ? h('p', { class: 'muted' }, plan.description) : null,
    h(
      'dl',
      { class: 'facts' },
      fact('Code', plan.code),
      fact('Period', plan.periodLabel),
      fact('Current price', plan.price.formatted),
      fact('Effective monthly', plan.effectiveMonthly.formatted),
      fact('Subscribers', String(plan.subscriberCount)),
      fact('Sort order', String(plan.sortOrder)),
    ),
    status,
    historyTable(plan),
    h('details', {}, h('summary', {}, 'Add a price version'), addPriceForm(plan, refresh)),
    h('details', {}, h('summary', {}, `Benefits (${planBenefitCodes(plan).length})`), benefitsForm(plan, benefits, refresh)),
    h('details', {}, h('summary', {}, 'Name, description, order and status'), detailsForm(plan, refresh)),
    archive ? h('div', { class: 'actions' }, archive) : null,
  );
}

function fact(term, value) {
  return h('div', {}, h('dt', {}, term), h('dd', {}, value));
}

export async function plansSection(container, message) {
  const catalog = await loadCatalog().catch((error) => error);
  if (!catalog.plans) return replace(container, h('h1', {}, 'Plans'), loadError(catalog));
  const { plans, benefits } = catalog;
  const refresh = (text) => plansSection(container, text);
  catalogPage(container, {
    title: 'Plans',
    createLabel: 'Create a plan',
    createForm: createPlanForm(benefits, refresh),
    listLabel: 'All plans',
    panels: plans.map((p) => planPanel(p, benefits, refresh)),
    empty: 'No plans yet.',
    message,
  });
}
