import { describe, expect, it } from 'vitest';
import { brandDisplayName, brandNames, brandNamesOf, nameBrandsIn, NO_BRAND_NAMES, orderBrandIds, orderBrands } from '../../shared/brands.ts';
import { DEFAULT_THRESHOLDS } from '../../shared/metrics.ts';
import { suggest } from '../../shared/metrics-policy.ts';
import { BRANDS as DEMO_BRANDS } from '../../electron/demo-platform/catalog.ts';

// The admin service lists brands in whatever order it likes; here ids and names sort differently.
const LIST = [
  { brandId: 'zz-ace', name: 'Ace Casino', region: 'IN-West' },
  { brandId: 'aa-zen', name: 'Zen Play', region: 'IN-South' },
  { brandId: 'mm-brand10', name: 'Brand 10', region: 'IN-East' },
  { brandId: 'nn-brand2', name: 'brand 2', region: 'IN-North' },
];
const NAMES = brandNames(LIST);

describe('brand names', () => {
  it('are the admin list names, and the id where the list gives none (or a blank one)', () => {
    const names = brandNames([...LIST, { brandId: 'blank', name: '   ' }]);
    expect(brandDisplayName('zz-ace', names)).toBe('Ace Casino');
    expect(brandDisplayName('blank', names)).toBe('blank');
    expect(brandDisplayName('metrics-only', names)).toBe('metrics-only');
    expect(brandDisplayName('zz-ace', NO_BRAND_NAMES)).toBe('zz-ace');
  });

  it('come from a levers.state answer: the list read now, else the last list the core read', () => {
    const failure = { problem: 'brand list: HTTP 500', since: '2026-03-14T03:14:00Z', at: '2026-03-14T03:15:00Z' };
    expect(brandDisplayName('aa-zen', brandNamesOf({ brands: LIST, brandsError: null }))).toBe('Zen Play');
    // The admin service fails: the core carries the last list, and its names stand.
    const down = brandNamesOf({ brands: [], brandsError: failure, lastKnownBrands: { brands: LIST } });
    expect(brandDisplayName('aa-zen', down)).toBe('Zen Play');
    // Failing with nothing read before: no names, ids everywhere.
    expect(brandNamesOf({ brands: [], brandsError: failure, lastKnownBrands: null }).size).toBe(0);
    expect(brandNamesOf(null).size).toBe(0);
    // An older core without the error field: the list is the list.
    expect(brandNamesOf({ brands: LIST }).get('mm-brand10')).toBe('Brand 10');
  });
});

describe('the one brand order', () => {
  it('is by display name (not by id, not by the admin list), case-insensitive, digits by value', () => {
    const ids = LIST.map((b) => b.brandId);
    expect(orderBrandIds(ids, NAMES).map((id) => brandDisplayName(id, NAMES))).toEqual(['Ace Casino', 'brand 2', 'Brand 10', 'Zen Play']);
    // Whatever order the ids arrive in (the metrics sort them; the admin list does not).
    expect(orderBrandIds([...ids].reverse(), NAMES)).toEqual(orderBrandIds([...ids].sort(), NAMES));
  });

  it('puts a brand with no known name where its id falls among the names', () => {
    expect(orderBrandIds(['aa-zen', 'metrics-only', 'zz-ace'], NAMES)).toEqual(['zz-ace', 'metrics-only', 'aa-zen']);
  });

  it('with no names known is the ids', () => {
    expect(orderBrandIds(['teenpatti', 'cricketking', 'royalspin', 'lucky7'], NO_BRAND_NAMES)).toEqual(['cricketking', 'lucky7', 'royalspin', 'teenpatti']);
  });

  it('breaks a tie of names by id, so two brands of one name never swap', () => {
    const twins = brandNames([
      { brandId: 'b-twin', name: 'Twin' },
      { brandId: 'a-twin', name: 'twin' },
    ]);
    expect(orderBrandIds(['b-twin', 'a-twin'], twins)).toEqual(['a-twin', 'b-twin']);
  });

  it('orders whole records and leaves the input as it was', () => {
    const input = [...LIST];
    const out = orderBrands(input, (b) => b.brandId, NAMES);
    expect(out.map((b) => b.name)).toEqual(['Ace Casino', 'brand 2', 'Brand 10', 'Zen Play']);
    expect(input).toEqual(LIST);
  });

  it('puts the demo platform brands by name', () => {
    const demo = brandNames(DEMO_BRANDS.map((b) => ({ brandId: b.brand_id, name: b.name })));
    expect(orderBrandIds(DEMO_BRANDS.map((b) => b.brand_id), demo).map((id) => brandDisplayName(id, demo))).toEqual([
      'Cricket King',
      'Lucky 7',
      'Royal Spin',
      'Teen Patti Club',
    ]);
  });
});

describe('brand ids in the words of a breach', () => {
  /** The core's own suggestion for a p99 breach on the given brands of UPI (the rail as a whole under it). */
  function upiBreach(brands: string[]): string {
    const all = ['aa-zen', 'mm-brand10', 'zz-ace', 'quiet'];
    const tiles = [
      { rail: 'upi', brand: null, p99Ms: 150, approval: 0.93, approvalBaseline: 0.93, status: 'ok' as const },
      ...all.map((brand) => ({ rail: 'upi', brand, p99Ms: brands.includes(brand) ? 420 : 110, approval: 0.93, approvalBaseline: 0.93, status: 'ok' as const })),
    ];
    const out = suggest({
      thresholds: DEFAULT_THRESHOLDS,
      brands: all,
      tiles,
      errorRatio: { value: 0, status: 'ok' },
      backlog: { providers: [], status: 'ok' },
      gateway: { status: 'ok', fresh: true },
    });
    expect(out).toHaveLength(1);
    return out[0]!.message;
  }

  it('name one brand by its display name', () => {
    const message = upiBreach(['zz-ace']);
    expect(message).toMatch(/^upi × zz-ace: p99 /);
    expect(nameBrandsIn(message, NAMES)).toBe(message.replace('zz-ace', 'Ace Casino'));
  });

  it('name several brands by display name, in the one brand order', () => {
    const message = upiBreach(['aa-zen', 'zz-ace', 'mm-brand10']);
    expect(message).toMatch(/^upi \((aa-zen|mm-brand10|zz-ace), (aa-zen|mm-brand10|zz-ace), (aa-zen|mm-brand10|zz-ace)\): p99 /);
    expect(nameBrandsIn(message, NAMES)).toMatch(/^upi \(Ace Casino, Brand 10, Zen Play\): p99 \d+ ms \(limit 200 ms\)$/);
  });

  it('leave what is not a whole brand id alone, and everything after the first ": "', () => {
    expect(nameBrandsIn('upi × zz-acex: zz-ace p99', NAMES)).toBe('upi × zz-acex: zz-ace p99');
    expect(nameBrandsIn('upi latency (p99, p95) · zz-ace', NAMES)).toBe('upi latency (p99, p95) · Ace Casino');
    expect(nameBrandsIn('Latency breach on 3 rails (upi, imps, cards): wide blast radius', NAMES)).toBe('Latency breach on 3 rails (upi, imps, cards): wide blast radius');
    // A list with a brand of no known name: named where known, left in the core's order.
    expect(nameBrandsIn('upi (zz-ace, quiet): p99', NAMES)).toBe('upi (Ace Casino, quiet): p99');
    expect(nameBrandsIn('upi × zz-ace: p99', NO_BRAND_NAMES)).toBe('upi × zz-ace: p99');
  });
});
