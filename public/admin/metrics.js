// Metrics: MRR and subscribers over the last twelve months, subscribers by plan, new against churned, and a month's
// paywall funnel, drawn with Chart.js (served by Tollgate from its node_modules at /vendor/chart.js, no CDN). Every
// chart is an image with its figures in its accessible name, and its numbers are in a table beside it.
import { h, replace } from '/shared/api.js';
import { adminApi, dataTable, loadError, notice, say } from '/admin/session.js';

const COLORS = { brand: '#0b4ea2', good: '#1b5e20', bad: '#a4161a', amber: '#b45309', grey: '#6b7280' };

/** Chart.js's UMD build sets globalThis.Chart; loaded once, on the first visit to this section. */
let chartLib;
function loadChartJs() {
  chartLib ??= import('/vendor/chart.js').then(() => globalThis.Chart);
  return chartLib;
}

/** "2026-11" as "Nov 2026" (the API's months are meter months; the name is the same in any zone). */
function monthName(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-IN', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

const rupees = (amountMinor) => amountMinor / 100;
const rupeeTick = (value) => `₹${Number(value).toLocaleString('en-IN')}`;

/** Charts drawn in this section, destroyed before the section draws again (Chart.js keeps one per canvas). */
const drawn = new Set();

function draw(Chart, canvas, config) {
  const chart = new Chart(canvas, {
    ...config,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      ...config.options,
      plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } }, ...config.options?.plugins },
    },
  });
  drawn.add(chart);
}

/** Bars of whole numbers (readers, subscribers): upright per month, or lying down per plan or funnel step. */
function drawBars(Chart, canvas, labels, datasets, { horizontal = false, stacked = false, legend = true } = {}) {
  const counts = { beginAtZero: true, stacked, ticks: { precision: 0 } };
  draw(Chart, canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      scales: horizontal ? { x: counts, y: { stacked } } : { x: { stacked }, y: counts },
      ...(legend ? {} : { plugins: { legend: { display: false } } }),
    },
  });
}

/**
 * A chart as a figure: a heading, the canvas as an image whose name states the figures, and the same figures in a
 * table (folded on a phone's first view, always read by a screen reader from the image's name).
 */
function figure({ id, title, label, table }) {
  const canvas = h('canvas', { role: 'img', 'aria-label': label, id: `${id}-chart` });
  const box = h('div', { class: 'chart-box' }, canvas);
  const section = h(
    'section',
    { class: 'panel chart-panel', 'aria-labelledby': `${id}-heading`, dataset: { chart: id } },
    h('h2', { id: `${id}-heading` }, title),
    box,
    h('details', { class: 'chart-numbers' }, h('summary', {}, 'The numbers'), h('div', { class: 'table-wrap' }, table)),
  );
  return { section, canvas };
}

async function loadAll(month) {
  const paths = {
    summary: '/v1/admin/metrics/summary',
    mrr: '/v1/admin/metrics/timeseries?metric=mrr',
    active: '/v1/admin/metrics/timeseries?metric=active',
    new: '/v1/admin/metrics/timeseries?metric=new',
    churned: '/v1/admin/metrics/timeseries?metric=churned',
    paywall: `/v1/admin/metrics/paywall${month ? `?month=${encodeURIComponent(month)}` : ''}`,
  };
  const entries = await Promise.all(Object.entries(paths).map(async ([k, path]) => [k, await adminApi(path)]));
  const failed = entries.find(([, res]) => !res.ok);
  if (failed) return { error: failed[1].error };
  return Object.fromEntries(entries.map(([k, res]) => [k, res.data]));
}

