import type { z } from 'zod';
import { brandDisplayName, brandNames, orderBrands } from '../../../../shared/brands.ts';
import {
  LEVERS,
  type LastKnownState,
  type LeverCatalogEntry,
  type LeverId,
  type LeverStateSnapshot,
  type LeverTargetState,
  type ServiceStatus,
} from '../../../../shared/levers.ts';
import type { ApiError } from '../../../../shared/result.ts';

/**
 * What the Levers page may say, shaped once from the last answer, whether that answer is
 * current, and what earlier answers knew. The rule: a state is "now" only when this answer
 * read it and the answer is current; anything else is unknown, shown with its last read.
 */

export type CatalogEntry = z.infer<typeof LeverCatalogEntry>;
export type Brand = LeverStateSnapshot['brands'][number];

/** The page polls every 10 s; an answer older than two polls is not "now". */
export const REFRESH_MS = 10_000;
export const STALE_AFTER_MS = 2 * REFRESH_MS;

/** What the renderer remembers across polls (the core remembers too; whichever read later wins). */
export interface LeverMemory {
  rows: Record<string, LastKnownState>;
  brands: { brands: Brand[]; readAt: string } | null;
  providers: string[];
}

export const EMPTY_MEMORY: LeverMemory = { rows: {}, brands: null, providers: [] };

export const rowKey = (lever: LeverId, target: string): string => `${lever}:${target}`;

const later = (a: LastKnownState | undefined, b: LastKnownState): boolean => !a || Date.parse(a.readAt) <= Date.parse(b.readAt);

function latest(reads: (LastKnownState | null | undefined)[]): LastKnownState | null {
  let best: LastKnownState | null = null;
  for (const r of reads) if (r && later(best ?? undefined, r)) best = r;
  return best;
}

/** Folds an answer into the memory: every state it read, and every last state the core carried. */
export function remember(memory: LeverMemory, snap: LeverStateSnapshot): LeverMemory {
  const rows = { ...memory.rows };
  for (const t of snap.targets) {
    const read: LastKnownState | null = t.engaged !== null && t.readAt ? { engaged: t.engaged, detail: t.detail, readAt: t.readAt } : (t.lastKnown ?? null);
    if (read && later(rows[rowKey(t.lever, t.target)], read)) rows[rowKey(t.lever, t.target)] = read;
  }
  let brands = memory.brands;
  const listed = !snap.brandsError ? { brands: snap.brands, readAt: snap.at } : (snap.lastKnownBrands ?? null);
  if (listed && (!brands || Date.parse(brands.readAt) <= Date.parse(listed.readAt))) brands = listed;
  return { rows, brands, providers: snap.providers.length ? snap.providers : memory.providers };
}

/**
 * The brands as every screen shows them (shared/brands.ts): in the one brand order, the
 * dashboard's and the wall's too, each `name` its display name (the id when the list gives none).
 */
export function brandOrder(brands: readonly Brand[]): Brand[] {
  const names = brandNames(brands);
  return orderBrands(brands, (b) => b.brandId, names).map((b) => ({ ...b, name: brandDisplayName(b.brandId, names) }));
}

export interface TargetView {
  lever: LeverId;
  target: string;
  label: string;
  /** Read in the current answer. */
  fresh: boolean;
  /** The state now; null unless fresh. */
  engaged: boolean | null;
  detail: string;
  /** For a row not read now: its last read, if any. */
  lastKnown: LastKnownState | null;
  /** Why it is not known now. */
  why: string | null;
}

export type ServiceView = ServiceStatus | { state: 'unknown'; problem: string; since: null; lastOkAt: string | null };

export interface LeversView {
  /** The last answer is the latest call's and younger than STALE_AFTER_MS. */
  current: boolean;
  at: string | null;
  brands: Brand[];
  /** Where the brand rows come from: the list read now, the last list read, or none. */
  brandsFrom: 'read' | 'last-known' | 'none';
  brandsReadAt: string | null;
  providers: string[];
  row(lever: LeverId, target: string): TargetView;
  rows: TargetView[];
  /** Every state the page shows was read now: only then may it say "No lever is pulled". */
  allFresh: boolean;
  pulled: TargetView[];
  unknown: TargetView[];
  admin: ServiceView;
  gateway: ServiceView;
}

export interface ViewInput {
  snapshot: LeverStateSnapshot | null;
  stateError: ApiError | null;
  memory: LeverMemory;
  catalog: CatalogEntry[];
  now: number;
}

