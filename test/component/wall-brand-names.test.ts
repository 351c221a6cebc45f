// The wall names brands as every other screen does: by display name, in the one brand order.
import { describe, expect, it } from 'vitest';
import { brandNames } from '../../shared/brands.ts';
import { DEMO_BRANDS, syntheticDashboard } from '../../renderer/src/bench/synthetic.ts';
import { wallBreaches } from '../../renderer/src/features/wall/wall-status.ts';

const names = brandNames([
  { brandId: 'royalspin', name: 'Royal Spin' },
  { brandId: 'lucky7', name: 'Lucky 7' },
  { brandId: 'teenpatti', name: 'A Teen Patti Club' },
  { brandId: 'cricketking', name: 'Zed Cricket King' },
]);

describe('wall breach strip', () => {
  it('names the brands an approval breach is on by display name, in name order', () => {
    const d = syntheticDashboard(Date.now(), 3, DEMO_BRANDS);
    for (const t of d.tiles) if (t.rail === 'upi' && (t.brand === 'royalspin' || t.brand === 'cricketking')) t.breaches = ['approval'];
    const text = wallBreaches(d, () => true, names).map((b) => b.text);
    expect(text).toContain('UPI approval ▼ on Royal Spin, Zed Cricket King');
  });

  it('without names known, says the ids (never nothing)', () => {
    const d = syntheticDashboard(Date.now(), 3, DEMO_BRANDS);
    for (const t of d.tiles) if (t.rail === 'upi' && t.brand === 'royalspin') t.breaches = ['latency'];
    expect(wallBreaches(d, () => true).map((b) => b.text).join('\n')).toMatch(/UPI p99 over \d+ ms on royalspin/);
  });
});