function headline(summary) {
  const stats = [
    ['MRR', summary.mrr.formatted],
    ['Subscribers', String(summary.activeSubscribers)],
    ['ARPU', summary.arpu.formatted],
    ['New this month', String(summary.newThisMonth)],
    ['Churned this month', String(summary.churnedThisMonth)],
    ['Churn rate', `${summary.churnRatePercent}%`],
  ];
  return h(
    'section',
    { class: 'panel chart-panel', 'aria-labelledby': 'metrics-now-heading' },
    h('h2', { id: 'metrics-now-heading' }, 'Now'),
    h(
      'dl',
      { class: 'stats' },
      stats.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
    ),
  );
}

function trendFigures(Chart, data) {
  const months = data.mrr.points.map((p) => p.month);
  const names = months.map(monthName);
  const range = `${monthName(data.mrr.from)} to ${monthName(data.mrr.to)}`;
  const mrr = data.mrr.points.map((p) => p.value);
  const active = data.active.points.map((p) => p.value);
  const added = data.new.points.map((p) => p.value);
  const churned = data.churned.points.map((p) => p.value);

  const mrrFig = figure({
    id: 'mrr',
    title: 'MRR and subscribers',
    label: `Monthly recurring revenue and subscribers at each month's end, ${range}: ${names
      .map((n, i) => `${n} ${mrr[i].formatted}, ${active[i]} subscribers`)
      .join('; ')}.`,
    table: dataTable(
      `MRR and subscribers at each month's end, ${range}`,
      ['Month', 'MRR', 'Subscribers'],
      names.map((n, i) => ({ cells: [n, mrr[i].formatted, String(active[i])] })),
      { stack: false },
    ),
  });
  const movesFig = figure({
    id: 'moves',
    title: 'New against churned',
    label: `Subscribers gained and lost each month, ${range}: ${names.map((n, i) => `${n} ${added[i]} new, ${churned[i]} churned`).join('; ')}.`,
    table: dataTable(
      `New and churned subscribers per month, ${range}`,
      ['Month', 'New', 'Churned'],
      names.map((n, i) => ({ cells: [n, String(added[i]), String(churned[i])] })),
      { stack: false },
    ),
  });
  return {
    sections: [mrrFig.section, movesFig.section],
    render() {
      draw(Chart, mrrFig.canvas, {
        type: 'line',
        data: {
          labels: names,
          datasets: [
            { label: 'MRR (₹)', data: mrr.map((m) => rupees(m.amountMinor)), borderColor: COLORS.brand, backgroundColor: COLORS.brand, yAxisID: 'y' },
            { label: 'Subscribers', data: active, borderColor: COLORS.good, backgroundColor: COLORS.good, borderDash: [6, 4], yAxisID: 'y1' },
          ],
        },
        options: {
          scales: {
            y: { beginAtZero: true, position: 'left', ticks: { callback: rupeeTick }, title: { display: true, text: 'MRR' } },
            y1: {
              beginAtZero: true,
              position: 'right',
              ticks: { precision: 0 },
              grid: { drawOnChartArea: false },
              title: { display: true, text: 'Subscribers' },
            },
          },
        },
      });
      drawBars(Chart, movesFig.canvas, names, [
        { label: 'New', data: added, backgroundColor: COLORS.good },
        { label: 'Churned', data: churned, backgroundColor: COLORS.bad },
      ]);
    },
  };
}

function planFigure(Chart, summary) {
  const rows = summary.byPlan;
  const plan = (r) => r.planCode ?? 'unknown plan';
  const fig = figure({
    id: 'plans',
    title: 'Subscribers by plan',
    label: rows.length
      ? `Subscribers by plan now: ${rows.map((r) => `${plan(r)} ${r.active} active, ${r.trialing} trialing, ${r.pastDue} past due`).join('; ')}.`
      : 'No subscribers yet.',
    table: dataTable(
      'Subscribers by plan now',
      ['Plan', 'Active', 'Trialing', 'Past due', 'Cancelling'],
      rows.map((r) => ({ cells: [plan(r), String(r.active), String(r.trialing), String(r.pastDue), String(r.cancelPending)] })),
      { stack: false },
    ),
  });
  return {
    sections: [fig.section],
    render() {
      drawBars(
        Chart,
        fig.canvas,
        rows.map(plan),
        [
          { label: 'Active', data: rows.map((r) => r.active), backgroundColor: COLORS.brand },
          { label: 'Trialing', data: rows.map((r) => r.trialing), backgroundColor: COLORS.amber },
          { label: 'Past due', data: rows.map((r) => r.pastDue), backgroundColor: COLORS.bad },
        ],
        { horizontal: true, stacked: true },
      );
    },
  };
}

