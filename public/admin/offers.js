// Offers: trials, introductory prices and percentage discounts on plans, automatic or behind a promotion code. The create
// form previews, while staff type, what a reader will be shown on each plan: the first-period price and the disclosure
// of the full price, both computed by the service (POST /v1/admin/offers/preview), never typed here.
import { checkboxGroup, clearErrors, field, formAlert, formatMoneyExact, h, replace, showErrors, uid } from '/shared/api.js';
import {
  adminApi,
  catalogPage,
  confirmAction,
  CREATE_STATUS_OPTIONS,
  formBody,
  loadError,
  loadList,
  notice,
  say,
  toInstant,
  toLocalInput,
  when,
  withCodes,
} from '/admin/session.js';

const KINDS = [
  { value: 'trial', label: 'Free trial' },
  { value: 'intro_price', label: 'Introductory price' },
  { value: 'percent_off', label: 'Percentage off' },
];
/** The term fields each kind takes; the others are hidden and not sent. */
const TERMS_OF = { trial: ['trialDays'], intro_price: ['introPriceMinor', 'introPeriods'], percent_off: ['percentOff', 'introPeriods'] };
const TERM_FIELDS = ['trialDays', 'introPriceMinor', 'introPeriods', 'percentOff'];
const PREVIEW_DELAY_MS = 300;

