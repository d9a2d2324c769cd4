/** Values for people: dates in words, money with separators and currency. */
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDate(iso: string, precision?: unknown): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return precision === 'month' ? monthFormat.format(date) : dateFormat.format(date);
}

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });

/**
 * A date or a span of dates at the precision known: "2024", "Q4 2024", "March 2024",
 * "12–13 March 2024", "30 March – 2 April 2024".
 */
export function formatDateRange(start: string, end?: string | null, precision?: unknown): string {
  const from = new Date(`${start}T00:00:00Z`);
  if (Number.isNaN(from.getTime())) return start;
  if (precision === 'year') return String(from.getUTCFullYear());
  if (precision === 'quarter') return `Q${Math.floor(from.getUTCMonth() / 3) + 1} ${from.getUTCFullYear()}`;
  if (precision === 'month') return monthFormat.format(from);
  const to = end ? new Date(`${end}T00:00:00Z`) : null;
  if (!to || Number.isNaN(to.getTime()) || end === start) return dateFormat.format(from);
  const year = from.getUTCFullYear() === to.getUTCFullYear();
  if (year && from.getUTCMonth() === to.getUTCMonth()) return `${from.getUTCDate()}–${dateFormat.format(to)}`;
  return year
    ? `${dayMonth.format(from)} – ${dateFormat.format(to)}`
    : `${dateFormat.format(from)} – ${dateFormat.format(to)}`;
}

/** "Cabinet resolution…, 9 July 2024": a source as people cite it. */
export function sourceLabel(source: { name: string; date?: string | null }): string {
  return `${source.name}${source.date ? `, ${formatDate(source.date)}` : ''}`;
}

/** "602444.70" and "USD" → "USD 602,444.70", exact: the digits are never turned into a float. */
export function formatMoney(amount: string, currency = 'USD'): string {
  const [whole = '0', fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${grouped}${fraction ? `.${fraction}` : ''}`;
}

// Shown elsewhere in the details: the names, the description, the citation.
const hidden = new Set(['id', 'name', 'nameTh', 'aliases', 'description', 'source', 'section', 'quote']);

/** Property rows for a details table, formatted, internal and derived keys left out. */
export function propertyRows(properties: Record<string, unknown>): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(properties)) {
    if (hidden.has(key) || key.endsWith('Cents') || value === null || value === undefined) continue;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      rows.push([key, formatDate(value, properties.datePrecision)]);
    } else if ((key === 'amount' || key === 'contributions') && typeof value === 'string') {
      rows.push([key, formatMoney(value, String(properties.currency ?? 'USD'))]);
    } else if (Array.isArray(value)) {
      rows.push([key, value.join(', ')]);
    } else {
      rows.push([key, String(value)]);
    }
  }
  return rows.sort(([a], [b]) => a.localeCompare(b));
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/**
 * A button that copies a Markdown citation. Where the clipboard is refused, `refused` offers
 * another way (by default a prompt holding the text, to copy by hand).
 */
export function copyButton(
  markdown: string,
  label: string,
  refused: (button: HTMLButtonElement) => void = () => window.prompt('Copy the citation:', markdown),
  attributes: Record<string, string> = {},
): HTMLButtonElement {
  const button = el(
    'button',
    { type: 'button', class: 'copy-citation', 'data-citation': markdown, ...attributes },
    label,
  );
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(markdown);
      button.textContent = 'Copied';
    } catch {
      refused(button);
    }
  });
  return button;
}
