// The billing staff console: sign in with an admin API key, then one section per task, routed by the URL hash.
import { apiFetch, field, formAlert, h, replace, showErrors } from '/shared/api.js';
import { auditSection } from '/admin/audit.js';
import { benefitsSection } from '/admin/benefits.js';
import { metricsSection } from '/admin/metrics.js';
import { offersSection } from '/admin/offers.js';
import { outboundWebhooksSection } from '/admin/outbound-webhooks.js';
import { plansSection } from '/admin/plans.js';
import { readersSection } from '/admin/readers.js';
import { session } from '/admin/session.js';
import { settingsSection } from '/admin/settings.js';
import { taxSection } from '/admin/tax.js';
import { webhooksSection } from '/admin/webhooks.js';

const SECTIONS = [
  { id: 'plans', label: 'Plans', render: plansSection },
  { id: 'metrics', label: 'Metrics', render: metricsSection },
  { id: 'offers', label: 'Offers', render: offersSection },
  { id: 'benefits', label: 'Benefits', render: benefitsSection },
  { id: 'readers', label: 'Readers & grants', render: readersSection },
  { id: 'settings', label: 'Free articles', render: settingsSection },
  { id: 'tax', label: 'Tax (GST)', render: taxSection },
  { id: 'webhooks', label: 'Webhook events', render: webhooksSection },
  { id: 'outbound-webhooks', label: 'Outbound webhooks', render: outboundWebhooksSection },
  { id: 'audit', label: 'Audit log', render: auditSection },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const sessionBox = document.getElementById('session');

function renderSignIn(message) {
  nav.hidden = true;
  replace(sessionBox);
  const form = h(
    'form',
    { class: 'panel signin', novalidate: true, 'aria-labelledby': 'signin-heading' },
    h('h1', { id: 'signin-heading' }, 'Sign in'),
    h(
      'p',
      { class: 'muted' },
      'Use an admin API key: a new install prints one at its first start, right after the line ' +
        'that says where Tollgate listens (npm run cli -- api-keys:create --role admin --name you makes more). ' +
        'It is kept in this browser tab only and forgotten when the tab closes.',
    ),
    message ? h('p', { class: 'notice error', role: 'alert' }, message) : null,
    formAlert(),
    field({ name: 'apiKey', label: 'Admin API key', type: 'password', required: true, attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = new FormData(form).get('apiKey').trim();
    const fieldError = (message) => showErrors(form, { code: 'SIGN_IN_FAILED', message, details: [{ field: 'apiKey', message }] });
    if (!key) return fieldError('Enter an admin API key.');
    // Any admin-only read tells a valid admin key from a wrong one; the audit log is the cheapest.
    const res = await apiFetch('/v1/admin/audit-log?limit=1', { key });
    if (res.status === 401) return fieldError('This key is not recognised (unknown or revoked).');
    if (res.status === 403) return fieldError('This key is not an admin key.');
    if (!res.ok) return showErrors(form, res.error);
    session.signIn(key);
    if (window.location.hash) renderApp();
    else window.location.hash = '#plans'; // the hashchange renders
  });
  replace(main, form);
  form.querySelector('input').focus();
}

function renderNav(current) {
  replace(
    nav,
    SECTIONS.map((s) => h('a', { href: `#${s.id}`, 'aria-current': s.id === current ? 'page' : false }, s.label)),
  );
  nav.hidden = false;
}

async function renderApp() {
  if (!session.key) return renderSignIn();
  const id = window.location.hash.slice(1) || 'plans';
  const section = SECTIONS.find((s) => s.id === id) ?? SECTIONS[0];
  renderNav(section.id);
  const signOut = h('button', { type: 'button' }, 'Sign out');
  signOut.addEventListener('click', () => {
    session.signOut();
    renderSignIn('Signed out. The key was removed from this tab.');
  });
  replace(sessionBox, h('p', {}, 'Signed in with an admin key'), signOut);
  const container = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
  replace(main, container);
  document.title = `${section.label} · Tollgate billing console`;
  await section.render(container);
  container.removeAttribute('aria-busy');
  main.querySelector('h1')?.setAttribute('tabindex', '-1');
  document.body.dataset.section = section.id;
}

window.addEventListener('hashchange', () => {
  renderApp().then(() => main.querySelector('h1')?.focus());
});
window.addEventListener('tollgate:signed-out', (e) => renderSignIn(`Signed out: ${e.detail}`));
renderApp();
