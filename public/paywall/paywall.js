// The reference paywall: a story, the access decision for it, and the wall the reader meets, with plan cards from the
// public catalog (GET /v1/plans). Deciding and Checkout need a paywall-role key, which a browser must never hold, so
// this page calls the service's public demo routes (/v1/demo/*), which act server-side for one fixed demo device and,
// once "signed in" here, one fixed demo user. The sign-in is only a flag in this browser's localStorage.
import { apiFetch, formatMoneyExact, h, replace } from '/shared/api.js';
import { moreStories, storyFor } from '/paywall/stories.js';

const SIGNED_IN = 'tollgate.demoSignedIn';
/** What the reader had read on the device when they signed in, for the welcome line of the next page. */
const CARRIED = 'tollgate.demoCarried';

const demoSession = {
  get signedIn() {
    return localStorage.getItem(SIGNED_IN) === '1';
  },
  signIn(carried) {
    localStorage.setItem(SIGNED_IN, '1');
    if (carried) sessionStorage.setItem(CARRIED, JSON.stringify(carried));
  },
  signOut() {
    localStorage.removeItem(SIGNED_IN);
  },
  /** The carried-over counts saved at sign-in, once. */
  takeCarried() {
    const saved = sessionStorage.getItem(CARRIED);
    sessionStorage.removeItem(CARRIED);
    return saved ? JSON.parse(saved) : null;
  },
};

const params = new URLSearchParams(window.location.search);
// The server validates both (an unknown access level is a 400, shown on the page).
const articleId = params.get('article') || 'demo-article-1';
const access = params.get('access') || 'metered';

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

const freeArticles = (n) => plural(n, 'free article', 'free articles');

/** What the registration wall offers: the registered limit over the anonymous one. */
const moreOnSignIn = (d) => Math.max(0, d.registeredLimit - d.meter.freeLimit);

/** The sentence a reader sees for a decision, and whether it is a wall. */
export function accessMessage(d) {
  switch (d.reason) {
    case 'free_article':
      return 'This story is free to read.';
    case 'entitled':
      return 'You have full access as a subscriber. Enjoy the story.';
    case 'free_quota':
      return `${d.meter.remaining} of ${freeArticles(d.meter.freeLimit)} left this month`;
    case 'registration_required':
      return `You've read your ${freeArticles(d.meter.freeLimit)} this month. Sign in to read ${moreOnSignIn(d)} more`;
    case 'limit_reached':
      return d.meter.freeLimit === 0 ? 'Subscribe to read this story' : `You've reached your limit of ${freeArticles(d.meter.freeLimit)} this month`;
    case 'subscription_required':
      return 'This is a premium story. Subscribe to read it';
    default:
      return `Access: ${d.reason}`;
  }
}

function signInAndReload(carried) {
  demoSession.signIn(carried);
  window.location.reload();
}

/** The masthead's account line: who reads, and the demo sign-in or sign-out. */
function showAccount(userId) {
  const account = document.getElementById('account');
  if (userId) {
    const out = h('button', { type: 'button', class: 'link-button' }, 'Sign out');
    out.addEventListener('click', () => {
      demoSession.signOut();
      window.location.reload();
    });
    replace(account, 'Signed in as ', h('strong', {}, userId), ' · ', out);
  } else {
    const signIn = h('button', { type: 'button', class: 'link-button' }, 'Sign in');
    signIn.addEventListener('click', () => signInAndReload(null));
    replace(account, 'Reading anonymously · ', signIn);
  }
}

/** The line under the masthead after the registration wall's sign-in: the device's reads now count for the user. */
function showWelcome(d) {
  const carried = demoSession.takeCarried();
  if (!carried || !d.userId) return;
  const welcome = document.getElementById('welcome');
  welcome.className = 'notice ok';
  replace(
    welcome,
    `Welcome, ${d.userId}. The ${plural(carried.used, 'article', 'articles')} you read before signing in count toward your ${freeArticles(d.registeredLimit)} this month.`,
  );
}

/** The wall's actions: sign in for more (registration), or the plans below (subscription). */
function wallActions(d) {
  if (d.wall === 'registration') {
    const button = h('button', { type: 'button' }, `Sign in to read ${moreOnSignIn(d)} more`);
    button.addEventListener('click', () => signInAndReload({ used: d.meter.used }));
    return [button, h('p', { class: 'wall-note' }, 'Free with a demo account. Or subscribe below for unlimited reading.')];
  }
  if (d.wall !== 'subscription') return [];
  const hint = h('p', { class: 'wall-note' }, 'Choose a plan below for unlimited reading.');
  if (d.userId) return [hint];
  const signIn = h('button', { type: 'button', class: 'secondary' }, 'Already a subscriber? Sign in');
  signIn.addEventListener('click', () => signInAndReload(null));
  return [hint, signIn];
}

