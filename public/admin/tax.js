// Tax (GST): the publisher's GST registration, which every plan's tax-inclusive price and every tax invoice is worked
// out from, and the tax invoices and credit notes issued in a period, each with its PDF, and the period's GSTR-1 CSV.
import { clearErrors, field, formAlert, formatMoneyExact, h, replace, showErrors } from '/shared/api.js';
import { adminApi, adminDownload, dataTable, formBody, loadError, notice, say } from '/admin/session.js';

/** GST state and union-territory codes with their names, as src/tax/domain/gstin.ts has them (a browser test compares). */
const STATES = [
  ['01', 'Jammu and Kashmir'],
  ['02', 'Himachal Pradesh'],
  ['03', 'Punjab'],
  ['04', 'Chandigarh'],
  ['05', 'Uttarakhand'],
  ['06', 'Haryana'],
  ['07', 'Delhi'],
  ['08', 'Rajasthan'],
  ['09', 'Uttar Pradesh'],
  ['10', 'Bihar'],
  ['11', 'Sikkim'],
  ['12', 'Arunachal Pradesh'],
  ['13', 'Nagaland'],
  ['14', 'Manipur'],
  ['15', 'Mizoram'],
  ['16', 'Tripura'],
  ['17', 'Meghalaya'],
  ['18', 'Assam'],
  ['19', 'West Bengal'],
  ['20', 'Jharkhand'],
  ['21', 'Odisha'],
  ['22', 'Chhattisgarh'],
  ['23', 'Madhya Pradesh'],
  ['24', 'Gujarat'],
  ['25', 'Daman and Diu'],
  ['26', 'Dadra and Nagar Haveli and Daman and Diu'],
  ['27', 'Maharashtra'],
  ['28', 'Andhra Pradesh (before division)'],
  ['29', 'Karnataka'],
  ['30', 'Goa'],
  ['31', 'Lakshadweep'],
  ['32', 'Kerala'],
  ['33', 'Tamil Nadu'],
  ['34', 'Puducherry'],
  ['35', 'Andaman and Nicobar Islands'],
  ['36', 'Telangana'],
  ['37', 'Andhra Pradesh'],
  ['38', 'Ladakh'],
];
const STATE_NAMES = new Map(STATES);
const placeName = (code) => (code ? `${code}-${STATE_NAMES.get(code) ?? code}` : '—');

/** GST dates are Indian dates: a month, a day, a financial year all run in India time. */
const IST = 'Asia/Kolkata';
const IST_OFFSET = '+05:30';

/** The API's field names as staff read them, so "gstin must be 15 characters" reads "The GSTIN must be 15 characters". */
const FIELD_NAMES = {
  gstin: 'The GSTIN',
  legalName: 'The legal name',
  address: 'The address',
  stateCode: 'The state',
  ratePercent: 'The rate',
  sacCode: 'The SAC',
  invoicePrefix: 'The invoice prefix',
  from: 'The start date',
  to: 'The end date',
};

/** Each field error in plain words, starting with the field as it is labelled here, with the API's code to look up. */
function plainErrors(error) {
  const details = (error.details ?? []).map((d) => {
    const name = FIELD_NAMES[d.field];
    const message = name && d.message.startsWith(`${d.field} `) ? `${name}${d.message.slice(d.field.length)}` : d.message;
    return { ...d, message: `${message} (${error.code})` };
  });
  return { ...error, details };
}

