import { create } from 'zustand';
import type { OpenIncidents, PolicyInfo } from '../../../../shared/incidents/api.ts';
import type { LeverStateSnapshot } from '../../../../shared/levers.ts';
import type { Dashboard } from '../../../../shared/metrics.ts';
import { err, type ApiError, type Result } from '../../../../shared/result.ts';
import { DEFAULT_WALL, type WallConfig } from '../../../../shared/wall.ts';
import { api } from '../../api.ts';
import type { Snapshot } from '../../ui/freshness.ts';
import { buildMatrix, type Matrix } from '../../ui/rail-tiles.ts';
import { startMetricsLive } from '../../ui/metrics-live.ts';
import { LEVERS_EVERY_MS, NO_LEVER_READING, type LeverReading } from './wall-levers.ts';
import { EMPTY_MEMORY, loadMemory, memorySource, remember, saveMemory, type PanelMemory } from './wall-memory.ts';
import {
  INCIDENTS_EVERY_MS,
  NO_INCIDENT_READING,
  NO_POLICY_READING,
  readIncidents,
  readPolicy,
  type IncidentReading,
  type PolicyReading,
} from './wall-incidents.ts';
import { NO_ROTATION_READING, readRotation, ROTATION_EVERY_MS, type RotationReading } from './wall-oncall.ts';

interface WallState {
  /** The default playlist until the core's answers: a wall rotates even when the core does not. */
  config: WallConfig;
  /** When this wall began waiting for its first data (the "for how long" of CONNECTING). */
  startedAt: number | null;
  dashboard: Dashboard | null;
  snapshot: Snapshot | null;
  matrix: Matrix | null;
  /** The last dashboard request failed (console unreachable or metrics down). */
  error: ApiError | null;
  errorSince: number | null;
  /** The last values shown per panel, kept through STALE (and reloads), for `memoryFrom`. */
  memory: PanelMemory;
  memoryFrom: string | null;
  /** The lever state as last read (`levers.state`), and how reading it last failed. */
  levers: LeverReading;
  refresh(): Promise<void>;
  loadConfig(): Promise<void>;
  applyDashboard(d: Dashboard, receivedAt?: number): void;
  refreshLevers(): Promise<void>;
  applyLevers(r: Result<LeverStateSnapshot>, at?: number): void;
  /** The open incidents as last read (`incidents.open`), folded, and how reading them last failed. */
  incidents: IncidentReading;
  /** The severity policy the clocks are computed with (`incidents.policy`). */
  policy: PolicyReading;
  refreshIncidents(): Promise<void>;
  applyIncidents(r: Result<OpenIncidents>, at?: number): void;
  loadPolicy(): Promise<void>;
  applyPolicy(r: Result<PolicyInfo>): void;
  /** The on-call schedule as last read (`rotation.get`), and how reading it last failed. */
  rotation: RotationReading;
  refreshRotation(): Promise<void>;
  applyRotation(r: Result<{ schedule: unknown }>, at?: number): void;
}

/**
 * A request that has not answered in this long counts as failed: a hung connection must not
 * stop the wall polling (its next poll starts when this one ends).
 */
export const ANSWER_WITHIN_MS = 15_000;

/**
 * Hands `apply` the answer, or a timeout once ANSWER_WITHIN_MS have passed; an answer that comes
 * after its timeout is still handed over (the caller drops it if a newer request exists).
 * Resolves at whichever comes first.
 */
function answered<T>(call: Promise<Result<T>>, apply: (r: Result<T>) => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      apply(err('timeout', `The console did not answer within ${ANSWER_WITHIN_MS / 1000} s.`));
      resolve();
    }, ANSWER_WITHIN_MS);
  });
  const answer = call.then((r) => {
    clearTimeout(timer);
    apply(r);
  });
  return Promise.race([answer, late]);
}

/** A transport that throws (a bug elsewhere, an older core's preload) answers as a failed read. */
function asked<T>(request: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return request().catch((e: unknown) => err('internal', e instanceof Error ? e.message : String(e)));
  } catch (e) {
    return Promise.resolve(err('internal', e instanceof Error ? e.message : String(e)));
  }
}

let seq = 0;
let leverSeq = 0;
let incidentSeq = 0;
let rotationSeq = 0;

