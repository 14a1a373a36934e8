/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import type { Page } from 'playwright-core';
import type { BrowserHarness } from './browser';

export interface A11yReport {
  /** Text whose contrast against its (first opaque) background is under 4.5:1, with the ratio. */
  lowContrast: string[];
  /** Form controls without a label. */
  unlabelled: string[];
  /** Landmarks present on the page. */
  landmarks: { banner: number; main: number; navigation: number };
}

/**
 * WCAG checks run inside the page: text contrast (AA, 4.5:1) computed from the styles the browser actually applies,
 * a label for every form control, and the landmarks. Hidden elements are skipped.
 */
export function auditPage(page: Page): Promise<A11yReport> {
  return page.evaluate(() => {
    const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const background = (el: Element | null): number[] => {
      for (let cur = el; cur; cur = cur.parentElement) {
        const rgba = parse(getComputedStyle(cur).backgroundColor);
        if (rgba.length === 3 || (rgba.length === 4 && rgba[3] === 1)) return rgba.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0;
    };
    const lowContrast: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!ownText || !visible(el)) continue;
      const fg = luminance(parse(getComputedStyle(el).color));
      const bg = luminance(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) lowContrast.push(`${el.tagName.toLowerCase()} "${el.textContent!.trim().slice(0, 40)}" ${ratio.toFixed(2)}:1`);
    }
    const unlabelled = Array.from(document.querySelectorAll('input, select, textarea'))
      .filter((c) => visible(c) && (c as HTMLInputElement).labels?.length === 0 && !c.getAttribute('aria-label'))
      .map((c) => (c as HTMLInputElement).name || c.id);
    const count = (selector: string) => document.querySelectorAll(selector).length;
    return {
      lowContrast,
      unlabelled,
      landmarks: {
        banner: count('body > header, [role="banner"]'),
        main: count('main, [role="main"]'),
        navigation: count('nav:not([hidden]), [role="navigation"]'),
      },
    };
  });
}

/**
 * Screenshots at phone and desktop widths, each checked: no sideways scrolling, contrast and labels as `auditPage`
 * asks, and the landmarks (/admin has a navigation, /paywall none). Leaves the desktop width set.
 */
export async function captureChecked(b: BrowserHarness, name: string, navigation = 0): Promise<void> {
  for (const width of [375, 1280]) {
    await b.screenshot(name, width);
    const scrollWidth = await b.page.evaluate(() => document.documentElement.scrollWidth);
    expect({ name, width, scrollWidth, ...(await auditPage(b.page)) }).toEqual({
      name,
      width,
      scrollWidth: width,
      lowContrast: [],
      unlabelled: [],
      landmarks: { banner: 1, main: 1, navigation },
    });
  }
}