function settingsForm(settings, status) {
  const s = settings ?? { ratePercent: 18, sacCode: '998431' };
  const form = h(
    'form',
    { class: 'panel grid-form', novalidate: true, 'aria-label': 'GST registration' },
    h('div', { class: 'wide' }, formAlert()),
    field({
      name: 'gstin',
      label: 'GSTIN',
      value: s.gstin,
      hint: '15 characters, e.g. 27AAPFU0939F1ZV; it starts with the state code.',
      required: true,
      attrs: { autocomplete: 'off', spellcheck: 'false', class: 'code-input' },
    }),
    field({
      name: 'stateCode',
      label: 'State',
      type: 'select',
      value: s.stateCode ?? '',
      required: true,
      options: [
        { value: '', label: 'Choose the state of registration' },
        ...STATES.map(([code, name]) => ({ value: code, label: `${code} – ${name}` })),
      ],
    }),
    h(
      'div',
      { class: 'wide' },
      field({ name: 'legalName', label: 'Legal name', value: s.legalName, hint: 'As registered for GST.', required: true }),
    ),
    h(
      'div',
      { class: 'wide' },
      field({ name: 'address', label: 'Address', type: 'textarea', value: s.address, hint: 'The principal place of business.', required: true }),
    ),
    field({
      name: 'ratePercent',
      label: 'GST rate (%)',
      type: 'number',
      value: s.ratePercent,
      hint: '18 for online newspapers and periodicals.',
      attrs: { min: 0, max: 100, step: 0.01 },
    }),
    field({
      name: 'sacCode',
      label: 'SAC',
      value: s.sacCode,
      hint: '998431: online text-based information.',
      attrs: { inputmode: 'numeric', maxlength: 6 },
    }),
    field({
      name: 'invoicePrefix',
      label: 'Invoice prefix',
      value: s.invoicePrefix,
      hint: 'Capital letters or digits, e.g. TG: numbers read TG/2026-27/000001.',
      required: true,
      attrs: { maxlength: 10, spellcheck: 'false' },
    }),
    h('div', { class: 'wide actions' }, h('button', { type: 'submit' }, 'Save tax settings')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formBody(form, { numbers: ['ratePercent'], keepEmpty: ['gstin', 'legalName', 'address', 'stateCode', 'invoicePrefix'] });
    body.gstin = body.gstin.toUpperCase().replace(/\s+/g, '');
    const res = await adminApi('/v1/admin/tax-settings', { method: 'PUT', body });
    if (!res.ok) {
      say(status, 'error', 'Not saved: see the messages below.');
      return showErrors(form, plainErrors(res.error));
    }
    const t = res.data;
    form.elements.gstin.value = t.gstin;
    say(status, 'ok', `Saved: GSTIN ${t.gstin} in ${t.stateName}, ${t.ratePercent}% GST, invoices numbered ${t.invoicePrefix}/…`);
  });
  return form;
}

/** Today's date in India, as YYYY-MM-DD. */
const todayInIndia = () => new Intl.DateTimeFormat('en-CA', { timeZone: IST }).format(new Date());

/** This month in India: its first and last day. */
function thisMonth() {
  const today = todayInIndia();
  const [y, m] = today.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${today.slice(0, 8)}01`, to: `${today.slice(0, 8)}${String(last).padStart(2, '0')}` };
}

/** The API's range for dates picked here: from the first day's start to the end of the last day, India time. */
function rangeQuery(from, to) {
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const params = new URLSearchParams({ from: `${from}T00:00:00${IST_OFFSET}`, to: `${end.toISOString().slice(0, 10)}T00:00:00${IST_OFFSET}` });
  return params.toString();
}

const COLUMNS = ['Number', 'Date', 'Kind', 'Recipient', 'GSTIN', 'Place of supply', 'Taxable', 'CGST', 'SGST', 'IGST', 'Total', 'PDF'];

const day = (iso) => new Date(iso).toLocaleDateString('en-IN', { timeZone: IST, day: '2-digit', month: 'short', year: 'numeric' });

function invoiceRow(d, status) {
  const pdf = h('button', { type: 'button', class: 'secondary small', 'aria-label': `PDF of ${d.number}` }, 'PDF');
  pdf.addEventListener('click', async () => {
    const res = await adminDownload(`/v1/users/${encodeURIComponent(d.userId)}/tax-invoices/${encodeURIComponent(d.id)}/pdf`, {
      accept: 'application/pdf',
      filename: `${d.number.replace(/\//g, '-')}.pdf`,
    });
    if (!res.ok) say(status, 'error', `The PDF of ${d.number} could not be fetched: ${res.error.message} (${res.error.code})`);
  });
  return {
    attrs: { dataset: { number: d.number } },
    cells: [
      // A credit note names the invoice it corrects under its own number (as narrow as the number, so no column widens).
      d.originalNumber ? [d.number, h('span', { class: 'corrects' }, `for ${d.originalNumber}`)] : d.number,
      day(d.issuedAt),
      d.kind === 'credit_note' ? 'Credit note' : 'Invoice',
      d.recipient.name ?? (d.userId ? `Reader ${d.userId}` : '—'),
      d.recipient.gstin ?? h('span', { class: 'muted' }, 'unregistered'),
      placeName(d.placeOfSupply),
      ...[d.taxable, d.cgst, d.sgst, d.igst, d.total].map(formatMoneyExact),
      d.userId ? pdf : '—',
    ],
  };
}

