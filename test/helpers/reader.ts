import type { Page } from 'playwright-core';

/** Selects `words` in the reader as a curator's drag would, and lets go of the mouse. */
export async function select(page: Page, words: string): Promise<void> {
  await page.evaluate((words) => {
    const body = document.getElementById('reader-text') as HTMLElement;
    const at = (body.textContent ?? '').indexOf(words);
    if (at < 0) throw new Error(`the reader does not show “${words}”`);
    // The text is cut into text nodes and marks: find the node and offset of each end.
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      if (seen <= at && at < seen + length) range.setStart(node, at - seen);
      if (seen < at + words.length && at + words.length <= seen + length)
        range.setEnd(node, at + words.length - seen);
      seen += length;
    }
    body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    // Let go outside the text, as a drag past the end of a line does.
    document.body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, words);
}