export const useWall = create<WallState>((set, get) => ({
  config: DEFAULT_WALL,
  startedAt: null,
  dashboard: null,
  snapshot: null,
  matrix: null,
  error: null,
  errorSince: null,
  memory: EMPTY_MEMORY,
  memoryFrom: null,
  levers: NO_LEVER_READING,
  incidents: NO_INCIDENT_READING,
  policy: NO_POLICY_READING,
  rotation: NO_ROTATION_READING,

  async refresh() {
    const mine = ++seq;
    const apply = (r: Result<Dashboard>) => {
      if (mine !== seq) return;
      if (!r.ok) return set({ error: r.error, errorSince: get().errorSince ?? Date.now() });
      // Same version: nothing on screen changes, unless it comes back from an error.
      if (r.value.version !== get().dashboard?.version || get().error) get().applyDashboard(r.value);
    };
    await answered(api['metrics.dashboard'](), apply);
  },

  async loadConfig() {
    await answered(api['wall.config'](), (r) => {
      if (r.ok) set({ config: r.value });
    });
  },

  applyDashboard(d, receivedAt = Date.now()) {
    const from = memorySource(d);
    const held = get().memoryFrom === from ? get().memory : loadMemory(from, receivedAt);
    const memory = remember(held, d);
    if (memory !== get().memory) saveMemory(from, memory);
    set({
      dashboard: d,
      snapshot: { generatedAt: d.generatedAt, receivedAt, refreshSeconds: d.source.refreshSeconds },
      matrix: buildMatrix(d, get().matrix),
      memory,
      memoryFrom: from,
      error: null,
      errorSince: null,
    });
  },

  async refreshLevers() {
    const mine = ++leverSeq;
    await answered(api['levers.state'](), (r) => {
      if (mine === leverSeq) get().applyLevers(r);
    });
  },

  applyLevers(r, at = Date.now()) {
    const prev = get().levers;
    set({
      levers: r.ok
        ? { snapshot: r.value, receivedAt: at, error: null, errorSince: null }
        : { ...prev, error: r.error, errorSince: prev.errorSince ?? at },
    });
  },

  async refreshIncidents() {
    const mine = ++incidentSeq;
    await answered(
      asked(() => api['incidents.open']()),
      (r) => {
        if (mine === incidentSeq) get().applyIncidents(r);
      },
    );
  },

  applyIncidents(r, at = Date.now()) {
    set({ incidents: readIncidents(r, get().incidents, at) });
  },

  async loadPolicy() {
    await answered(
      asked(() => api['incidents.policy']()),
      (r) => get().applyPolicy(r),
    );
  },

  applyPolicy(r) {
    set({ policy: readPolicy(r, get().policy) });
  },

  async refreshRotation() {
    const mine = ++rotationSeq;
    await answered(
      asked(() => api['rotation.get']()),
      (r) => {
        if (mine === rotationSeq) get().applyRotation(r);
      },
    );
  },

  applyRotation(r, at = Date.now()) {
    set({ rotation: readRotation(r, get().rotation, at) });
  },
}));

const CONFIG_EVERY_MS = 60_000;

/**
 * Keeps the wall current: a `metrics.tick` with a new version refetches; while ticks are
 * quiet (the event stream is down and reconnecting by itself) it polls at the refresh
 * interval. The lever state is read every 10 s and on every `levers.changed`, the open incidents
 * every 15 s and on every `incidents.changed`, the rotation every minute and on every
 * `rotation.changed`; the playlist and the severity policy are re-read
 * every minute. Nothing here ever writes.
 */
export function startWallLive(): () => void {
  const st = useWall.getState;
  if (st().startedAt === null) useWall.setState({ startedAt: Date.now() });
  void st().loadConfig();
  const stop = startMetricsLive({
    refresh: () => st().refresh(),
    held: () => ({ version: st().dashboard?.version, refreshSeconds: st().dashboard?.source.refreshSeconds }),
  });
  let stopped = false;
  let leverTimer: ReturnType<typeof setTimeout> | null = null;
  const readLevers = () => {
    void st()
      .refreshLevers()
      .finally(() => {
        if (!stopped) leverTimer = setTimeout(readLevers, LEVERS_EVERY_MS);
      });
  };
  readLevers();
  const offLevers = api.on('levers.changed', () => void st().refreshLevers());
  // The open incidents: every 15 s and on every `incidents.changed`; the policy with the playlist.
  let incidentTimer: ReturnType<typeof setTimeout> | null = null;
  const pollIncidents = () => {
    // Until a policy is in hand, every poll asks for it again: without it no clock can be shown.
    if (!st().policy.policy) void st().loadPolicy();
    void st()
      .refreshIncidents()
      .finally(() => {
        if (!stopped) incidentTimer = setTimeout(pollIncidents, INCIDENTS_EVERY_MS);
      });
  };
  pollIncidents();
  const offIncidents = api.on('incidents.changed', () => void st().refreshIncidents());
  // Who is on call: the schedule every minute and on every `rotation.changed` (the clock does the rest).
  let rotationTimer: ReturnType<typeof setTimeout> | null = null;
  const pollRotation = () => {
    void st()
      .refreshRotation()
      .finally(() => {
        if (!stopped) rotationTimer = setTimeout(pollRotation, ROTATION_EVERY_MS);
      });
  };
  pollRotation();
  const offRotation = api.on('rotation.changed', () => void st().refreshRotation());
  const config = setInterval(() => {
    void st().loadConfig();
    if (st().policy.policy) void st().loadPolicy(); // a changed policy reaches the wall within a minute
  }, CONFIG_EVERY_MS);
  return () => {
    stopped = true;
    stop();
    offLevers();
    offIncidents();
    offRotation();
    if (rotationTimer) clearTimeout(rotationTimer);
    if (leverTimer) clearTimeout(leverTimer);
    if (incidentTimer) clearTimeout(incidentTimer);
    clearInterval(config);
  };
}