const FUNNEL_STEPS = [
  ['viewers', 'Viewers'],
  ['registrationWalls', 'Met the registration wall'],
  ['subscriptionWalls', 'Met the subscription wall'],
  ['checkoutsStarted', 'Started Checkout'],
  ['subscriptionsStarted', 'Subscribed'],
];

function funnelFigure(Chart, paywall, month, onMonth) {
  const name = monthName(month);
  const fig = figure({
    id: 'funnel',
    title: 'Paywall funnel',
    label: `Paywall funnel, ${name}: ${FUNNEL_STEPS.map(([k, l]) => `${l} ${paywall[k]}`).join(', ')}; conversion ${paywall.conversionPercent}%.`,
    table: dataTable(
      `Paywall funnel, ${name}`,
      ['Step', 'Readers'],
      FUNNEL_STEPS.map(([k, l]) => ({ cells: [l, String(paywall[k])] })),
      { stack: false },
    ),
  });
  const input = h('input', { type: 'month', id: 'funnel-month', name: 'month', value: month, required: true });
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': 'Funnel month' },
    h('label', { for: 'funnel-month' }, 'Month'),
    input,
    h('button', { type: 'submit', class: 'small' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value) onMonth(input.value);
  });
  fig.section.insertBefore(form, fig.section.querySelector('.chart-box'));
  fig.section.insertBefore(
    h('p', { class: 'conversion' }, `Conversion: ${paywall.conversionPercent}% of viewers subscribed in ${name}.`),
    fig.section.querySelector('.chart-box'),
  );
  return {
    sections: [fig.section],
    render() {
      const data = FUNNEL_STEPS.map(([k]) => paywall[k]);
      const backgroundColor = [COLORS.grey, COLORS.amber, COLORS.bad, COLORS.brand, COLORS.good];
      drawBars(
        Chart,
        fig.canvas,
        FUNNEL_STEPS.map(([, l]) => l),
        [{ label: name, data, backgroundColor }],
        { horizontal: true, legend: false },
      );
    },
  };
}

export async function metricsSection(container, month) {
  for (const chart of drawn) chart.destroy();
  drawn.clear();
  const [Chart, data] = await Promise.all([loadChartJs().catch(() => null), loadAll(month)]);
  if (data.error) return replace(container, h('h1', {}, 'Metrics'), loadError(data.error));
  const status = notice();
  if (!Chart) say(status, 'error', 'The charts could not be loaded; the numbers are in the tables.');
  const shownMonth = month ?? data.mrr.to;
  const parts = [
    trendFigures(Chart, data),
    planFigure(Chart, data.summary),
    funnelFigure(Chart, data.paywall, shownMonth, (m) => metricsSection(container, m).then(() => container.querySelector('#funnel-month')?.focus())),
  ];
  replace(
    container,
    h('h1', {}, 'Metrics'),
    h(
      'p',
      { class: 'muted' },
      'Months run in the service’s meter time zone. A past month’s figures never change. MRR counts what active and past-due subscribers pay per month, after discounts; trials add nothing.',
    ),
    status,
    headline(data.summary),
    h(
      'div',
      { class: 'chart-grid' },
      parts.flatMap((p) => p.sections),
    ),
  );
  if (Chart) for (const p of parts) p.render();
  else for (const details of container.querySelectorAll('details.chart-numbers')) details.open = true;
}