function showStory(d) {
  const story = storyFor(articleId, access);
  replace(document.getElementById('story-kicker'), story.kicker);
  replace(document.getElementById('story-title'), story.title);
  document.title = `${story.title} · Tollgate News`;
  const body = document.getElementById('story-body');
  const box = document.getElementById('access');
  const message = document.getElementById('meter-message');
  const walled = !!d && !d.granted;
  // A refused reader sees the opening paragraph, faded, then the wall; a granted one the meter line, then the story.
  const paragraphs = d?.granted ? story.paragraphs : story.paragraphs.slice(0, 1);
  replace(
    body,
    paragraphs.map((p) => h('p', {}, p)),
  );
  body.classList.toggle('teaser', walled);
  if (walled) body.after(box);
  else body.before(box);
  box.className = walled ? `access walled ${d.wall}` : 'access';
  box.dataset.wall = d?.wall ?? 'none';
  message.textContent = d ? accessMessage(d) : message.textContent;
  replace(document.getElementById('access-actions'), d ? wallActions(d) : []);
}

function showMoreStories() {
  replace(
    document.getElementById('more-stories'),
    moreStories(articleId, access).map((s) =>
      h('li', {}, h('a', { href: s.href }, h('span', { class: 'story-link-label' }, s.label), h('span', { class: 'story-link-title' }, s.title))),
    ),
  );
}

async function decide() {
  const res = await apiFetch('/v1/demo/access-decisions', { method: 'POST', body: { articleId, access, signedIn: demoSession.signedIn } });
  if (!res.ok) {
    document.getElementById('meter-message').textContent = `This story cannot be shown right now: ${res.error.message} (${res.error.code})`;
    showStory(null);
    showAccount(demoSession.signedIn ? '…' : null);
    return null;
  }
  showStory(res.data);
  showAccount(res.data.userId);
  showWelcome(res.data);
  return res.data;
}

/** Why an offer was refused, in plain words; `code` is the promotion code typed, if any. */
function offerRefusal(error, plan, code) {
  const offer = code ? `The code ${code}` : 'This offer';
  switch (error.code) {
    case 'OFFER_NOT_FOUND':
      return code ? `We don't recognise the code ${code}. Check the spelling and try again.` : 'This offer is no longer available.';
    case 'OFFER_EXPIRED':
      return `${offer} has expired.`;
    case 'OFFER_EXHAUSTED':
      return `${offer} has been used the maximum number of times.`;
    case 'OFFER_NOT_FOR_PLAN':
      return `${offer} can't be used with ${plan.name}. Try it on another plan.`;
    case 'OFFER_FIRST_TIME_ONLY':
      return `${offer} is for new subscribers only.`;
    case 'VALIDATION_FAILED':
      return `${code} is not a promotion code: codes are 3 to 20 letters and digits.`;
    default:
      return `The code could not be checked right now: ${error.message} (${error.code})`;
  }
}

async function subscribe(plan, choice, button, status) {
  button.disabled = true;
  replace(status, 'Starting checkout…');
  status.className = 'checkout-status notice';
  // A subscription belongs to a user: subscribing signs the demo user in on this device.
  demoSession.signIn(null);
  const res = await apiFetch('/v1/demo/checkout-sessions', { method: 'POST', body: { planCode: plan.code, ...choice() } });
  if (res.ok && res.data?.url) {
    window.location.assign(res.data.url);
    return;
  }
  button.disabled = false;
  status.className = 'checkout-status notice error';
  if (res.error.code === 'STRIPE_NOT_CONFIGURED') {
    replace(status, 'Stripe is not configured on this server, so checkout cannot start.');
  } else if (res.error.code.startsWith('OFFER_')) {
    replace(status, offerRefusal(res.error, plan, choice().promotionCode));
  } else {
    replace(status, `Checkout could not start: ${res.error.message} (${res.error.code})`);
  }
}

/** An offer on a card: what the first billing period costs, large, and the full-price disclosure in full, always shown. */
function offerBox(view, promotionCode) {
  const headline =
    view.kind === 'trial'
      ? [`Free for ${view.trialDays} day${view.trialDays === 1 ? '' : 's'}`]
      : [formatMoneyExact(view.firstPeriodPrice), h('span', { class: 'offer-caption' }, 'for the first billing period')];
  return h(
    'div',
    { class: 'offer', dataset: { offer: view.code } },
    h('p', { class: 'offer-name' }, promotionCode ? `Code ${promotionCode}: ${view.name}` : `Offer: ${view.name}`),
    h('p', { class: 'offer-price' }, headline),
    h('p', { class: 'disclosure' }, view.disclosure),
  );
}

