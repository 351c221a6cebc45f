import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../electron/core/console-core.ts';
import { manualClock, openCore, runbookMarkdown, value, writeFile, writeRunbook } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

/** A realistic messy docs/runbooks checkout: three good runbooks and one of each kind of mistake. */
function messyFolder(): string {
  const folder = scratch.tempDir('runbooks-');
  writeRunbook(folder, 'a-upi-timeouts.md', { id: 'upi-timeouts', title: 'UPI timeouts', severity: 'p2', tags: ['upi'] });
  writeRunbook(folder, 'b-settlement-lag.md', { id: 'settlement-lag', title: 'Settlement lag', tags: ['settlement'] });
  writeRunbook(folder, 'deep/c-kyc-queue.md', { id: 'kyc-queue', title: 'KYC queue stuck' });
  writeFile(folder, 'notes.md', '# Meeting notes\n\nNo front matter here.\n');
  writeFile(folder, 'broken-yaml.md', '---\nid: broken\ntitle: [Broken\n---\nbody\n');
  writeRunbook(folder, 'z-copy-of-upi.md', { id: 'upi-timeouts', title: 'UPI timeouts (copy)' });
  writeFile(folder, 'huge.md', '---\nid: huge\ntitle: Huge\n---\n' + 'x'.repeat(10 * 1024 * 1024));
  writeFile(folder, 'diagram.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  return folder;
}

async function ids(core: ConsoleCore): Promise<string[]> {
  return (await value(core, 'runbooks.list')).map((r) => r.id).sort();
}

describe('a folder with good and bad files', () => {
  it('imports the good runbooks and reports each bad file with its reason', async () => {
    const core = openCore(scratch);
    const report = await value(core, 'runbooks.addFolder', { dir: messyFolder() });

    expect(report).toMatchObject({ scanned: 8, imported: 3, error: null });
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.file, r.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['broken-yaml.md', 'diagram.md', 'huge.md', 'notes.md', 'z-copy-of-upi.md']);
    expect(reasons['notes.md']).toMatch(/no YAML front matter/);
    expect(reasons['broken-yaml.md']).toMatch(/bad YAML in front matter/);
    expect(reasons['z-copy-of-upi.md']).toBe('duplicate id "upi-timeouts": already defined in a-upi-timeouts.md');
    expect(reasons['huge.md']).toBe('file is 10.0 MiB, over the 1.0 MiB limit');
    expect(reasons['diagram.md']).toMatch(/binary file/);

    // The first file with an id wins; the copy did not overwrite it.
    expect(await value(core, 'runbooks.get', { id: 'upi-timeouts' })).toMatchObject({ title: 'UPI timeouts', severityHint: 'SEV2' });
    expect((await value(core, 'runbooks.get', { id: 'kyc-queue' })).source.path).toBe(join('deep', 'c-kyc-queue.md'));
    expect(await ids(core)).toEqual(expect.arrayContaining(['kyc-queue', 'settlement-lag', 'upi-timeouts']));
    expect(await ids(core)).not.toContain('huge');
  });

  it('the report is kept for the Settings screen (runbooks.lastReports)', async () => {
    const core = openCore(scratch);
    const report = await value(core, 'runbooks.addFolder', { dir: messyFolder() });
    const kept = (await value(core, 'runbooks.lastReports')).find((r) => r.sourceId === report.sourceId);
    expect(kept).toEqual(report);
  });
});

