// Readers: look a reader up by user id, see what they are entitled to, grant a benefit (complimentary or goodwill
// access until a date) and revoke a grant.
import { clearErrors, field, formAlert, h, replace, showErrors } from '/shared/api.js';
import { adminApi, confirmAction, dataTable, formBody, loadError, loadList, notice, say, toInstant, when } from '/admin/session.js';

function grantForm(userId, benefits, onDone) {
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true, 'aria-label': `Grant a benefit to ${userId}` },
    h('div', { class: 'wide' }, formAlert()),
    field({ name: 'benefitCode', label: 'Benefit', type: 'select', options: benefits.map((b) => ({ value: b.code, label: b.name })) }),
    field({ name: 'expiresAt', label: 'Access until', type: 'datetime-local', hint: 'Your local time; must be in the future', required: true }),
    h('div', { class: 'wide' }, field({ name: 'reason', label: 'Reason', hint: 'e.g. goodwill after a delivery problem', required: true })),
    h('div', { class: 'wide actions' }, h('button', { type: 'submit' }, 'Grant benefit')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formBody(form, { keepEmpty: ['expiresAt', 'reason'] });
    body.expiresAt = toInstant(body.expiresAt);
    const res = await adminApi(`/v1/admin/users/${encodeURIComponent(userId)}/grants`, { method: 'POST', body });
    if (!res.ok) return showErrors(form, res.error);
    onDone(`Granted ${res.data.benefitCode} to ${userId} until ${when(res.data.expiresAt)}.`);
  });
  return form;
}

async function showReader(out, userId, benefits, message) {
  const base = `/v1/admin/users/${encodeURIComponent(userId)}/grants`;
  const [grants, entitlements] = await Promise.all([adminApi(base), adminApi(`/v1/users/${encodeURIComponent(userId)}/entitlements`)]);
  const status = notice();
  const refresh = (text) => showReader(out, userId, benefits, text);
  const nameOf = (code) => benefits.find((b) => b.code === code)?.name ?? code;
  const revoke = async (grant) => {
    const ok = await confirmAction({
      title: 'Revoke this grant?',
      body: `${userId} loses ${nameOf(grant.benefitCode)} from this grant now (a subscription that includes it is not affected).`,
      confirmLabel: 'Revoke grant',
      danger: true,
    });
    if (!ok) return;
    const res = await adminApi(`${base}/${encodeURIComponent(grant.id)}`, { method: 'DELETE' });
    if (!res.ok) return say(status, 'error', `${res.error.message} (${res.error.code})`);
    refresh(`Grant of ${grant.benefitCode} revoked.`);
  };
  replace(
    out,
    h('h2', {}, `Reader ${userId}`),
    status,
    entitlements.ok
      ? h(
          'section',
          { class: 'panel', 'aria-label': 'Entitlements' },
          h('h3', {}, entitlements.data.active ? 'Has access' : 'No access'),
          entitlements.data.benefits.length
            ? h(
                'ul',
                {},
                entitlements.data.benefits.map((b) => h('li', {}, `${nameOf(b.code)}: from ${b.source}, until ${when(b.expiresAt)}`)),
              )
            : h('p', { class: 'muted' }, 'No benefits right now.'),
        )
      : loadError(entitlements.error),
    grants.ok
      ? dataTable(
          'Staff grants (newest first)',
          ['Benefit', 'Until', 'State', 'Reason', 'Granted', 'Action'],
          grants.data.grants.map((g) => {
            const state = g.revokedAt ? `revoked ${when(g.revokedAt)}` : new Date(g.expiresAt) <= new Date() ? 'expired' : 'active';
            const button = h('button', { type: 'button', class: 'danger' }, 'Revoke', h('span', { class: 'visually-hidden' }, ` ${g.benefitCode}`));
            button.addEventListener('click', () => revoke(g));
            return {
              attrs: { dataset: { grant: g.id } },
              cells: [
                nameOf(g.benefitCode),
                when(g.expiresAt),
                state,
                g.reason,
                `${when(g.createdAt)}${g.createdBy ? ` by ${g.createdBy}` : ''}`,
                state === 'active' ? button : '—',
              ],
            };
          }),
        )
      : loadError(grants.error),
    h('section', { class: 'panel', 'aria-label': 'Grant a benefit' }, h('h3', {}, 'Grant a benefit'), grantForm(userId, benefits, refresh)),
  );
  if (message) say(status, 'ok', message);
}

export async function readersSection(container) {
  let benefits;
  try {
    benefits = await loadList('/v1/admin/benefits', 'benefits');
  } catch (error) {
    return replace(container, h('h1', {}, 'Readers & grants'), loadError(error));
  }
  const out = h('div', {});
  const lookup = h(
    'form',
    { class: 'panel', novalidate: true, 'aria-label': 'Find a reader' },
    formAlert(),
    field({ name: 'userId', label: 'Reader (user id)', required: true, hint: 'The id your site uses for the reader' }),
    h('button', { type: 'submit' }, 'Show reader'),
  );
  lookup.addEventListener('submit', (event) => {
    event.preventDefault();
    const userId = new FormData(lookup).get('userId').trim();
    if (!userId)
      return showErrors(lookup, {
        code: 'VALIDATION_FAILED',
        message: 'Enter a user id.',
        details: [{ field: 'userId', message: 'Enter a user id.' }],
      });
    clearErrors(lookup);
    showReader(out, userId, benefits);
  });
  replace(container, h('h1', {}, 'Readers & grants'), lookup, out);
}
