// The reference paywall: plan cards from the public catalog (GET /v1/plans) and the meter message for a demo
// reader. The meter read and checkout need a paywall-role key, which a browser must never hold, so this page calls
// the service's public demo routes (/v1/demo/*), which act server-side for one fixed demo reader.
import { apiFetch, h, replace } from '/shared/api.js';

const params = new URLSearchParams(window.location.search);
const articleId = /^[A-Za-z0-9_-]{1,100}$/.test(params.get('article') ?? '') ? params.get('article') : 'demo-article-1';

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** The sentence a reader sees for a meter read. */
export function meterMessage(read) {
  if (read.reason === 'entitled') return { text: 'You have full access as a subscriber. Enjoy the story.', reached: false };
  if (!read.allowed || read.remaining === 0) {
    return { text: `You've reached your limit of ${plural(read.freeLimit, 'free article', 'free articles')} this month`, reached: true };
  }
  return { text: `${read.remaining} of ${plural(read.freeLimit, 'free article', 'free articles')} left this month`, reached: false };
}

/** demo-article-7 → demo-article-8; anything else → demo-article-2. */
function nextArticle(id) {
  const n = Number(/^demo-article-(\d{1,6})$/.exec(id)?.[1] ?? 1);
  return `demo-article-${n + 1}`;
}

async function showMeter() {
  const el = document.getElementById('meter-message');
  document.getElementById('next-article').href = `/paywall?article=${nextArticle(articleId)}`;
  const res = await apiFetch('/v1/demo/meter-reads', { method: 'POST', body: { articleId } });
  if (!res.ok) {
    el.textContent = `The free-article meter is unavailable right now (${res.error.code}).`;
    return;
  }
  const { text, reached } = meterMessage(res.data);
  el.textContent = text;
  el.classList.toggle('reached', reached);
}

async function subscribe(plan, button, status) {
  button.disabled = true;
  replace(status, 'Starting checkout…');
  status.className = 'checkout-status notice';
  const res = await apiFetch('/v1/demo/checkout-sessions', { method: 'POST', body: { planCode: plan.code } });
  if (res.ok && res.data?.url) {
    window.location.assign(res.data.url);
    return;
  }
  button.disabled = false;
  status.className = 'checkout-status notice error';
  if (res.error.code === 'STRIPE_NOT_CONFIGURED') {
    replace(status, 'Stripe is not configured on this server, so checkout cannot start.');
  } else {
    replace(status, `Checkout could not start: ${res.error.message} (${res.error.code})`);
  }
}

function planCard(plan, bestSaving) {
  const status = h('p', { class: 'checkout-status notice', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button' }, `Subscribe to ${plan.name}`);
  button.addEventListener('click', () => subscribe(plan, button, status));
  return h(
    'li',
    { class: `plan-card${plan.savingsPercent > 0 && plan.savingsPercent === bestSaving ? ' best' : ''}`, dataset: { plan: plan.code } },
    plan.savingsPercent > 0 ? h('p', { class: 'savings' }, `Save ${plan.savingsPercent}%`) : null,
    h('h3', {}, plan.name),
    h('p', { class: 'period' }, plan.periodLabel),
    h('p', { class: 'price' }, plan.price.formatted),
    h('p', { class: 'effective' }, `${plan.effectiveMonthly.formatted}/Month`),
    h('p', { class: 'renews' }, plan.autoRenews ? 'Renews automatically, cancel anytime' : 'Does not renew automatically'),
    button,
    status,
    h('h4', { class: 'included' }, "Here's what's included"),
    h(
      'ul',
      { class: 'benefits' },
      plan.benefits.map((b) =>
        h('li', {}, h('span', { class: 'benefit-name' }, b.name), b.description ? h('span', { class: 'benefit-description' }, b.description) : null),
      ),
    ),
  );
}

async function showPlans() {
  const list = document.getElementById('plans');
  const status = document.getElementById('plans-status');
  // The catalog is cacheable (Cache-Control + ETag): revalidate so a price change shows on the next load.
  const res = await apiFetch('/v1/plans', { cache: 'no-cache' });
  if (!res.ok) {
    status.className = 'notice error';
    replace(status, `The plans could not be loaded (${res.error.code}).`);
    return;
  }
  const plans = res.data.plans ?? [];
  if (plans.length === 0) replace(status, 'No plans are on sale right now.');
  const bestSaving = Math.max(0, ...plans.map((p) => p.savingsPercent));
  replace(
    list,
    plans.map((p) => planCard(p, bestSaving)),
  );
}

function showCheckoutReturn() {
  const outcome = params.get('checkout');
  const status = document.getElementById('plans-status');
  if (outcome === 'success') {
    status.className = 'notice ok';
    replace(status, 'Thank you! Your subscription starts as soon as Stripe confirms the payment.');
  } else if (outcome === 'cancel') {
    status.className = 'notice';
    replace(status, 'Checkout was cancelled; you have not been charged.');
  }
}

showCheckoutReturn();
await Promise.all([showPlans(), showMeter()]);
document.body.dataset.ready = 'true';
