/** ARM list pages: `{value, nextLink?}` with an absolute nextLink only while more items remain (never `""`). */
export interface Page<T> {
  value: T[];
  nextLink?: string;
}

const SKIP_TOKEN = '$skipToken';

function getParam(url: URL, name: string): string | null {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === name.toLowerCase()) return v;
  return null;
}

/**
 * Serves one page of `items` for the request `url` (absolute, with the caller's scheme and host).
 * `$top` caps the total across pages as ARM does; the skip token is the offset of the next page.
 */
export function pageOf<T>(items: readonly T[], url: URL, pageSize: number): Page<T> {
  const skip = Math.max(0, Number.parseInt(getParam(url, SKIP_TOKEN) ?? '0', 10) || 0);
  const topParam = getParam(url, '$top');
  const total = topParam === null ? items.length : Math.min(items.length, Math.max(0, Number.parseInt(topParam, 10) || 0));
  const end = Math.min(total, skip + Math.max(1, pageSize));
  const page: Page<T> = { value: items.slice(skip, end) };
  if (end < total) {
    const next = new URL(url.href);
    for (const k of [...next.searchParams.keys()]) if (k.toLowerCase() === SKIP_TOKEN.toLowerCase()) next.searchParams.delete(k);
    next.searchParams.set(SKIP_TOKEN, String(end));
    page.nextLink = next.href;
  }
  return page;
}