export function leversView({ snapshot: snap, stateError, memory, catalog, now }: ViewInput): LeversView {
  const age = snap ? now - Date.parse(snap.at) : Infinity;
  const current = snap !== null && stateError === null && age <= STALE_AFTER_MS;
  const notNow = !snap ? 'not read yet' : stateError ? `the console did not answer: ${stateError.message}` : `the last answer is ${Math.round(age / 1000)} s old`;

  const brandsNow = current && snap && !snap.brandsError ? snap.brands : null;
  const brandSource = brandsNow ? { brands: brandsNow, readAt: snap!.at } : memory.brands;
  const brandsFrom = brandsNow ? 'read' : brandSource ? 'last-known' : 'none';
  const brands = brandOrder(brandSource?.brands ?? []);
  const providers = snap?.providers.length ? snap.providers : memory.providers;

  const byKey = new Map<string, LeverTargetState>();
  for (const t of snap?.targets ?? []) byKey.set(rowKey(t.lever, t.target), t);

  const label = (lever: LeverId, target: string) => {
    const t = byKey.get(rowKey(lever, target));
    if (t) return t.targetLabel;
    const scope = LEVERS.find((l) => l.id === lever)?.scope;
    if (scope === 'platform') return 'all brands';
    if (scope === 'provider') return `provider ${target}`;
    const b = brands.find((x) => x.brandId === target);
    return b ? `${b.name} (${b.brandId})` : target;
  };

  const view = (lever: LeverId, target: string): TargetView => {
    const t = byKey.get(rowKey(lever, target));
    const fresh = current && t !== undefined && t.engaged !== null;
    const lastKnown = fresh ? null : latest([memory.rows[rowKey(lever, target)], t?.lastKnown]);
    const why = fresh ? null : !current ? notNow : (t?.error ?? (snap?.brandsError ? snap.brandsError.problem : 'not read'));
    return { lever, target, label: label(lever, target), fresh, engaged: fresh ? t!.engaged : null, detail: fresh ? t!.detail : 'unknown', lastKnown, why };
  };

  const leversOf = (scope: 'platform' | 'brand' | 'provider') => (catalog.length ? catalog : LEVERS).filter((c) => c.scope === scope).map((c) => c.id);
  const rows: TargetView[] = [
    ...leversOf('platform').map((l) => view(l, 'platform')),
    ...brands.flatMap((b) => leversOf('brand').map((l) => view(l, b.brandId))),
    ...providers.flatMap((p) => leversOf('provider').map((l) => view(l, p))),
  ];
  const unknown = rows.filter((r) => !r.fresh);
  const admin = serviceOf(snap, 'admin', current, notNow);
  return {
    current,
    at: snap?.at ?? null,
    brands,
    brandsFrom,
    brandsReadAt: brandSource?.readAt ?? null,
    providers,
    row: (lever, target) => rows.find((r) => r.lever === lever && r.target === target) ?? view(lever, target),
    rows,
    // A brand list that cannot be read leaves brands out of `rows`: "every state" is then not known.
    allFresh: current && snap !== null && !snap.brandsError && unknown.length === 0 && admin.state === 'ok',
    pulled: rows.filter((r) => r.fresh && r.engaged === true),
    unknown,
    admin,
    gateway: serviceOf(snap, 'gateway', current, notNow),
  };
}

/** The service as the last answer judged it; an older core without `services` is judged by its rows. */
function serviceOf(snap: LeverStateSnapshot | null, service: 'admin' | 'gateway', current: boolean, notNow: string): ServiceView {
  const reported = snap?.services?.[service];
  if (!snap || !current) return { state: 'unknown', problem: notNow, since: null, lastOkAt: reported?.state === 'ok' ? snap!.at : (reported?.lastOkAt ?? null) };
  if (reported) return reported;
  if (!snap.reachable[service]) return { state: 'unreachable', problem: `${service} unreachable`, since: null, lastOkAt: null };
  const failed = snap.targets.filter((t) => t.engaged === null && LEVERS.find((l) => l.id === t.lever)?.read.service === service);
  if (failed.length === 0 && !(service === 'admin' && snap.brandsError)) return { state: 'ok', problem: null, since: null, lastOkAt: snap.at };
  const first = failed[0]?.error ?? snap.brandsError?.problem ?? 'not read';
  return { state: 'failing', problem: `${first} on ${failed.length + (snap.brandsError ? 1 : 0)} reads`, since: null, lastOkAt: null };
}
