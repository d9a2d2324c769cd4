import { mkdirSync } from 'node:fs';
import type { Core } from 'cytoscape';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, testOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase, loadResolution } from '../helpers/knowledge-base.ts';
import { browserSession, chromiumAvailable } from '../helpers/reader.ts';

// Issue 38, point 1: the explorer's date slider. The resolution (9 July 2024) and the minutes of
// the 1st WG-AS meeting (13 March 2024), which state the meeting and that Cambodia hosted it.
// The slider runs from the day before the minutes to the day of the resolution.
const db = testDatabase();
let session: Awaited<ReturnType<typeof browserSession>>;
const timeout = 30_000;
type Explorer = { explorer: { cy: Core } };

/** The ids on the canvas, split into those shown as known then and those faded out. */
const canvas = (page: Page) =>
  page.evaluate(() => {
    const { cy } = (window as unknown as Explorer).explorer;
    const ids = (faded: boolean) =>
      cy
        .elements()
        .filter((element) => element.hasClass('unknown-then') === faded)
        .map((element) =>
          element.isNode() ? element.id() : `${element.source().id()}>${element.target().id()}`,
        )
        .sort();
    return { known: ids(false), faded: ids(true) };
  });

/** Moves the slider to `date` (or its end) as a drag ends, and waits for the canvas to follow. */
async function slide(page: Page, date: string | 'end'): Promise<void> {
  await page.evaluate((date) => {
    const slider = document.getElementById('as-of-date') as HTMLInputElement;
    slider.value = date === 'end' ? slider.max : String(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    slider.dispatchEvent(new Event('change', { bubbles: true }));
  }, date);
  await page.locator(`#as-of[data-shown="${date === 'end' ? 'now' : date}"]`).waitFor({ timeout });
}

describe.runIf(chromiumAvailable)('the date slider in headless Chromium', () => {
  beforeAll(async () => {
    await loadResolution(db, 'wg-as-minutes');
    session = await browserSession(createApp(db, testOptions));
  });

  afterAll(async () => {
    await session?.close();
    await loadKnowledgeBase(db);
    await db.close();
  });

  it('fades what is not known yet, keeps the day in the link, and brings everything back at the end', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${session.base}/#n=wg-as-1,cambodia,wg-as,thailand,mdes`);
    await page.locator('#as-of[data-shown="now"]').waitFor({ timeout });
    await page.waitForFunction(() => (window as unknown as Explorer).explorer.cy.edges().length > 2, null, {
      timeout,
    });
    const now = await canvas(page);
    expect(now.faded).toEqual([]);
    expect(now.known).toEqual(
      expect.arrayContaining(['cambodia', 'thailand', 'wg-as-1', 'wg-as-1>cambodia']),
    );
    expect(await page.inputValue('#as-of-date')).toBe(await page.getAttribute('#as-of-date', 'max'));

    // The slider's first day is before any source: nothing is known.
    await slide(page, '2024-03-12');
    expect(await page.getAttribute('#as-of-date', 'min')).toBe(await page.inputValue('#as-of-date'));
    const before = await canvas(page);
    expect(before.known).toEqual([]);
    expect(before.faded).toEqual(now.known);
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('at')).toBe('2024-03-12');

    // After the minutes, before the resolution: the meeting and its host only. The meeting's
    // relation to its working group, which the resolution alone states, fades with the group.
    await slide(page, '2024-03-31');
    const minutes = await canvas(page);
    expect(minutes.known).toEqual(['cambodia', 'wg-as-1', 'wg-as-1>cambodia']);
    expect(minutes.faded).toEqual(
      expect.arrayContaining(['mdes>thailand', 'thailand', 'wg-as', 'wg-as-1>wg-as']),
    );
    expect(await page.locator('#as-of-shown').textContent()).toContain('2 of 5 entities');
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/as-of-2024-03-31.png' });

    // A reload of the link shows the same day.
    const link = page.url();
    expect(new URLSearchParams(new URL(link).hash.slice(1)).get('at')).toBe('2024-03-31');
    await page.goto('about:blank');
    await page.goto(link);
    await page.locator('#as-of[data-shown="2024-03-31"]').waitFor({ timeout });
    await page.waitForFunction(() => (window as unknown as Explorer).explorer.cy.edges().length > 2, null, {
      timeout,
    });
    // The restored canvas is dated once it settles (its relations are placed after its entities).
    await expect.poll(() => canvas(page), { timeout }).toEqual(minutes);

    // At the last source's day, the graph now: everything is back and the link holds no day.
    await slide(page, 'end');
    expect(await canvas(page)).toEqual(now);
    expect(new URL(page.url()).hash).not.toContain('at=');
    await page.close();
  });
});
