import { afterEach, describe, expect, it, vi } from 'vitest';
import { methodNames, type MethodName } from '../../shared/api.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { CallContext, CoreHandlers } from '../../electron/core/console-core.ts';
import { dispatch, mayCall } from '../../electron/core/dispatch.ts';
import { StorageError } from '../../electron/core/store/connection.ts';
import { contract } from '../../shared/api.ts';
import { DEFAULT_THRESHOLDS } from '../../shared/metrics.ts';
import { DEFAULT_WALL } from '../../shared/wall.ts';

const operator: CallContext = { transport: 'http', role: 'operator' };
const wall: CallContext = { transport: 'http', role: 'wall' };

/**
 * Handlers that record every call; any method the test did not give an answer for fails
 * loudly, so a test can tell "the handler never ran" from "it ran and answered".
 */
function recordingHandlers(answers: Partial<Record<MethodName, (args: unknown) => unknown>>) {
  const calls: { name: MethodName; args: unknown }[] = [];
  const handlers = Object.fromEntries(
    methodNames.map((name) => [
      name,
      (args: unknown) => {
        calls.push({ name, args });
        const answer = answers[name];
        if (!answer) throw new Error(`unexpected call to ${name}`);
        return answer(args);
      },
    ]),
  ) as unknown as CoreHandlers;
  return { handlers, calls };
}

const emptyReport = {
  sourceId: 2,
  source: 'folder',
  location: '/docs/runbooks',
  at: '2026-03-14T03:14:00.000Z',
  scanned: 0,
  imported: 0,
  unchanged: 0,
  rejected: [],
  shadowed: [],
  error: null,
} as const;

/** Methods that change state (or, for levers.plan, reserve a one-time confirmation to act). */
const KNOWN_WRITES: MethodName[] = [
  'runbooks.addFolder',
  'runbooks.removeFolder',
  'runbooks.resync',
  'checklists.tick',
  'checklists.reset',
  'profiles.save',
  'profiles.switch',
  'profiles.setToken',
  'levers.plan',
  'levers.execute',
  'levers.reverify',
  'levers.recover',
  'metrics.setThresholds',
  'wall.setConfig',
  'incidents.declare',
  'incidents.record',
  'incidents.choosePolicy',
];
/** What a wall display reads. */
const KNOWN_READS: MethodName[] = ['app.info', 'runbooks.search', 'runbooks.get', 'levers.state', 'audit.verify', 'metrics.dashboard', 'metrics.detail', 'wall.config', 'incidents.open', 'incidents.policy'];

/** Arguments the contract accepts, so a refusal can only be the role's, never the arguments'. */
const SAMPLE_ARGS: Partial<Record<MethodName, unknown>> = {
  'checklists.get': { runbookId: 'rail-latency-spike' },
  'checklists.tick': { runbookId: 'rail-latency-spike', text: 'Verify the lever', nth: 1, ticked: true },
  'checklists.reset': { runbookId: 'rail-latency-spike' },
  'runbooks.get': { id: 'rail-latency-spike' },
  'runbooks.history': { id: 'rail-latency-spike' },
  'runbooks.diff': { id: 'rail-latency-spike', from: 1, to: 2 },
  'runbooks.addFolder': { dir: '/docs/runbooks' },
  'runbooks.removeFolder': { sourceId: 2 },
  'profiles.save': { name: 'staging', kind: 'platform', environmentName: 'staging-in' },
  'profiles.switch': { name: 'staging' },
  'profiles.setToken': { name: 'staging', token: 'tok-0123456789' },
  'levers.plan': { lever: 'halt-deposits', action: 'engage' },
  'levers.execute': { planId: 'plan-1', reason: 'UPI is failing deposits' },
  'levers.reverify': { executionId: 'exec-1' },
  'levers.recover': { reason: 'all rails healthy again' },
  'audit.export': { format: 'jsonl' },
  'metrics.setThresholds': DEFAULT_THRESHOLDS,
  'wall.setConfig': DEFAULT_WALL,
  'incidents.get': { incidentId: 'INC-260311-abcdef' },
  'incidents.series': { incidentId: 'INC-260311-abcdef' },
  'incidents.choosePolicy': { id: 'managed-operations' },
  'incidents.declare': { title: 'UPI p99 over its limit', severity: 'SEV2' },
  'incidents.record': { incidentId: 'INC-260311-abcdef', body: { type: 'note_added', text: 'looking' } },
  'incidents.syncRetry': { eventId: '019cdae3-14a8-700f-8ba9-7febf6705701' },
  'incidents.syncDiscard': { eventId: '019cdae3-14a8-700f-8ba9-7febf6705701' },
  'rotation.save': { schedule: {}, baseVersion: null },
  'rotation.planImport': { text: 'BEGIN:VCALENDAR', feed: 'pagerduty', role: 'primary' },
  'rotation.applyImport': { planId: 'p1', baseVersion: null },
  'handover.draft': { from: 'asha', to: 'oliver' },
  'handover.handOver': { from: 'asha', to: 'oliver', draftedAt: '2026-03-11T03:14:00.000Z', facts: [], text: 'all quiet' },
  'handover.acknowledge': { id: '019cdae3-14a8-700f-8ba9-7febf6705701', by: 'oliver' },
};