describe('nothing cached is lost', () => {
  async function folderWithTwoRunbooks(core: ConsoleCore) {
    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'upi-timeouts.md', { id: 'upi-timeouts', title: 'UPI timeouts', body: 'Check the zanzibar gateway.\n' });
    writeRunbook(folder, 'settlement-lag.md', { id: 'settlement-lag', title: 'Settlement lag' });
    const report = await value(core, 'runbooks.addFolder', { dir: folder });
    expect(report.imported).toBe(2);
    return { folder, sourceId: report.sourceId };
  }

  async function expectStillThere(core: ConsoleCore) {
    expect(await value(core, 'runbooks.get', { id: 'upi-timeouts' })).toMatchObject({ version: 1, title: 'UPI timeouts' });
    expect(await value(core, 'runbooks.get', { id: 'settlement-lag' })).toMatchObject({ version: 1 });
    expect((await value(core, 'runbooks.search', { query: 'zanzibar' })).hits.map((h) => h.id)).toEqual(['upi-timeouts']);
  }

  it('when every file in the folder turns bad (a broken merge), the cached runbooks stay', async () => {
    const core = openCore(scratch);
    const { folder } = await folderWithTwoRunbooks(core);
    writeFileSync(join(folder, 'upi-timeouts.md'), '<<<<<<< HEAD\n---\nid: upi-timeouts\n=======\n');
    writeFileSync(join(folder, 'settlement-lag.md'), '---\nid: settlement-lag\ntitle: [\n---\n');

    const [, report] = await value(core, 'runbooks.resync');
    expect(report).toMatchObject({ imported: 0, scanned: 2 });
    expect(report!.rejected.map((r) => r.file).sort()).toEqual(['settlement-lag.md', 'upi-timeouts.md']);
    await expectStillThere(core);
  });

  it('when the folder is deleted, the error is recorded on the source and the cached runbooks stay', async () => {
    const clock = manualClock('2026-03-14T03:14:00.000Z');
    const core = openCore(scratch, { clock });
    const { folder, sourceId } = await folderWithTwoRunbooks(core);
    rmSync(folder, { recursive: true, force: true });
    clock.advance(5 * 60 * 1000);

    const [, report] = await value(core, 'runbooks.resync');
    expect(report).toMatchObject({ sourceId, imported: 0, scanned: 0 });
    expect(report!.error).toMatch(/folder not found; the runbooks cached from it are kept/);

    const source = (await value(core, 'runbooks.sources')).find((s) => s.id === sourceId);
    expect(source).toMatchObject({ runbookCount: 2, lastSyncedAt: '2026-03-14T03:14:00.000Z' });
    expect(source!.lastError).toMatch(/folder not found/);
    await expectStillThere(core);
  });

  it('a deleted folder at start-up does not stop the console, and its runbooks are still there', async () => {
    const dataDir = join(scratch.tempDir(), 'profile');
    const core = openCore(scratch, { dataDir });
    const { folder } = await folderWithTwoRunbooks(core);
    core.close();
    rmSync(folder, { recursive: true, force: true });

    const again = openCore(scratch, { dataDir });
    expect(again.startupReports.map((r) => r.error === null)).toEqual([true, false]);
    await expectStillThere(again);
  });

  it('when the folder comes back, the error clears', async () => {
    const core = openCore(scratch);
    const { folder, sourceId } = await folderWithTwoRunbooks(core);
    rmSync(folder, { recursive: true, force: true });
    await value(core, 'runbooks.resync');
    writeRunbook(folder, 'upi-timeouts.md', { id: 'upi-timeouts', title: 'UPI timeouts', body: 'Check the zanzibar gateway.\n' });

    await value(core, 'runbooks.resync');
    expect((await value(core, 'runbooks.sources')).find((s) => s.id === sourceId)!.lastError).toBeNull();
  });
});

describe('two folders that provide the same runbook', () => {
  // Two team folders (say a docs checkout and a copy of it) hold the same id with identical
  // text. importer.ts only treats a file as unchanged when it comes from the source that
  // currently owns the id, and equal precedence (folder vs folder) lets each source take it
  // over, so every resync (and every start) writes two more identical versions, forever.
  it('re-syncing does not add versions when neither file changed', async () => {
    const core = openCore(scratch);
    const md = runbookMarkdown({ id: 'upi-timeouts', title: 'UPI timeouts' });
    const a = scratch.tempDir('checkout-');
    const b = scratch.tempDir('copy-');
    writeFile(a, 'upi-timeouts.md', md);
    writeFile(b, 'upi-timeouts.md', md);
    await value(core, 'runbooks.addFolder', { dir: a });
    await value(core, 'runbooks.addFolder', { dir: b });
    const settled = (await value(core, 'runbooks.history', { id: 'upi-timeouts' })).length;

    await value(core, 'runbooks.resync');
    await value(core, 'runbooks.resync');
    expect((await value(core, 'runbooks.history', { id: 'upi-timeouts' })).length).toBe(settled);
  });
});