/** "499.50" rupees as 49950 paise, in integers only (no floating point); null when the text is not an amount. */
function rupeesToPaise(text) {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(String(text).replace(/[₹,\s]/g, ''));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

const periods = (n) => `${n} billing period${n === 1 ? '' : 's'}`;

/** The terms in a few words, e.g. "₹1 for 1 billing period" or "50% off, forever". */
function termsText(o) {
  if (o.kind === 'trial') return `Free for ${o.trialDays} day${o.trialDays === 1 ? '' : 's'}`;
  if (o.kind === 'intro_price') {
    const currency = o.previews[0]?.introPrice.currency ?? 'INR';
    return `${formatMoneyExact({ amountMinor: o.introPriceMinor, currency })} for ${periods(o.introPeriods)}`;
  }
  return `${o.percentOff}% off ${o.introPeriods === null ? 'for as long as they stay' : `for ${periods(o.introPeriods)}`}`;
}

/** Reads the create form into the API's body: only the kind's terms, the price in paise, dates as instants. */
function offerBody(form) {
  const body = formBody(form, { numbers: ['trialDays', 'introPeriods', 'percentOff', 'maxRedemptions'], arrays: ['planCodes'] });
  const kind = body.kind;
  for (const name of TERM_FIELDS) if (!TERMS_OF[kind]?.includes(name)) delete body[name];
  body.firstTimeOnly = form.elements.firstTimeOnly.checked;
  for (const name of ['startsAt', 'endsAt']) if (body[name]) body[name] = toInstant(body[name]);
  if (body.introPriceMinor === undefined) return { body };
  const paise = rupeesToPaise(body.introPriceMinor);
  if (paise === null) {
    const message = 'Enter an amount in rupees, e.g. 1 or 499.50';
    return { body, error: { code: 'VALIDATION_FAILED', message, details: [{ field: 'introPriceMinor', message }] } };
  }
  return { body: { ...body, introPriceMinor: paise } };
}

/** The preview's answer: the first-period price and the disclosure on each plan, or why there is none yet. */
function renderPreview(box, res, planName) {
  if (!res) return replace(box, h('p', { class: 'muted' }, 'Fill in the offer to see the first-period price and the disclosure on each plan.'));
  if (!res.ok) {
    const reason = res.error.details?.[0]?.message ?? res.error.message;
    return replace(box, h('p', { class: 'preview-problem' }, `No preview yet: ${reason} (${res.error.code})`));
  }
  return replace(box, disclosureList(res.data.previews, planName));
}

function disclosureList(previews, planName) {
  if (!previews.length) return h('p', { class: 'muted' }, 'Not shown on any plan (it is not below their current prices).');
  return h(
    'ul',
    { class: 'disclosures' },
    previews.map((p) =>
      h(
        'li',
        { dataset: { plan: p.planCode } },
        h('p', { class: 'disclosure-plan' }, planName(p.planCode)),
        h('p', { class: 'disclosure-price' }, formatMoneyExact(p.firstPeriodPrice), h('span', {}, ' first billing period')),
        h('p', { class: 'disclosure' }, p.disclosure),
      ),
    ),
  );
}

function createOfferForm(plans, planName, onCreated) {
  const firstTimeId = uid('f-firstTimeOnly');
  const previewBox = h('div', { class: 'preview-body' });
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true, 'aria-label': 'Create an offer' },
    h('div', { class: 'wide' }, formAlert()),
    field({ name: 'code', label: 'Code', hint: 'lower_snake_case, unique, e.g. diwali_half_price', required: true }),
    field({ name: 'name', label: 'Name', hint: 'Shown to readers with the offer', required: true }),
    field({ name: 'kind', label: 'Kind', type: 'select', value: 'trial', options: KINDS }),
    field({ name: 'trialDays', label: 'Free days', type: 'number', hint: '1 to 90, then the plan’s price', attrs: { min: 1, max: 90, step: 1 } }),
    field({
      name: 'introPriceMinor',
      label: 'Introductory price (₹)',
      hint: 'In rupees, e.g. 1 or 499.50; below every chosen plan’s price',
      attrs: { inputmode: 'decimal', autocomplete: 'off' },
    }),
    field({ name: 'percentOff', label: 'Percentage off', type: 'number', hint: '1 to 100', attrs: { min: 1, max: 100, step: 1 } }),
    field({
      name: 'introPeriods',
      label: 'For how many billing periods',
      type: 'number',
      hint: '1 to 12; for a percentage, empty means for as long as they stay subscribed',
      attrs: { min: 1, max: 12, step: 1 },
    }),
    h(
      'div',
      { class: 'wide' },
      checkboxGroup({
        name: 'planCodes',
        legend: 'Plans it applies to',
        options: plans.map((p) => ({ value: p.code, label: `${p.name} (${p.price.formatted} / ${p.periodLabel})` })),
      }),
    ),
    h(
      'section',
      { class: 'wide offer-preview', 'aria-labelledby': 'offer-preview-heading' },
      h('h2', { id: 'offer-preview-heading' }, 'Preview: what readers will see'),
      h('div', { 'aria-live': 'polite' }, previewBox),
    ),
    field({ name: 'promotionCode', label: 'Promotion code (optional)', hint: '3 to 20 capital letters or digits, e.g. DIWALI50; empty: automatic' }),
    field({ name: 'maxRedemptions', label: 'Redemption limit (optional)', type: 'number', hint: 'Empty: no limit', attrs: { min: 1, step: 1 } }),
    field({ name: 'startsAt', label: 'Starts (optional)', type: 'datetime-local', hint: 'Your local time; empty: at once' }),
    field({ name: 'endsAt', label: 'Ends (optional)', type: 'datetime-local', hint: 'Your local time; empty: no end' }),
    field({
      name: 'redemption',
      label: 'Offered',
      type: 'select',
      value: 'signup',
      options: [
        { value: 'signup', label: 'At signup (signup)' },
        { value: 'retention', label: 'Instead of a cancellation (retention)' },
      ],
    }),
    field({ name: 'status', label: 'Status', type: 'select', value: 'active', options: CREATE_STATUS_OPTIONS }),
    h(
      'div',
      { class: 'field wide', dataset: { field: 'firstTimeOnly' } },
      h(
        'div',
        { class: 'checkbox' },
        h('input', { type: 'checkbox', id: firstTimeId, name: 'firstTimeOnly', value: 'true', checked: true }),
        h('label', { for: firstTimeId }, 'New subscribers only (never subscribed before)'),
      ),
      h('p', { class: 'field-error', dataset: { errorFor: 'firstTimeOnly' } }),
    ),
    h('div', { class: 'wide actions' }, h('button', { type: 'submit' }, 'Create offer')),
  );

  const showKindFields = () => {
    const terms = TERMS_OF[form.elements.kind.value] ?? [];
    for (const name of TERM_FIELDS) form.querySelector(`[data-field="${name}"]`).hidden = !terms.includes(name);
  };
  showKindFields();
  renderPreview(previewBox, null, planName);

  // Live preview: errors appear only beside fields already touched, and never move the cursor.
  const touched = new Set();
  let timer = null;
  let asked = 0;
  const preview = async () => {
    const ask = ++asked;
    const { body, error } = offerBody(form);
    const res = error ? { ok: false, error } : await adminApi('/v1/admin/offers/preview', { method: 'POST', body });
    if (ask !== asked) return; // a newer preview was asked for meanwhile
    renderPreview(previewBox, res, planName);
    if (res.ok) return clearErrors(form);
    const details = (res.error.details ?? []).filter((d) => [...touched].some((name) => d.field === name || d.field?.startsWith(`${name}.`)));
    showErrors(form, withCodes({ ...res.error, details }), { focus: false });
    if (!details.length) clearErrors(form);
  };
  const schedule = (event) => {
    if (event.target.name) touched.add(event.target.name);
    if (event.target.name === 'kind') showKindFields();
    clearTimeout(timer);
    timer = setTimeout(preview, PREVIEW_DELAY_MS);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    asked++;
    clearErrors(form);
    const { body, error } = offerBody(form);
    const res = error ? { ok: false, error } : await adminApi('/v1/admin/offers', { method: 'POST', body });
    if (!res.ok) return showErrors(form, withCodes(res.error));
    onCreated(`Offer ${res.data.code} created.`);
  });
  return form;
}

