// Secrets are redacted at the store boundary: every string bound to a statement of a profile's
// databases, whatever the table or repository, and the core's log lines. Through the real
// handlers, a token typed into a lever reason, an incident id, a runbook folder path or the wall
// settings never reaches the database files, an export, or console.error.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CoreHandlers } from '../../electron/core/console-core.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { MemoryTokenStore } from '../../electron/core/profiles/token-store.ts';
import { openDatabase, redactorOf } from '../../electron/core/store/connection.ts';
import { REDACTED, forLog, redact, redactLogsOf, redactValue } from '../../electron/core/store/redact.ts';
import { DEMO_TOKENS } from '../../electron/demo-platform/index.ts';
import { manualClock, openCore, value, writeRunbook } from '../helpers/console.ts';
import { SHORT_TIMEOUTS, WEEKDAY, confirmArgs, leverCase, platformProfile, startDemo } from '../helpers/platform.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const TOKEN = DEMO_TOKENS.operator;
/** serve's access token, here with characters JSON escapes. */
const SERVE_TOKEN = 'serve-"access"-token\\9191';

/** Every form a secret could be found in: as typed, JSON-escaped, CSV-quoted, percent-encoded. */
function formsOf(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), secret.replace(/"/g, '""'), encodeURIComponent(secret)])];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Where any form of any secret is, as "file: form". */
function found(secrets: string[], where: Record<string, Buffer | string>): string[] {
  return Object.entries(where).flatMap(([name, content]) =>
    secrets.flatMap((s) => formsOf(s).filter((f) => (typeof content === 'string' ? Buffer.from(content) : content).includes(f)).map((f) => `${name}: ${f}`)),
  );
}

describe('redact()', () => {
  it('replaces a secret as typed, JSON-escaped (once and twice) and percent-encoded; the longest secret first', () => {
    const secret = 'tok"en/with\\odd+chars';
    const text = [secret, JSON.stringify(secret), JSON.stringify(JSON.stringify(secret)), encodeURIComponent(secret)].join(' | ');
    expect(redact(text, [secret])).toBe(`${REDACTED} | "${REDACTED}" | "\\"${REDACTED}\\"" | ${REDACTED}`);
    expect(redact('abcdefgh-and-more abcdefgh', ['abcdefgh', 'abcdefgh-and-more'])).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('ignores secrets shorter than 8 characters, and leaves a text without secrets as it was', () => {
    expect(redact('the demo pin is 1234567', ['1234567', ''])).toBe('the demo pin is 1234567');
    const v = { a: ['x', { b: 'y' }], n: 3, buf: Buffer.from('z') };
    expect(redactValue(v, ['not-in-there'])).toBe(v);
  });

  it('reaches strings at any depth of arrays and objects, and keeps everything else', () => {
    const buf = Buffer.from('bytes');
    expect(redactValue({ a: [`x ${TOKEN}`, { b: { c: TOKEN } }], n: 7, big: 9n, buf, nul: null }, [TOKEN])).toEqual({
      a: [`x ${REDACTED}`, { b: { c: REDACTED } }],
      n: 7,
      big: 9n,
      buf,
      nul: null,
    });
  });
});

describe('the store boundary', () => {
  it('a table no repository knows yet gets redacted values, positional or named, in the file and its WAL', () => {
    const dir = scratch.tempDir();
    const path = join(dir, 'switchyard.db');
    const db = openDatabase(path, { secrets: () => [TOKEN, SERVE_TOKEN] });
    scratch.defer(() => db.close());
    db.exec('CREATE TABLE incident_notes (id INTEGER PRIMARY KEY, body TEXT, meta TEXT)');
    db.prepare('INSERT INTO incident_notes (body, meta) VALUES (?, ?)').run(`pasted ${TOKEN} by mistake`, JSON.stringify({ header: `Bearer ${SERVE_TOKEN}` }));
    db.prepare('INSERT INTO incident_notes (body, meta) VALUES (@body, @meta)').run({ body: `named ${SERVE_TOKEN}`, meta: null });
    db.prepare('UPDATE incident_notes SET meta = ? WHERE id = 2').run([`in an array ${TOKEN}`]);
    const bound = db.prepare('INSERT INTO incident_notes (body) VALUES (?)').bind(`bound once ${TOKEN}`);
    bound.run();
    db.prepare('INSERT INTO incident_notes (body) VALUES (?) RETURNING id').get(`returning ${TOKEN}`);

    const rows = db.prepare('SELECT body, meta FROM incident_notes ORDER BY id').all();
    expect(rows).toEqual([
      { body: `pasted ${REDACTED} by mistake`, meta: JSON.stringify({ header: `Bearer ${REDACTED}` }) },
      { body: `named ${REDACTED}`, meta: `in an array ${REDACTED}` },
      { body: `bound once ${REDACTED}`, meta: null },
      { body: `returning ${REDACTED}`, meta: null },
    ]);
    // A lookup by what was typed finds what was stored.
    expect(db.prepare('SELECT count(*) AS n FROM incident_notes WHERE body = ?').get(`named ${SERVE_TOKEN}`)).toEqual({ n: 1 });
    expect(redactorOf(db).text(`x ${TOKEN}`)).toBe(`x ${REDACTED}`);
    const files = Object.fromEntries(filesUnder(dir).map((f) => [f, readFileSync(f)]));
    expect(Object.keys(files).some((f) => f.endsWith('-wal'))).toBe(true);
    expect(found([TOKEN, SERVE_TOKEN], files)).toEqual([]);
  });
});

describe('through the real handlers', () => {
  it('a lever reason, an incident id, a runbook folder path and the wall settings: no secret in the files, the exports or the logs', async () => {
    const demo = await startDemo(scratch);
    const profile = platformProfile(demo);
    const dataDir = join(scratch.tempDir('switchyard-redaction-'), 'profile');
    const core = openCore(scratch, {
      dataDir,
      profile,
      tokens: new MemoryTokenStore({ [profile.name]: TOKEN }),
      secrets: () => [SERVE_TOKEN],
      clock: manualClock(WEEKDAY),
      actor: 'test-oncall',
      leverTimeouts: SHORT_TIMEOUTS,
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    scratch.defer(() => errors.mockRestore());

    // A lever pulled with both secrets pasted into the reason and the incident id.
    const c = leverCase('halt-deposits');
    const plan = await value(core, 'levers.plan', { lever: c.lever, target: c.target, action: 'engage' });
    expect(plan.refusal).toBeNull();
    const execution = await value(core, 'levers.execute', {
      ...confirmArgs(c, plan.planId!, `pasted ${TOKEN} and ${SERVE_TOKEN} by mistake`),
      incidentId: `INC-${TOKEN}`,
    });
    expect(execution.status).toBe('verified');
    // A runbook folder whose path holds the token, and the wall's settings holding the serve token.
    const folder = join(scratch.tempDir(), `runbooks-${TOKEN}`);
    mkdirSync(folder);
    writeRunbook(folder, 'upi-timeouts.md', { id: 'upi-timeouts', title: 'UPI timeouts' });
    expect((await value(core, 'runbooks.addFolder', { dir: folder })).imported).toBe(1);
    await value(core, 'wall.setConfig', { rotateSeconds: 30, playlist: [{ kind: 'rail', rail: `upi ${SERVE_TOKEN}` }] });
    // A handler that fails quoting both: what dispatch logs.
    const failing = { ...core.handlers, 'runbooks.list': () => { throw new Error(`lookup failed for ${TOKEN} / ${SERVE_TOKEN}`); } } as CoreHandlers;
    expect(await dispatch(failing, 'runbooks.list', {}, { transport: 'ipc', role: 'operator' })).toMatchObject({ ok: false, error: { code: 'internal' } });

    // What is stored reads back redacted, and the chain over it verifies.
    const [outcome, intent] = await value(core, 'audit.list', { limit: 10 });
    expect(intent).toMatchObject({ reason: `pasted ${REDACTED} and ${REDACTED} by mistake`, incidentId: `INC-${REDACTED}` });
    expect(outcome!.kind).toBe('outcome');
    expect(await value(core, 'audit.verify')).toMatchObject({ ok: true, checked: 2 });
    expect((await value(core, 'levers.executions', { limit: 5 }))[0]!.reason).toBe(`pasted ${REDACTED} and ${REDACTED} by mistake`);
    const exports = {
      jsonl: (await value(core, 'audit.export', { format: 'jsonl' })).content,
      csv: (await value(core, 'audit.export', { format: 'csv' })).content,
    };
    expect(exports.jsonl).toContain(`INC-${REDACTED}`);

    const secrets = [TOKEN, SERVE_TOKEN];
    const logged = errors.mock.calls.map((args) => args.map(String).join(' '));
    expect(logged.join('\n')).toContain('lookup failed for [REDACTED] / [REDACTED]');
    const open = Object.fromEntries(filesUnder(dataDir).map((f) => [f.slice(dataDir.length + 1), readFileSync(f)]));
    expect(Object.keys(open)).toEqual(expect.arrayContaining(['switchyard.db', 'switchyard.db-wal', 'runbook-cache.db', 'runbook-cache.db-wal']));
    expect(found(secrets, { ...open, ...exports, 'console.error': logged.join('\n') })).toEqual([]);
    core.close();
    const closed = Object.fromEntries(filesUnder(dataDir).map((f) => [f.slice(dataDir.length + 1), readFileSync(f)]));
    expect(found(secrets, closed)).toEqual([]);
  });

  it('log redaction stops with the console: a closed core no longer registers its secrets', () => {
    const unregister = redactLogsOf(() => ['only-while-open-secret']);
    expect(forLog('x only-while-open-secret')).toBe(`x ${REDACTED}`);
    unregister();
    expect(forLog('x only-while-open-secret')).toBe('x only-while-open-secret');
  });
});
