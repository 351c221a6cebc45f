// How every screen names and orders brands: the dashboard's columns, the stress view, the
// detail charts, the breach list, the wall and the Levers page all go through here, so a brand
// reads the same, in the same place, wherever the on-call engineer looks.
//
// Names: the display name from the admin service's brand list (GET /api/v1/brands); the brand
// id when the list does not name it (a brand only the metrics know, a blank name, or no list
// read at all). While the list cannot be read, the core's last list read stands in
// (`lastKnownBrands` of levers.state).
//
// Order: by display name, case- and accent-insensitive, digits by value ("Brand 2" before
// "Brand 10"), ties by id. Not the admin list's order: PLATFORM-API.md promises no order for
// GET /api/v1/brands, and the screens must not reshuffle when it answers in another. Not the
// id's: the room reads names. With no names known the order is the ids', which for slugs of
// the names (royalspin, "Royal Spin") is nearly the same, so an admin outage moves little.

/** A brand as the admin service lists it: its id, and the name people know it by. */
export interface BrandName {
  brandId: string;
  name: string;
}

/** id → display name, for the brands the platform's list names. Empty: no name known. */
export type BrandNames = ReadonlyMap<string, string>;

export const NO_BRAND_NAMES: BrandNames = new Map();

/** The names a brand list gives; a blank name is no name. */
export function brandNames(list: readonly BrandName[] | null | undefined): BrandNames {
  if (!list || list.length === 0) return NO_BRAND_NAMES;
  const out = new Map<string, string>();
  for (const b of list) {
    const name = typeof b.name === 'string' ? b.name.trim() : '';
    if (b.brandId && name) out.set(b.brandId, name);
  }
  return out;
}

/** What a `levers.state` answer carries about brands (read defensively: older cores send less). */
export interface BrandListAnswer {
  brands: readonly BrandName[];
  brandsError?: unknown;
  lastKnownBrands?: { brands: readonly BrandName[] } | null;
}

/** The names a `levers.state` answer knows: the list read now, else the last list the core read. */
export function brandNamesOf(answer: BrandListAnswer | null | undefined): BrandNames {
  if (!answer) return NO_BRAND_NAMES;
  const failed = answer.brandsError !== null && answer.brandsError !== undefined;
  return brandNames(failed ? (answer.lastKnownBrands?.brands ?? null) : answer.brands);
}

/** The name a screen shows for a brand: its display name, or its id when none is known. */
export function brandDisplayName(brandId: string, names: BrandNames): string {
  return names.get(brandId) ?? brandId;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The one brand order (see the top of this file), as a comparator of brand ids. */
export function compareBrands(a: string, b: string, names: BrandNames): number {
  const byName = collator.compare(brandDisplayName(a, names), brandDisplayName(b, names));
  if (byName !== 0) return byName;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Items holding a brand id, in the one brand order. A new array; the input is left as it is. */
export function orderBrands<T>(items: readonly T[], idOf: (item: T) => string, names: BrandNames): T[] {
  return [...items].sort((x, y) => compareBrands(idOf(x), idOf(y), names));
}

/** Brand ids in the one brand order. */
export function orderBrandIds(ids: readonly string[], names: BrandNames): string[] {
  return orderBrands(ids, (id) => id, names);
}

/**
 * Brand ids in words the core wrote ("upi × lucky7: p99 …", "upi (lucky7, royalspin): …")
 * replaced by their display names, and a parenthesised list of brands put in the one order.
 * Only whole ids are replaced (not "lucky7x"), and only in the part before the first ": ",
 * where the core names the rail and brands: the figures after it are left alone.
 */
export function nameBrandsIn(text: string, names: BrandNames): string {
  if (names.size === 0) return text;
  const cut = text.indexOf(': ');
  const head = cut < 0 ? text : text.slice(0, cut);
  const tail = cut < 0 ? '' : text.slice(cut);
  const word = (w: string) => names.get(w) ?? w;
  const words = (s: string) => s.replace(/[\p{L}\p{N}_-]+/gu, word);
  const named = head.replace(/\(([^()]*)\)|[^()]+/g, (part: string, inner: string | undefined) => {
    if (inner === undefined) return words(part);
    const ids = inner.split(', ');
    if (ids.length > 1 && ids.every((id) => names.has(id))) return `(${orderBrandIds(ids, names).map(word).join(', ')})`;
    return `(${words(inner)})`;
  });
  return named + tail;
}