function editForm(offer, onDone) {
  const used = offer.redemptions + offer.reserved;
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true, 'aria-label': `Edit ${offer.name}` },
    h('div', { class: 'wide' }, formAlert()),
    field({ name: 'name', label: 'Name', value: offer.name, required: true }),
    field({ name: 'status', label: 'Status', type: 'select', value: offer.status, options: CREATE_STATUS_OPTIONS }),
    field({ name: 'endsAt', label: 'Ends', type: 'datetime-local', value: toLocalInput(offer.endsAt), hint: 'Your local time; empty: no end' }),
    field({
      name: 'maxRedemptions',
      label: 'Redemption limit',
      type: 'number',
      value: offer.maxRedemptions ?? '',
      hint: `Empty: no limit; not below the ${used} made or held`,
      attrs: { min: 1, step: 1 },
    }),
    h('div', { class: 'wide actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Save changes')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formBody(form, { numbers: ['maxRedemptions'], keepEmpty: ['name'], nullable: ['endsAt', 'maxRedemptions'] });
    // Minutes are all the field shows: an untouched end keeps its exact instant.
    if (form.elements.endsAt.value === toLocalInput(offer.endsAt)) delete body.endsAt;
    else if (body.endsAt) body.endsAt = toInstant(body.endsAt);
    const res = await adminApi(`/v1/admin/offers/${encodeURIComponent(offer.code)}`, { method: 'PATCH', body });
    if (!res.ok) return showErrors(form, withCodes(res.error));
    onDone(`Offer ${res.data.code} saved.`);
  });
  return form;
}

/** A code that may wrap after its underscores rather than mid-word on a narrow screen. */
const breakable = (code) => code.split('_').flatMap((part, i, all) => (i < all.length - 1 ? [`${part}_`, h('wbr')] : [part]));

function fact(term, value) {
  return h('div', {}, h('dt', {}, term), h('dd', {}, value));
}

function offerPanel(offer, planName, refresh) {
  const status = notice();
  const live = offer.status !== 'archived';
  const archive = live ? h('button', { type: 'button', class: 'danger' }, `Archive ${offer.name}`) : null;
  archive?.addEventListener('click', async () => {
    const ok = await confirmAction({
      title: `Archive ${offer.name}?`,
      body: [
        'It ends now: it leaves the paywall and no new Checkout can use it.',
        offer.promotionCode ? `Its promotion code ${offer.promotionCode} is freed for a new offer.` : 'Subscribers who redeemed it keep their terms.',
      ],
      confirmLabel: 'Archive offer',
      danger: true,
    });
    if (!ok) return;
    const res = await adminApi(`/v1/admin/offers/${encodeURIComponent(offer.code)}/archive`, { method: 'POST' });
    if (!res.ok) return say(status, 'error', `${res.error.message} (${res.error.code})`);
    refresh(`Offer ${offer.code} archived.`);
  });
  const limit = offer.maxRedemptions === null ? '(no limit)' : `of ${offer.maxRedemptions}`;
  const held = offer.reserved ? `, ${offer.reserved} held by open checkouts` : '';
  return h(
    'article',
    { class: 'panel', dataset: { offer: offer.code }, 'aria-labelledby': `offer-${offer.code}` },
    h('h3', { id: `offer-${offer.code}` }, offer.name, h('span', { class: `badge ${offer.status}` }, offer.status)),
    h(
      'dl',
      { class: 'facts' },
      fact('Code', breakable(offer.code)),
      fact('Terms', termsText(offer)),
      fact('Plans', offer.planCodes.map(planName).join(', ')),
      fact('Promotion code', offer.promotionCode ?? 'None (automatic)'),
      fact('Redemptions', `${offer.redemptions} ${limit}${held}`),
      fact('Offered', offer.redemption === 'retention' ? 'Instead of a cancellation' : 'At signup'),
      fact('Who', offer.firstTimeOnly ? 'New subscribers only' : 'Anyone'),
      fact('Starts', offer.startsAt ? when(offer.startsAt) : 'At once'),
      fact('Ends', offer.endsAt ? when(offer.endsAt) : 'No end'),
    ),
    status,
    h('h4', {}, 'What readers see'),
    disclosureList(offer.previews, planName),
    live ? h('details', {}, h('summary', {}, 'Name, end, limit and status'), editForm(offer, refresh)) : null,
    archive ? h('div', { class: 'actions' }, archive) : null,
  );
}

export async function offersSection(container, message) {
  const loaded = await Promise.all([loadList('/v1/admin/offers', 'offers'), loadList('/v1/admin/plans', 'plans')]).catch((error) => error);
  if (!Array.isArray(loaded)) return replace(container, h('h1', {}, 'Offers'), loadError(loaded));
  const [offers, plans] = loaded;
  const names = new Map(plans.map((p) => [p.code, p.name]));
  const planName = (code) => names.get(code) ?? code;
  const refresh = (text) => offersSection(container, text);
  catalogPage(container, {
    title: 'Offers',
    createLabel: 'Create an offer',
    createForm: createOfferForm(
      plans.filter((p) => p.status !== 'archived'),
      planName,
      refresh,
    ),
    listLabel: 'All offers',
    panels: offers.map((o) => offerPanel(o, planName, refresh)),
    empty: 'No offers yet.',
    message,
  });
}
