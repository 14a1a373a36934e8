/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';

/** Signs in to /admin with a key through the sign-in form, as a member of staff would. */
export async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/admin#plans`);
  await page.getByLabel('Admin API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Plans' }).waitFor();
}

/** Opens a console section in a tab already signed in (the key is in the tab's sessionStorage). */
export async function openSection(page: Page, baseUrl: string, hash: string, heading: string): Promise<void> {
  await page.goto(`${baseUrl}/admin#${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  // The section marks itself busy until its data has loaded and rendered.
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'));
}

/** The error text shown next to the field bound to an API field path (e.g. "price.amountMinor"). */
export function fieldError(scope: Page | Locator, apiField: string): Locator {
  return scope.locator(`[data-field="${apiField}"] > .field-error`).first();
}

/** Opens the paywall and waits until plans and the meter message are rendered. */
export async function openPaywall(page: Page, baseUrl: string, query = ''): Promise<void> {
  await page.goto(`${baseUrl}/paywall${query}`);
  await page.waitForSelector('body[data-ready="true"]');
}

/** The text of a plan's card on the paywall, whitespace-normalised. */
export async function cardText(page: Page, planCode: string): Promise<string> {
  const text = await page.locator(`li.plan-card[data-plan="${planCode}"]`).innerText();
  return text.replace(/\s+/g, ' ').trim();
}
