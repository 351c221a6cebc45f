import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api.ts';
import {
  BUNDLED_IDS,
  PATHS,
  call,
  manualClock,
  openCore,
  runbookMarkdown,
  value,
  writeFile,
  writeRunbook,
} from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';
import { waitFor } from '../helpers/wait.ts';

const scratch = useScratch();

const STEPS_V1 = ['1. Open the rail dashboard.', '2. Halt deposits on the slow rail.', '3. Page the provider.', ''].join('\n');
const STEPS_V2 = ['1. Open the rail dashboard.', '2. Halt deposits for the affected brand only.', '3. Page the provider.', ''].join('\n');
const upiRunbook = (body: string) => runbookMarkdown({ id: 'upi-timeouts', title: 'UPI timeouts', severity: 'SEV-2', tags: ['upi'], body });

describe('first start', () => {
  it('imports the 9 bundled runbooks, each at version 1, and lists them', async () => {
    const core = openCore(scratch);
    const [bundled] = core.startupReports;
    expect(bundled).toMatchObject({ source: 'bundled', scanned: 9, imported: 9, unchanged: 0, rejected: [], shadowed: [], error: null });

    const list = await value(core, 'runbooks.list');
    expect(list.map((r) => r.id).sort()).toEqual([...BUNDLED_IDS]);
    expect(list.every((r) => r.version === 1 && r.source === 'bundled')).toBe(true);

    const sources = await value(core, 'runbooks.sources');
    expect(sources).toEqual([expect.objectContaining({ kind: 'bundled', location: PATHS.bundledRunbooksDir, runbookCount: 9, lastError: null })]);
  });

  it('a bundled runbook reads back with its front matter and Markdown', async () => {
    const core = openCore(scratch);
    const rb = await value(core, 'runbooks.get', { id: 'rail-latency-spike' });
    expect(rb).toMatchObject({ id: 'rail-latency-spike', title: 'Rail latency spike', severityHint: 'SEV2', version: 1, latestVersion: 1 });
    expect(rb.tags).toContain('latency');
    expect(rb.markdown).toBe(readFileSync(join(PATHS.bundledRunbooksDir, 'rail-latency-spike.md'), 'utf8'));
    expect(rb.body.startsWith('---')).toBe(false);
    expect(rb.body).toContain('# Rail latency spike');
    expect(rb.source).toEqual({ kind: 'bundled', location: PATHS.bundledRunbooksDir, path: 'rail-latency-spike.md' });
  });

  it('restarting the console on the same profile adds no versions', async () => {
    const dataDir = join(scratch.tempDir(), 'profile');
    const first = openCore(scratch, { dataDir });
    first.close();
    const second = openCore(scratch, { dataDir });
    expect(second.startupReports[0]).toMatchObject({ imported: 0, unchanged: 9 });
    expect((await value(second, 'runbooks.history', { id: 'incident-response' })).map((v) => v.version)).toEqual([1]);
  });

  it('an unknown runbook id is not_found, not an error', async () => {
    const core = openCore(scratch);
    const r = await call(core, 'runbooks.get', { id: 'no-such-runbook' });
    expect(r).toEqual({ ok: false, error: { code: 'not_found', message: 'No runbook "no-such-runbook"' } });
  });
});

