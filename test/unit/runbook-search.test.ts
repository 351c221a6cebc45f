import { writeFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../electron/core/console-core.ts';
import { SNIPPET_CLOSE, SNIPPET_OPEN, type SearchArgs } from '../../shared/runbooks.ts';
import { BUNDLED_IDS, openCore, runbookMarkdown, value, writeFile, writeRunbook } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
let core: ConsoleCore;
beforeEach(() => {
  core = openCore(scratch);
});

const search = (args: SearchArgs) => value(core, 'runbooks.search', args);
const idsOf = async (args: SearchArgs) => (await search(args)).hits.map((h) => h.id);
/** The words the snippet highlights. */
const marked = (snippet: string) =>
  [...snippet.matchAll(new RegExp(`${SNIPPET_OPEN}([^${SNIPPET_CLOSE}]*)${SNIPPET_CLOSE}`, 'g'))].map((m) => m[1]!.toLowerCase());

describe('searching the runbook library', () => {
  it.each([
    ['latency', 'rail-latency-spike'],
    ['rollback', 'deploy-rollback'],
    ['webhook', 'webhook-backlog'],
    ['fraud', 'fraud-cluster'],
    ['postmortem', 'postmortem-template'],
  ])('"%s": the runbook with it in the title comes first', async (query, first) => {
    const { hits } = await search({ query });
    expect(hits[0]?.id).toBe(first);
  });

  it('results are ordered best first', async () => {
    const { hits } = await search({ query: 'latency' });
    expect(hits.length).toBeGreaterThan(2);
    const ranks = hits.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('a title match outranks a runbook that only mentions the word in its body, however often', async () => {
    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'chatty.md', {
      id: 'chatty',
      title: 'Provider escalation',
      body: 'Webhook webhook webhook. The webhook queue and webhook retries and webhook signatures.\n',
    });
    await value(core, 'runbooks.addFolder', { dir: folder });
    const ids = await idsOf({ query: 'webhook' });
    expect(ids.indexOf('webhook-backlog')).toBeLessThan(ids.indexOf('chatty'));
  });

  it('the snippet marks each match with \\u0001 … \\u0002 so the UI can highlight without HTML', async () => {
    const { hits } = await search({ query: 'latency' });
    for (const h of hits) {
      expect(h.snippet, h.id).toContain(SNIPPET_OPEN);
      expect(marked(h.snippet), h.id).toContain('latency');
      expect(h.snippet).not.toMatch(/<\/?[a-z]+>/i);
    }
  });

  it('typing "laten" already finds the latency runbook (the last word is a prefix)', async () => {
    expect(await idsOf({ query: 'laten' })).toContain('rail-latency-spike');
    expect(await idsOf({ query: 'rail laten' })).toContain('rail-latency-spike');
    expect(marked((await search({ query: 'laten' })).hits[0]!.snippet)[0]).toMatch(/^laten/);
  });

  it('all the words must match', async () => {
    const both = await idsOf({ query: 'fraud latency' });
    expect(both).not.toContain('fraud-cluster');
    expect(await idsOf({ query: 'fraud cluster' })).toContain('fraud-cluster');
  });

  it('a word found nowhere gives no hits, not an error', async () => {
    expect(await search({ query: 'xylophone' })).toEqual({ hits: [], truncated: false });
  });

  it('finds runbooks by tag words', async () => {
    expect(await idsOf({ query: 'chargebacks' })).toContain('fraud-cluster');
  });

  it('diacritics do not matter: "réconciliation" finds reconciliation', async () => {
    expect(await idsOf({ query: 'réconciliation' })).toContain('recon-mismatch');
  });

  it('limit caps the hits and says more matched', async () => {
    const all = await search({ query: 'latency', limit: 200 });
    expect(all.truncated).toBe(false);
    const two = await search({ query: 'latency', limit: 2 });
    expect(two.hits.map((h) => h.id)).toEqual(all.hits.slice(0, 2).map((h) => h.id));
    expect(two.truncated).toBe(true);
  });

  it('only the current version is searched: words removed by an edit no longer match', async () => {
    const folder = scratch.tempDir('runbooks-');
    const file = writeFile(folder, 'upi.md', runbookMarkdown({ id: 'upi-timeouts', title: 'UPI timeouts', body: 'Call the zanzibar desk.\n' }));
    await value(core, 'runbooks.addFolder', { dir: folder });
    expect(await idsOf({ query: 'zanzibar' })).toEqual(['upi-timeouts']);

    writeFileSync(file, runbookMarkdown({ id: 'upi-timeouts', title: 'UPI timeouts', body: 'Call the kilimanjaro desk.\n' }));
    await value(core, 'runbooks.resync');
    expect(await idsOf({ query: 'zanzibar' })).toEqual([]);
    expect(await idsOf({ query: 'kilimanjaro' })).toEqual(['upi-timeouts']);
  });
});

describe('filters', () => {
  it('no words and no filters lists every runbook by title, with a lead snippet', async () => {
    const { hits, truncated } = await search({});
    expect(hits.map((h) => h.id).sort()).toEqual([...BUNDLED_IDS]);
    const titles = hits.map((h) => h.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    expect(truncated).toBe(false);
    expect(hits.every((h) => h.snippet.length > 0)).toBe(true);
  });

  it('severity alone', async () => {
    expect((await idsOf({ severity: 'SEV1' })).sort()).toEqual(['dns-cert-emergency', 'incident-response']);
    expect(await idsOf({ severity: 'SEV4' })).toEqual(['postmortem-template']);
    expect(await idsOf({ severity: 'SEV3' })).toEqual([]);
  });

  it('severity with words: only matches of that severity', async () => {
    const any = await idsOf({ query: 'latency' });
    const sev1 = await idsOf({ query: 'latency', severity: 'SEV1' });
    expect(any).toContain('rail-latency-spike');
    expect(sev1).not.toContain('rail-latency-spike');
    expect(sev1).toContain('incident-response');
    const severities = (await search({ query: 'latency', severity: 'SEV1' })).hits.map((h) => h.severityHint);
    expect(new Set(severities)).toEqual(new Set(['SEV1']));
  });

  it('one tag alone', async () => {
    expect((await idsOf({ tags: ['withdrawals'] })).sort()).toEqual(['fraud-cluster', 'recon-mismatch']);
  });

  it('several tags mean all of them (AND), not any', async () => {
    expect(await idsOf({ tags: ['withdrawals', 'money'] })).toEqual(['recon-mismatch']);
    expect((await idsOf({ tags: ['upi', 'cards'] })).sort()).toEqual(['approval-rate-degraded', 'rail-latency-spike']);
    expect(await idsOf({ tags: ['fraud', 'latency'] })).toEqual([]);
  });

  it('the same tag twice, or in capitals, is still one tag', async () => {
    expect(await idsOf({ tags: ['MONEY', 'money'] })).toEqual(['recon-mismatch']);
  });

  it('tags with words', async () => {
    const ids = await idsOf({ query: 'deposits', tags: ['upi', 'cards'] });
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => ['approval-rate-degraded', 'rail-latency-spike'].includes(id))).toBe(true);
    expect(await idsOf({ query: 'fraud', tags: ['withdrawals', 'money'] })).not.toContain('fraud-cluster');
  });

  it('tags and severity together', async () => {
    expect(await idsOf({ tags: ['rails'], severity: 'SEV2' })).toEqual(expect.arrayContaining(['rail-latency-spike', 'approval-rate-degraded']));
    expect(await idsOf({ tags: ['dns'], severity: 'SEV2' })).toEqual([]);
  });

  it('facets count runbooks per tag and severity for the filter chips', async () => {
    const facets = await value(core, 'runbooks.facets');
    expect(facets.total).toBe(9);
    expect(facets.severities).toEqual([
      { severity: 'SEV1', count: 2 },
      { severity: 'SEV2', count: 6 },
      { severity: 'SEV4', count: 1 },
    ]);
    expect(facets.tags).toContainEqual({ tag: 'withdrawals', count: 2 });
  });
});
