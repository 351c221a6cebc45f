import { expect, type Locator, type Page } from '@playwright/test';

export interface Size {
  width: number;
  height: number;
}

/**
 * Everything on the wall that does not fit, measured in the page: a text element narrower than
 * its text (scrollWidth > clientWidth), text drawn outside its tile, card, strip or bar, outside
 * an ancestor that clips it, or outside the viewport, and anything drawn over a strip. Returns
 * one line per problem; none is the pass. Self-contained: it runs in the browser.
 */
export function wallLayoutProblems(): string[] {
  const SLACK = 1; // sub-pixel rounding
  const problems: string[] = [];
  const wall = document.querySelector('.wall');
  if (!wall) return ['no .wall on the page'];
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  const name = (el: Element) => {
    const cls = [...el.classList].slice(0, 3).join('.');
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 70);
    return `<${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}> "${text}"`;
  };
  type Box = { left: number; right: number; top: number; bottom: number };
  const inside = (r: Box, o: Box) => r.left >= o.left - SLACK && r.right <= o.right + SLACK && r.top >= o.top - SLACK && r.bottom <= o.bottom + SLACK;
  const meets = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > SLACK && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > SLACK;
  const px = (r: Box) => `[${Math.round(r.left)},${Math.round(r.top)} – ${Math.round(r.right)},${Math.round(r.bottom)}]`;
  const BOXES = '.wall-tile, .wall-hero, .wall-card, .wall-strip, .wall-bar, .wall-env, .wall-nodata, .wall-backlog-item';
  const strips = [...wall.querySelectorAll('.wall-strip')];

  // 1. Elements: none wider (or, where it clips, taller) than its box.
  for (const el of wall.querySelectorAll('*')) {
    if (!(el instanceof HTMLElement)) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'inline' || cs.display === 'none' || el.clientWidth === 0) continue;
    if (!(el.textContent ?? '').trim()) continue;
    if (el.scrollWidth > el.clientWidth + SLACK) problems.push(`${name(el)} is ${el.scrollWidth}px of content in ${el.clientWidth}px`);
    const clipsY = cs.overflowY !== 'visible' || cs.overflow === 'hidden';
    if (clipsY && el.scrollHeight > el.clientHeight + SLACK) problems.push(`${name(el)} clips ${el.scrollHeight - el.clientHeight}px of its content at the bottom`);
  }

  // 2. Text: every run of text inside the viewport, its box, every clipping ancestor; none over a strip.
  const walker = document.createTreeWalker(wall, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!(n.textContent ?? '').trim()) continue;
    const el = n.parentElement!;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const what = `text "${(n.textContent ?? '').trim().slice(0, 50)}" ${px(r)}`;
    if (!inside(r, { left: 0, top: 0, right: vw, bottom: vh })) problems.push(`${what} is outside the ${vw}×${vh} viewport`);
    const box = el.closest(BOXES);
    if (box && !inside(r, box.getBoundingClientRect())) problems.push(`${what} overflows its ${name(box)} ${px(box.getBoundingClientRect())}`);
    for (let a = el.parentElement; a && a !== wall.parentElement; a = a.parentElement) {
      const acs = getComputedStyle(a);
      if (acs.overflowX === 'visible' && acs.overflowY === 'visible') continue;
      if (!inside(r, a.getBoundingClientRect())) problems.push(`${what} is clipped by ${name(a)} ${px(a.getBoundingClientRect())}`);
    }
    for (const s of strips) if (!s.contains(n) && meets(r, s.getBoundingClientRect())) problems.push(`${what} is drawn over the strip ${name(s)}`);
  }

  // 3. No box over a strip, and strips not over one another.
  for (const s of strips) {
    const sr = s.getBoundingClientRect();
    for (const b of wall.querySelectorAll(`${BOXES}, .wall-body, .wall-matrix, .wall-rail, .wall-health`)) {
      if (b === s || s.contains(b) || b.contains(s)) continue;
      if (meets(sr, b.getBoundingClientRect())) problems.push(`${name(b)} ${px(b.getBoundingClientRect())} overlaps the strip ${name(s)} ${px(sr)}`);
    }
  }
  return [...new Set(problems)];
}

/** The NOC wall as a viewer across the room reads it. */
export class WallScreen {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** A fresh load of the wall (the playlist is read at load). */
  async open() {
    await this.page.goto('about:blank');
    await this.page.goto(`${this.baseUrl}/#/wall`);
    await expect(this.page.locator('.wall')).toBeVisible();
  }

  get status(): Locator {
    return this.page.getByTestId('wall-status');
  }

  get alert(): Locator {
    return this.page.getByTestId('wall-alert');
  }

  get levers(): Locator {
    return this.page.getByTestId('wall-levers');
  }

  get title(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** A cell of the matrix or a rail slide; brand null is the rail across all brands. */
  tile(rail: string, brand: string | null): Locator {
    return this.page.locator(`[data-tile="${rail}:${brand ?? '*'}"]`);
  }

  /** Measures at each size; `label` names the state and slide in the failure. */
  async expectFits(sizes: readonly Size[], label: string) {
    for (const size of sizes) {
      await this.page.setViewportSize(size);
      await this.page.evaluate(() => document.fonts.ready.then(() => undefined));
      const problems = await this.page.evaluate(wallLayoutProblems);
      expect(problems, `${label} at ${size.width}×${size.height}`).toEqual([]);
    }
  }
}