function validArgs(name: MethodName): unknown {
  const args = SAMPLE_ARGS[name] ?? {};
  const parsed = contract[name].args.safeParse(args);
  if (!parsed.success) throw new Error(`the test needs valid sample arguments for ${name}: ${parsed.error.issues[0]?.message}`);
  return args;
}

/** Every handler answers (with a value the result check may refuse): what matters is whether it ran. */
const answerEverything = Object.fromEntries(methodNames.map((n) => [n, () => ok(null)])) as Partial<Record<MethodName, (args: unknown) => unknown>>;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the one door into the core', () => {
  it('an unknown method is invalid and names the method', async () => {
    const { handlers, calls } = recordingHandlers({});
    expect(await dispatch(handlers, 'levers.pullEverything', {}, operator)).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'Unknown method "levers.pullEverything"' },
    });
    expect(calls).toEqual([]);
  });

  it('an inherited property name (toString, __proto__) is not a method', async () => {
    const { handlers } = recordingHandlers({});
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(await dispatch(handlers, name, {}, operator)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
  });

  it('bad arguments are invalid, with the path of the bad field, and the handler never runs', async () => {
    const { handlers, calls } = recordingHandlers({});
    const r = await dispatch(handlers, 'runbooks.search', { query: 'latency', limit: 'ten' }, operator);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid');
      expect(r.error.message).toMatch(/^Invalid arguments for runbooks\.search: limit: /);
    }
    const nested = await dispatch(handlers, 'runbooks.search', { tags: ['upi', 7] }, operator);
    expect(nested.ok ? '' : nested.error.message).toMatch(/tags\.1: /);
    expect(calls).toEqual([]);
  });

  it('unknown argument fields on a no-argument method are refused', async () => {
    const { handlers, calls } = recordingHandlers({});
    const r = await dispatch(handlers, 'runbooks.list', { sneaky: true }, operator);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(calls).toEqual([]);
  });

  it('missing arguments get the contract defaults before the handler sees them', async () => {
    const { handlers, calls } = recordingHandlers({ 'runbooks.search': () => ok({ hits: [], truncated: false }) });
    for (const raw of [undefined, null, {}]) {
      expect(await dispatch(handlers, 'runbooks.search', raw, operator)).toEqual({ ok: true, value: { hits: [], truncated: false } });
    }
    expect(calls.map((c) => c.args)).toEqual(Array(3).fill({ query: '', tags: [], severity: null, limit: 50 }));
  });

  it('a write method on a wall console is forbidden and the handler never runs', async () => {
    const { handlers, calls } = recordingHandlers({ 'runbooks.addFolder': () => ok(emptyReport) });
    const r = await dispatch(handlers, 'runbooks.addFolder', { dir: '/docs/runbooks' }, wall);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('forbidden');
      expect(r.error.message).toMatch(/read-only \(wall\)/);
    }
    expect(calls).toEqual([]);
  });

  it('every write method is refused on a wall through dispatch, and its handler never runs', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // the recording handlers answer outside the contract
    const writes = methodNames.filter((n) => contract[n].access === 'write');
    // What changes state, named here and not derived from the code under test: a method that
    // slipped to 'read' in the contract would fail this line, not pass the loops below.
    expect(writes).toEqual(expect.arrayContaining(KNOWN_WRITES));
    for (const name of writes) {
      const { handlers, calls } = recordingHandlers(answerEverything);
      const r = await dispatch(handlers, name, validArgs(name), wall);
      expect(r, name).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/read-only \(wall\)/) } });
      expect(calls, name).toEqual([]);
      expect(mayCall('wall', name), name).toBe(false);
      // The same call from an operator console reaches the handler: the refusal is the role's.
      const asOperator = recordingHandlers(answerEverything);
      await dispatch(asOperator.handlers, name, validArgs(name), operator);
      expect(asOperator.calls.map((c) => c.name), name).toEqual([name]);
      expect(mayCall('operator', name), name).toBe(true);
    }
  });

  it('every read method is answered on a wall: dispatch runs its handler', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const reads = methodNames.filter((n) => contract[n].access === 'read');
    expect(reads).toEqual(expect.arrayContaining(KNOWN_READS));
    expect(reads.filter((n) => KNOWN_WRITES.includes(n))).toEqual([]);
    for (const name of reads) {
      const { handlers, calls } = recordingHandlers(answerEverything);
      const r = await dispatch(handlers, name, validArgs(name), wall);
      expect(r.ok ? null : r.error.code, name).not.toBe('forbidden');
      expect(calls.map((c) => c.name), name).toEqual([name]);
      expect(mayCall('wall', name), name).toBe(true);
    }
  });

  it('the same write method works for an operator', async () => {
    const { handlers, calls } = recordingHandlers({ 'runbooks.addFolder': () => ok(emptyReport) });
    expect(await dispatch(handlers, 'runbooks.addFolder', { dir: '/docs/runbooks' }, operator)).toEqual({ ok: true, value: emptyReport });
    expect(calls).toEqual([{ name: 'runbooks.addFolder', args: { dir: '/docs/runbooks' } }]);
  });

  it('a handler that throws becomes an internal error with the method named, not a crash', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { handlers } = recordingHandlers({
      'runbooks.list': () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const r = await dispatch(handlers, 'runbooks.list', {}, operator);
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'runbooks.list failed unexpectedly: cannot read properties of undefined' } });
    expect(log).toHaveBeenCalled();
  });

  it('an async handler that rejects is the same internal error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { handlers } = recordingHandlers({ 'runbooks.list': () => Promise.reject(new Error('boom')) });
    expect(await dispatch(handlers, 'runbooks.list', {}, operator)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('a database refusal surfaces as a storage error with its message', async () => {
    const { handlers } = recordingHandlers({
      'runbooks.list': () => {
        throw new StorageError('The database at /p/switchyard.db is locked by another process', '/p/switchyard.db', 'locked');
      },
      'runbooks.facets': () => {
        throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
      },
    });
    expect(await dispatch(handlers, 'runbooks.list', {}, operator)).toEqual({
      ok: false,
      error: { code: 'storage', message: 'The database at /p/switchyard.db is locked by another process' },
    });
    expect(await dispatch(handlers, 'runbooks.facets', {}, operator)).toMatchObject({ ok: false, error: { code: 'storage' } });
  });

  it('a handler whose answer breaks the contract is internal: the UI never gets a malformed value', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { handlers } = recordingHandlers({
      'runbooks.list': () => ok([{ id: 'rail-latency-spike', title: 42 }]),
      'runbooks.facets': () => ({ ok: true }),
      'runbooks.sources': () => 'not a result',
    });
    for (const name of ['runbooks.list', 'runbooks.facets', 'runbooks.sources'] as const) {
      expect(await dispatch(handlers, name, {}, operator)).toEqual({
        ok: false,
        error: { code: 'internal', message: `${name} returned a malformed answer` },
      });
    }
    expect(log).toHaveBeenCalledTimes(3);
  });

  it('an expected failure from a handler passes through unchanged', async () => {
    const { handlers } = recordingHandlers({
      'runbooks.get': (): Result<never> => ({ ok: false, error: { code: 'not_found', message: 'No runbook "x"' } }),
    });
    expect(await dispatch(handlers, 'runbooks.get', { id: 'x' }, operator)).toEqual({ ok: false, error: { code: 'not_found', message: 'No runbook "x"' } });
  });
});
