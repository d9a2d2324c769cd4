/**
 * Wraps the text of `body` from `start` to `end` (offsets in its text) in elements `make` gives,
 * one per text node the range crosses: the reader's text is cut into marks already.
 */
export function underline(
  body: HTMLElement,
  ranges: Array<{ start: number; end: number; make: () => HTMLElement }>,
) {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode() as Text | null;
  let at = 0; // where `node` starts in the text
  for (const range of ranges) {
    while (node && at + node.length <= range.start) {
      at += node.length;
      node = walker.nextNode() as Text | null;
    }
    while (node && at < range.end) {
      if (range.start > at) {
        node = node.splitText(range.start - at);
        at = range.start;
        walker.currentNode = node;
      }
      const inside = Math.min(range.end, at + node.length) - at;
      if (inside < node.length) node.splitText(inside);
      const wrapper = range.make();
      node.replaceWith(wrapper);
      wrapper.append(node);
      walker.currentNode = node;
      at += node.length;
      node = walker.nextNode() as Text | null;
    }
  }
}
