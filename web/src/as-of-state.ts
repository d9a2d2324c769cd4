/** The day from a shared link (`at=YYYY-MM-DD`), read as the page loads, before anything rewrites the link. */
function fromUrl(): string | null {
  const at = new URLSearchParams(location.hash.slice(1)).get('at');
  return at && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : null;
}

/**
 * The day the canvas is shown as of (as-of.ts), or null for the graph now. Apart from the slider so
 * that url-state.ts can write it into the link without importing the slider.
 */
export const asOf = { date: fromUrl() };