describe('a team folder of runbooks', () => {
  it('adding a folder imports its runbooks next to the bundled ones and emits runbooks.changed', async () => {
    const core = openCore(scratch);
    const folder = scratch.tempDir('runbooks-');
    writeFile(folder, 'upi/timeouts.md', upiRunbook(STEPS_V1));
    writeRunbook(folder, 'settlement-lag.md', { id: 'settlement-lag', title: 'Settlement lag' });
    const seen: EventPayload<'runbooks.changed'>[] = [];
    core.events.subscribe((name, payload) => {
      if (name === 'runbooks.changed') seen.push(payload);
    });

    const report = await value(core, 'runbooks.addFolder', { dir: folder });
    expect(report).toMatchObject({ source: 'folder', location: folder, scanned: 2, imported: 2, rejected: [], error: null });
    expect(seen).toEqual([{ sourceId: report.sourceId, imported: 2 }]);

    const rb = await value(core, 'runbooks.get', { id: 'upi-timeouts' });
    expect(rb.severityHint).toBe('SEV2');
    expect(rb.source).toMatchObject({ kind: 'folder', location: folder, path: join('upi', 'timeouts.md') });
    expect((await value(core, 'runbooks.list')).length).toBe(11);
  });

  it('a folder that does not exist cannot be added', async () => {
    const core = openCore(scratch);
    const missing = join(scratch.tempDir(), 'not-there');
    const r = await call(core, 'runbooks.addFolder', { dir: missing });
    expect(r.ok ? 'added' : r.error.code).toBe('not_found');
    expect((await value(core, 'runbooks.sources')).map((s) => s.kind)).toEqual(['bundled']);
  });

  it('a file instead of a folder cannot be added', async () => {
    const core = openCore(scratch);
    const file = writeRunbook(scratch.tempDir(), 'one.md', { id: 'one', title: 'One' });
    const r = await call(core, 'runbooks.addFolder', { dir: file });
    expect(r.ok ? 'added' : r.error.code).toBe('invalid');
  });

  it('hidden folders and node_modules are not scanned', async () => {
    const core = openCore(scratch);
    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'real.md', { id: 'real', title: 'Real' });
    writeRunbook(folder, '.git/stale.md', { id: 'stale', title: 'Stale' });
    writeRunbook(folder, 'node_modules/pkg/readme.md', { id: 'pkg', title: 'Pkg' });
    writeFile(folder, 'notes.txt', 'not a runbook');
    const report = await value(core, 'runbooks.addFolder', { dir: folder });
    expect(report).toMatchObject({ scanned: 1, imported: 1 });
  });

  it('editing a runbook creates version 2; history lists both and the diff shows the changed line', async () => {
    const clock = manualClock('2026-03-14T03:14:00.000Z');
    const core = openCore(scratch, { clock });
    const folder = scratch.tempDir('runbooks-');
    const file = writeFile(folder, 'upi-timeouts.md', upiRunbook(STEPS_V1));
    await value(core, 'runbooks.addFolder', { dir: folder });

    clock.advance(60 * 60 * 1000);
    writeFileSync(file, upiRunbook(STEPS_V2));
    const [, folderReport] = await value(core, 'runbooks.resync');
    expect(folderReport).toMatchObject({ imported: 1, unchanged: 0 });

    const history = await value(core, 'runbooks.history', { id: 'upi-timeouts' });
    expect(history.map((v) => [v.version, v.importedAt])).toEqual([
      [2, '2026-03-14T04:14:00.000Z'],
      [1, '2026-03-14T03:14:00.000Z'],
    ]);
    expect(history[0]!.contentHash).not.toBe(history[1]!.contentHash);

    const diff = await value(core, 'runbooks.diff', { id: 'upi-timeouts', from: 1, to: 2 });
    expect(diff).toMatchObject({ id: 'upi-timeouts', from: 1, to: 2, added: 1, removed: 1 });
    const changed = diff.hunks.flatMap((h) => h.lines).filter((l) => l.kind !== 'ctx');
    expect(changed.map((l) => [l.kind, l.text])).toEqual([
      ['del', '2. Halt deposits on the slow rail.'],
      ['add', '2. Halt deposits for the affected brand only.'],
    ]);
    // Line numbers point at the same line of each version's Markdown.
    const del = changed[0]!;
    const add = changed[1]!;
    expect(upiRunbook(STEPS_V1).split('\n')[del.oldLine! - 1]).toBe(del.text);
    expect(upiRunbook(STEPS_V2).split('\n')[add.newLine! - 1]).toBe(add.text);

    // The current version is 2; version 1 is still readable as it was.
    expect(await value(core, 'runbooks.get', { id: 'upi-timeouts' })).toMatchObject({ version: 2, latestVersion: 2 });
    const v1 = await value(core, 'runbooks.get', { id: 'upi-timeouts', version: 1 });
    expect(v1).toMatchObject({ version: 1, latestVersion: 2 });
    expect(v1.markdown).toContain('Halt deposits on the slow rail.');
  });

  it('a diff against a version that does not exist is not_found', async () => {
    const core = openCore(scratch);
    const r = await call(core, 'runbooks.diff', { id: 'rail-latency-spike', from: 1, to: 7 });
    expect(r.ok ? 'diffed' : r.error.code).toBe('not_found');
  });

  it('re-importing an unchanged folder creates no version and emits nothing', async () => {
    const core = openCore(scratch);
    const folder = scratch.tempDir('runbooks-');
    writeFile(folder, 'upi-timeouts.md', upiRunbook(STEPS_V1));
    await value(core, 'runbooks.addFolder', { dir: folder });
    let events = 0;
    core.events.subscribe(() => events++);

    const reports = await value(core, 'runbooks.resync');
    expect(reports.map((r) => [r.source, r.imported, r.unchanged])).toEqual([
      ['bundled', 0, 9],
      ['folder', 0, 1],
    ]);
    expect((await value(core, 'runbooks.history', { id: 'upi-timeouts' })).length).toBe(1);
    expect(events).toBe(0);
  });

  it('a folder runbook with a bundled id wins, and the bundled copy does not flip it back', async () => {
    const dataDir = join(scratch.tempDir(), 'profile');
    const core = openCore(scratch, { dataDir });
    const folder = scratch.tempDir('runbooks-');
    const ours = runbookMarkdown({ id: 'rail-latency-spike', title: 'Rail latency spike (our version)', severity: 'SEV1', body: 'Call Priya first.\n' });
    writeFile(folder, 'rail-latency-spike.md', ours);

    const added = await value(core, 'runbooks.addFolder', { dir: folder });
    expect(added).toMatchObject({ imported: 1, shadowed: [] });
    // The folder's report says what it overrides, and so does the runbook.
    expect(added.overrides).toEqual([{ file: 'rail-latency-spike.md', reason: expect.stringMatching(/replaces the copy from the bundled source .*rail-latency-spike\.md/) }]);
    expect(await value(core, 'runbooks.get', { id: 'rail-latency-spike' })).toMatchObject({
      version: 2,
      title: 'Rail latency spike (our version)',
      source: { kind: 'folder', location: folder },
      overrides: [{ source: 'bundled', location: PATHS.bundledRunbooksDir, path: 'rail-latency-spike.md' }],
    });
    // The bundled set's report says its copy is skipped now, not only after its next import.
    const [bundledNow] = await value(core, 'runbooks.lastReports');
    expect(bundledNow!.shadowed).toEqual([{ file: 'rail-latency-spike.md', reason: expect.stringMatching(/folder source/) }]);
    // Version 1 is the bundled copy: it replaces nothing.
    expect((await value(core, 'runbooks.get', { id: 'rail-latency-spike', version: 1 })).overrides).toBeUndefined();

    const [bundled] = await value(core, 'runbooks.resync');
    expect(bundled).toMatchObject({ source: 'bundled', imported: 0, unchanged: 8 });
    expect(bundled!.shadowed).toEqual([{ file: 'rail-latency-spike.md', reason: expect.stringMatching(/folder source/) }]);
    expect(await value(core, 'runbooks.get', { id: 'rail-latency-spike' })).toMatchObject({ version: 2, title: 'Rail latency spike (our version)' });

    // After a restart, the bundled import runs first and still does not take it back.
    core.close();
    const again = openCore(scratch, { dataDir });
    expect(again.startupReports[0]!.shadowed.map((s) => s.file)).toEqual(['rail-latency-spike.md']);
    expect(again.startupReports[1]!.overrides!.map((s) => s.file)).toEqual(['rail-latency-spike.md']);
    expect(await value(again, 'runbooks.get', { id: 'rail-latency-spike' })).toMatchObject({ version: 2, source: { kind: 'folder' } });
    expect((await value(again, 'runbooks.history', { id: 'rail-latency-spike' })).map((v) => v.source)).toEqual(['folder', 'bundled']);
  });

  it('a folder given at first start that overrides a bundled runbook says so in both reports and on the runbook', async () => {
    const folder = scratch.tempDir('runbooks-');
    writeFile(folder, 'ours/rail-latency-spike.md', runbookMarkdown({ id: 'rail-latency-spike', title: 'Rail latency spike (ours)' }));
    const core = openCore(scratch, { runbookFolders: [folder] });

    const [bundled, ours] = core.startupReports;
    expect(bundled!.shadowed).toEqual([{ file: 'rail-latency-spike.md', reason: `"rail-latency-spike" is provided by the folder source ${folder}, which takes precedence` }]);
    expect(ours!.overrides).toEqual([{ file: join('ours', 'rail-latency-spike.md'), reason: expect.stringContaining(PATHS.bundledRunbooksDir) }]);
    expect(await value(core, 'runbooks.lastReports')).toEqual(core.startupReports);
    expect(await value(core, 'runbooks.get', { id: 'rail-latency-spike' })).toMatchObject({
      title: 'Rail latency spike (ours)',
      overrides: [{ source: 'bundled', location: PATHS.bundledRunbooksDir, path: 'rail-latency-spike.md' }],
    });
    // A runbook nobody overrides says nothing about it.
    expect((await value(core, 'runbooks.get', { id: 'webhook-backlog' })).overrides).toBeUndefined();
  });

  it('removing the overriding folder gives the runbook back to the bundled set, which overrides nothing', async () => {
    const folder = scratch.tempDir('runbooks-');
    writeFile(folder, 'rail-latency-spike.md', runbookMarkdown({ id: 'rail-latency-spike', title: 'Rail latency spike (ours)' }));
    const core = openCore(scratch);
    const { sourceId } = await value(core, 'runbooks.addFolder', { dir: folder });
    await value(core, 'runbooks.removeFolder', { sourceId });
    const [bundled] = await value(core, 'runbooks.resync');
    expect(bundled).toMatchObject({ imported: 1, shadowed: [], overrides: [] });
    const rb = await value(core, 'runbooks.get', { id: 'rail-latency-spike' });
    expect(rb).toMatchObject({ title: 'Rail latency spike', source: { kind: 'bundled' } });
    expect(rb.overrides).toBeUndefined();
  });

  it('removing a folder keeps what it imported readable and searchable, and stops syncing it', async () => {
    const core = openCore(scratch);
    const folder = scratch.tempDir('runbooks-');
    const file = writeFile(folder, 'upi-timeouts.md', upiRunbook('Escalate to the zanzibar bridge.\n'));
    const { sourceId } = await value(core, 'runbooks.addFolder', { dir: folder });

    expect(await value(core, 'runbooks.removeFolder', { sourceId })).toEqual({ removed: true });
    expect((await value(core, 'runbooks.sources')).map((s) => s.kind)).toEqual(['bundled']);
    expect(await value(core, 'runbooks.get', { id: 'upi-timeouts' })).toMatchObject({ version: 1 });
    const hits = (await value(core, 'runbooks.search', { query: 'zanzibar' })).hits;
    expect(hits.map((h) => h.id)).toEqual(['upi-timeouts']);

    // Edits in the removed folder are no longer picked up.
    writeFileSync(file, upiRunbook('Escalate to the new bridge.\n'));
    await value(core, 'runbooks.resync');
    expect((await value(core, 'runbooks.history', { id: 'upi-timeouts' })).length).toBe(1);

    // Removing it twice, or removing the bundled set, is refused.
    expect(await call(core, 'runbooks.removeFolder', { sourceId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const bundledId = (await value(core, 'runbooks.sources'))[0]!.id;
    expect(await call(core, 'runbooks.removeFolder', { sourceId: bundledId })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('a removed folder added again comes back without duplicating versions', async () => {
    const core = openCore(scratch);
    const folder = scratch.tempDir('runbooks-');
    writeFile(folder, 'upi-timeouts.md', upiRunbook(STEPS_V1));
    const { sourceId } = await value(core, 'runbooks.addFolder', { dir: folder });
    await value(core, 'runbooks.removeFolder', { sourceId });
    const again = await value(core, 'runbooks.addFolder', { dir: folder });
    expect(again).toMatchObject({ sourceId, imported: 0, unchanged: 1 });
    expect((await value(core, 'runbooks.sources')).map((s) => s.kind)).toEqual(['bundled', 'folder']);
  });

  it('folders given at start (--runbooks) are imported after the bundled set', async () => {
    const folder = scratch.tempDir('runbooks-');
    writeFile(folder, 'upi-timeouts.md', upiRunbook(STEPS_V1));
    const core = openCore(scratch, { runbookFolders: [folder] });
    expect(core.startupReports.map((r) => [r.source, r.imported])).toEqual([
      ['bundled', 9],
      ['folder', 1],
    ]);
    expect((await value(core, 'runbooks.lastReports')).map((r) => r.location)).toEqual([PATHS.bundledRunbooksDir, folder]);
  });
});

describe('watching a folder', () => {
  it('an edit saved in a watched folder is re-imported by itself and announced', async () => {
    const core = openCore(scratch, { watch: true });
    const folder = scratch.tempDir('runbooks-');
    const file = writeFile(folder, 'upi-timeouts.md', upiRunbook(STEPS_V1));
    const { sourceId } = await value(core, 'runbooks.addFolder', { dir: folder });
    const seen: EventPayload<'runbooks.changed'>[] = [];
    core.events.subscribe((name, payload) => {
      if (name === 'runbooks.changed') seen.push(payload);
    });

    writeFileSync(file, upiRunbook(STEPS_V2));

    const rb = await waitFor('the edit to be imported as version 2', async () => {
      const r = await value(core, 'runbooks.get', { id: 'upi-timeouts' });
      return r.version === 2 ? r : undefined;
    });
    expect(rb.markdown).toContain('Halt deposits for the affected brand only.');
    await waitFor('a runbooks.changed event', () => seen.length > 0);
    expect(seen[0]).toEqual({ sourceId, imported: 1 });
  });

  it('a new file dropped into a watched folder appears without a resync', async () => {
    const core = openCore(scratch, { watch: true });
    const folder = scratch.tempDir('runbooks-');
    writeFile(folder, 'upi-timeouts.md', upiRunbook(STEPS_V1));
    await value(core, 'runbooks.addFolder', { dir: folder });

    writeRunbook(folder, 'nested/psp-outage.md', { id: 'psp-outage', title: 'PSP outage' });
    await waitFor('psp-outage to be imported', async () => (await call(core, 'runbooks.get', { id: 'psp-outage' })).ok);
  });
});
