// The wall's settings: the free articles a signed-in reader gets each month, the fewer an anonymous one gets before the
// registration wall, and the benefits that lift the meter and open premium stories.
import { clearErrors, field, formAlert, h, replace, showErrors } from '/shared/api.js';
import { adminApi, formBody, loadError, loadList, notice, say } from '/admin/session.js';

const articles = (n) => `${n} free article${n === 1 ? '' : 's'}`;

/** The saved settings in one sentence. */
function savedMessage(s) {
  const anonymous = s.anonymousArticleLimit === null ? 'no registration wall' : `${articles(s.anonymousArticleLimit)} before sign-in`;
  return `Saved: ${articles(s.freeArticleLimit)} per month, ${anonymous}.`;
}

/** A benefit field: a list of the catalog's benefits, or a text input when they could not be loaded. */
function benefitField(name, label, value, options) {
  return options.length ? field({ name, label, type: 'select', value, options }) : field({ name, label, value });
}

export async function settingsSection(container) {
  const [settings, benefits] = await Promise.all([adminApi('/v1/admin/settings'), loadList('/v1/admin/benefits', 'benefits').catch((e) => e)]);
  if (!settings.ok) return replace(container, h('h1', {}, 'Free articles'), loadError(settings.error));
  const options = Array.isArray(benefits) ? benefits.map((b) => ({ value: b.code, label: `${b.name} (${b.code})` })) : [];
  const status = notice();
  const form = h(
    'form',
    { class: 'panel', novalidate: true, 'aria-label': 'Free-article meter and wall settings' },
    formAlert(),
    field({
      name: 'freeArticleLimit',
      label: 'Free articles per month',
      type: 'number',
      value: settings.data.freeArticleLimit,
      hint: 'For a signed-in reader. 0 to 1000; 0 is a hard paywall. Applies to the next article read.',
      required: true,
      attrs: { min: 0, max: 1000, step: 1 },
    }),
    field({
      name: 'anonymousArticleLimit',
      label: 'Free articles per month before sign-in',
      type: 'number',
      value: settings.data.anonymousArticleLimit ?? '',
      hint: 'For an anonymous reader, at most the free articles per month; past it they are asked to sign in. Empty: no registration wall.',
      attrs: { min: 0, max: 1000, step: 1 },
    }),
    benefitField('meteredBenefitCode', 'Benefit that lifts the meter', settings.data.meteredBenefitCode, options),
    benefitField('premiumBenefitCode', 'Benefit that opens premium stories', settings.data.premiumBenefitCode, options),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save settings')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const res = await adminApi('/v1/admin/settings', {
      method: 'PATCH',
      body: formBody(form, {
        numbers: ['freeArticleLimit', 'anonymousArticleLimit'],
        keepEmpty: ['freeArticleLimit'],
        nullable: ['anonymousArticleLimit'],
      }),
    });
    if (!res.ok) return showErrors(form, res.error);
    say(status, 'ok', savedMessage(res.data));
  });
  replace(container, h('h1', {}, 'Free articles'), status, form);
}