/** The card's promotion-code form: checks the code for this plan (for the demo user), then re-prices the card or says why not. */
function promoForm(plan, onApplied) {
  const inputId = `promo-${plan.code}`;
  const messageId = `promo-${plan.code}-message`;
  const input = h('input', {
    id: inputId,
    name: 'promotionCode',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: 40,
    'aria-describedby': messageId,
  });
  const message = h('p', { id: messageId, class: 'promo-message', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'promo', novalidate: true, 'aria-label': `Promotion code for ${plan.name}` },
    h('label', { for: inputId }, 'Have a promotion code?'),
    h('div', { class: 'promo-row' }, input, h('button', { type: 'submit', class: 'secondary' }, 'Apply')),
    message,
  );
  const say = (kind, ...text) => {
    message.className = `promo-message ${kind}`;
    replace(message, ...text);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = input.value.replace(/\s+/g, '').toUpperCase();
    input.removeAttribute('aria-invalid');
    if (!code) return say('error', 'Enter a promotion code first.');
    const res = await apiFetch(`/v1/demo/offers/${encodeURIComponent(code)}?planCode=${encodeURIComponent(plan.code)}`);
    if (!res.ok) {
      input.setAttribute('aria-invalid', 'true');
      onApplied(null);
      return say('error', offerRefusal(res.error, plan, code));
    }
    input.value = code;
    onApplied({ promotionCode: code, view: res.data });
    const remove = h('button', { type: 'button', class: 'link-button' }, 'Remove code');
    remove.addEventListener('click', () => {
      input.value = '';
      onApplied(null);
      say('');
      input.focus();
    });
    say('ok', `Code ${code} applied to ${plan.name}. `, remove);
  });
  return form;
}

function planCard(plan, bestSaving) {
  // The card's offer: a promotion code applied on it, else its best automatic offer (the lowest first period).
  const automatic = [...(plan.offers ?? [])].sort((a, b) => a.firstPeriodPrice.amountMinor - b.firstPeriodPrice.amountMinor)[0] ?? null;
  let applied = null;
  const slot = h('div', { class: 'offer-slot' });
  const showOffer = () => replace(slot, applied ? offerBox(applied.view, applied.promotionCode) : automatic ? offerBox(automatic) : null);
  showOffer();
  const choice = () => (applied ? { promotionCode: applied.promotionCode } : automatic ? { offerCode: automatic.code } : {});
  const status = h('p', { class: 'checkout-status notice', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button' }, `Subscribe to ${plan.name}`);
  button.addEventListener('click', () => subscribe(plan, choice, button, status));
  const promo = promoForm(plan, (next) => {
    applied = next;
    showOffer();
  });
  return h(
    'li',
    { class: `plan-card${plan.savingsPercent > 0 && plan.savingsPercent === bestSaving ? ' best' : ''}`, dataset: { plan: plan.code } },
    plan.savingsPercent > 0 ? h('p', { class: 'savings' }, `Save ${plan.savingsPercent}%`) : null,
    h('h3', {}, plan.name),
    h('p', { class: 'period' }, plan.periodLabel),
    h('p', { class: 'price' }, plan.price.formatted),
    // Prices are tax-inclusive: with the publisher's GST settings the API says so on each plan ("incl. 18% GST").
    plan.tax ? h('p', { class: 'tax-label' }, plan.tax.label) : null,
    h('p', { class: 'effective' }, `${plan.effectiveMonthly.formatted}/Month`),
    slot,
    h('p', { class: 'renews' }, plan.autoRenews ? 'Renews automatically, cancel anytime' : 'Does not renew automatically'),
    button,
    status,
    promo,
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

/** The plans head the subscription wall; a granted reader sees them as an offer; a subscriber not at all. */
function placePlans(d) {
  const section = document.getElementById('plans-section');
  section.hidden = d?.reason === 'entitled';
  const heading = d?.wall === 'subscription' ? 'Subscribe to keep reading' : 'Subscribe for unlimited reading';
  replace(document.getElementById('plans-heading'), heading);
}

function showCheckoutReturn() {
  const outcome = params.get('checkout');
  const status = document.getElementById('checkout-return');
  if (outcome === 'success') {
    status.className = 'notice ok';
    replace(status, 'Thank you! Your subscription starts as soon as Stripe confirms the payment.');
  } else if (outcome === 'cancel') {
    status.className = 'notice';
    replace(status, 'Checkout was cancelled; you have not been charged.');
  }
}

showCheckoutReturn();
showMoreStories();
const [decision] = await Promise.all([decide(), showPlans()]);
placePlans(decision);
document.body.dataset.ready = 'true';
