// The free-article meter: how many articles a reader without the metered benefit may read each month.
import { clearErrors, field, formAlert, h, replace, showErrors } from '/shared/api.js';
import { adminApi, formBody, loadError, loadList, notice, say } from '/admin/session.js';

export async function settingsSection(container) {
  const [settings, benefits] = await Promise.all([adminApi('/v1/admin/settings'), loadList('/v1/admin/benefits', 'benefits').catch((e) => e)]);
  if (!settings.ok) return replace(container, h('h1', {}, 'Free articles'), loadError(settings.error));
  const options = Array.isArray(benefits) ? benefits.map((b) => ({ value: b.code, label: `${b.name} (${b.code})` })) : [];
  const status = notice();
  const form = h(
    'form',
    { class: 'panel', novalidate: true, 'aria-label': 'Free-article meter settings' },
    formAlert(),
    field({
      name: 'freeArticleLimit',
      label: 'Free articles per month',
      type: 'number',
      value: settings.data.freeArticleLimit,
      hint: '0 to 1000; 0 is a hard paywall. Applies to the next article read.',
      required: true,
      attrs: { min: 0, max: 1000, step: 1 },
    }),
    options.length
      ? field({ name: 'meteredBenefitCode', label: 'Benefit that lifts the meter', type: 'select', value: settings.data.meteredBenefitCode, options })
      : field({ name: 'meteredBenefitCode', label: 'Benefit that lifts the meter', value: settings.data.meteredBenefitCode }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save settings')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const res = await adminApi('/v1/admin/settings', {
      method: 'PATCH',
      body: formBody(form, { numbers: ['freeArticleLimit'], keepEmpty: ['freeArticleLimit'] }),
    });
    if (!res.ok) return showErrors(form, res.error);
    say(status, 'ok', `Saved: ${res.data.freeArticleLimit} free article${res.data.freeArticleLimit === 1 ? '' : 's'} per month.`);
  });
  replace(container, h('h1', {}, 'Free articles'), status, form);
}