/** The documents' table. Its caption would scroll away with it on a phone: it is shown above the scrolling box. */
function invoicesTable(caption, docs, status) {
  const table = dataTable(
    caption,
    COLUMNS,
    docs.map((d) => invoiceRow(d, status)),
    { stack: false, className: 'tax-invoices' },
  );
  table.caption.className = 'visually-hidden';
  return table;
}

function invoicesPanel() {
  const { from, to } = thisMonth();
  const status = notice();
  const out = h('div', {});
  const form = h(
    'form',
    { class: 'range-form', novalidate: true, 'aria-label': 'Tax invoices issued between two dates' },
    h('div', { class: 'range-alert' }, formAlert()),
    field({ name: 'from', label: 'From', type: 'date', value: from, required: true }),
    field({ name: 'to', label: 'To (inclusive)', type: 'date', value: to, required: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')),
  );
  const csv = h('button', { type: 'button', class: 'secondary' }, 'Download GSTR-1 CSV');
  let range = { from, to };
  csv.addEventListener('click', async () => {
    const res = await adminDownload(`/v1/admin/tax-invoices?${rangeQuery(range.from, range.to)}`, {
      accept: 'text/csv',
      filename: `gstr1-${range.from}-to-${range.to}.csv`,
    });
    if (!res.ok) say(status, 'error', `The CSV could not be fetched: ${res.error.message} (${res.error.code})`);
  });
  const load = async () => {
    clearErrors(form);
    const body = formBody(form);
    const refuse = (field, message) => showErrors(form, { code: 'VALIDATION_FAILED', message, details: [{ field, message }] });
    if (!body.from || !body.to) return refuse(body.from ? 'to' : 'from', 'Pick both dates.');
    // The end date is inclusive here (the API's `to` is the next day's start), so the same day twice is a day's range.
    if (body.to < body.from) return refuse('to', 'The end date must not be before the start date.');
    const res = await adminApi(`/v1/admin/tax-invoices?${rangeQuery(body.from, body.to)}`);
    if (!res.ok) return res.error.details ? showErrors(form, plainErrors(res.error)) : replace(out, loadError(res.error));
    range = { from: body.from, to: body.to };
    const docs = res.data.taxInvoices;
    const caption = `Issued ${day(`${range.from}T00:00:00${IST_OFFSET}`)} to ${day(`${range.to}T00:00:00${IST_OFFSET}`)} (India time), oldest first`;
    replace(
      out,
      docs.length ? h('p', { class: 'table-caption', 'aria-hidden': 'true' }, caption) : null,
      docs.length
        ? h(
            'div',
            { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': 'Tax invoices (scrolls sideways)' },
            invoicesTable(caption, docs, status),
          )
        : h('p', {}, 'No tax invoices or credit notes were issued in this period.'),
      h('div', { class: 'actions' }, csv),
    );
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  const panel = h(
    'section',
    { 'aria-labelledby': 'tax-invoices-heading' },
    h('h2', { id: 'tax-invoices-heading' }, 'Tax invoices and credit notes'),
    status,
    h('div', { class: 'panel' }, form, out),
  );
  return { panel, load };
}

export async function taxSection(container) {
  const res = await adminApi('/v1/admin/tax-settings');
  const notSet = !res.ok && res.error.code === 'TAX_SETTINGS_NOT_FOUND';
  if (!res.ok && !notSet) return replace(container, h('h1', {}, 'Tax (GST)'), loadError(res.error));
  const status = notice();
  if (notSet) say(status, 'info', 'Not set yet: until these are saved, plans show no GST and no tax invoices are issued.');
  const invoices = invoicesPanel();
  replace(
    container,
    h('h1', {}, 'Tax (GST)'),
    h(
      'section',
      { 'aria-labelledby': 'tax-settings-heading' },
      h('h2', { id: 'tax-settings-heading' }, 'GST registration'),
      status,
      settingsForm(notSet ? null : res.data, status),
    ),
    invoices.panel,
  );
  await invoices.load();
}
