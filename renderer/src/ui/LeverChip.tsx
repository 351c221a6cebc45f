import { useEffect } from 'react';
import type { ActiveEnvironment } from '../../../shared/environment.ts';
import type { LeverStateSnapshot } from '../../../shared/levers.ts';
import { api } from '../api.ts';
import { routeHash, useApp, type LeverStateRead } from '../features/app/store.ts';
import { hasLeverPlatform, leverChipView, summarizeLevers, type LeverChipView } from './lever-summary.ts';
import { formatAge } from './time.ts';
import { useNow } from './use-now.ts';

/** While every lever reads: the core serves many windows from one platform read, and a change is pushed anyway. */
export const LEVER_POLL_MS = 5_000;
/** After a read that failed or left levers unread: sooner, so "0 pulled" comes back as soon as it is true. */
export const LEVER_RETRY_MS = 2_000;
/**
 * A count is a claim about now: a read whose answer came longer ago than this (two polls, and
 * room for a read that waits on a slow service) backs no count, "0 pulled" least of all.
 */
export const LEVER_FRESH_MS = 2 * LEVER_POLL_MS + 2_000;

const MARK = { quiet: '', pulled: '▲ ', unknown: '? ' } as const;

/** The top bar's "levers: 2 pulled", linking to the Levers page; silent with no platform. */
export function LeverChip() {
  const env = useApp((s) => s.info?.environment ?? null);
  const read = useApp((s) => s.leverState);
  const platform = hasLeverPlatform(env);
  // Re-judged every second: a read ages on screen even when no new answer comes.
  const now = useNow(1000);

  useEffect(() => {
    if (!platform) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = (ms: number) => {
      if (timer !== null) clearTimeout(timer);
      timer = stopped ? null : setTimeout(tick, ms);
    };
    const tick = () => {
      // The next read is due whether or not this one answers: a read that hangs must not stop them.
      schedule(LEVER_POLL_MS);
      void useApp
        .getState()
        .readLeverState()
        .then(() => {
          const st = useApp.getState();
          if (!stopped && pollDelay(st.info?.environment ?? null, st.leverState) < LEVER_POLL_MS) schedule(LEVER_RETRY_MS);
        });
    };
    tick();
    const off = api.on('levers.changed', () => void useApp.getState().readLeverState());
    return () => {
      stopped = true;
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [platform]);

  const view = leverChipNow(env, read, now);
  if (!view) return null;
  // At 1280 px beside a production badge the top bar has room for "unknown since 03:14" and no
  // more: the seconds and the why are in the tooltip, and the why in the link's name.
  return (
    <a
      href={routeHash({ page: 'levers' })}
      className={`lever-chip lever-chip-${view.tone}`}
      title={view.title}
      aria-label={view.why ? `${view.text} — ${view.why}` : undefined}
      data-testid="lever-chip"
    >
      {MARK[view.tone]}
      {view.text}
    </a>
  );
}

/** The chip's words; `why`: in a few words, why the state is not known now (the text says since when). */
export type LeverChipNow = LeverChipView & { why?: string };

/** Sooner after a read that did not tell every lever's state. */
function pollDelay(env: ActiveEnvironment | null, read: LeverStateRead): number {
  const s = summarizeLevers(env, read);
  return s.kind === 'known' && s.unread === null ? LEVER_POLL_MS : LEVER_RETRY_MS;
}

/**
 * What the chip says at `now` (this window's clock): the summary of the last read, unless that
 * read is too old to back it, or the state was known before and is not now; then "unknown since"
 * the last read that told every lever, and why in a few words. Null: no platform, no chip.
 */
export function leverChipNow(env: ActiveEnvironment | null, read: LeverStateRead, now: number): LeverChipNow | null {
  const summary = summarizeLevers(env, read);
  if (summary.kind === 'none') return null;
  const view = leverChipView(summary);
  if (summary.kind === 'reading') return view;
  if (read.status === 'read') {
    const age = now - (read.receivedAt ?? Date.parse(read.snapshot.at));
    if (age > LEVER_FRESH_MS) {
      const since = knownUntil(read.snapshot);
      const why = `no read for ${formatAge(age)}`;
      return {
        text: since ? `levers: unknown since ${clock(since).slice(0, 5)}` : 'levers: state unknown',
        title: `Lever state unknown — ${why}: the last answer came ${formatAge(age)} ago, and a count needs a read from the last ${LEVER_FRESH_MS / 1000} s. That read said "${view.text}"${since ? `; every lever was last read at ${clock(since)} UTC` : ''}. Open the Levers page for each lever.`,
        tone: 'unknown',
        why,
      };
    }
  }
  if (summary.kind !== 'unknown') return view;
  // Unknown now. Known before: say since when, and why; never known: "state unknown", why in the tooltip.
  const since = knownUntil(read.status === 'read' ? read.snapshot : read.status === 'failed' ? (read.last ?? null) : null);
  if (!since) return view;
  const why = shortWhy(read);
  return {
    text: `levers: unknown since ${clock(since).slice(0, 5)}`,
    title: `Lever state unknown since ${clock(since)} UTC (the last read that told every lever) — ${why}: ${summary.reason} Open the Levers page for each lever.`,
    tone: 'unknown',
    why,
  };
}

/** HH:MM:SS of a core time (UTC), as the chip's tooltip has always said it. */
const clock = (iso: string) => iso.slice(11, 19);

/**
 * When every lever was last read (the core's clock), from what the core says of each service:
 * null when never (or by a core that restarted since). An older core without `services`: only
 * a read that told every lever counts.
 */
function knownUntil(snap: LeverStateSnapshot | null): string | null {
  if (!snap) return null;
  const svc = snap.services;
  if (!svc) {
    const all = Array.isArray(snap.targets) && snap.targets.length > 0 && snap.targets.every((t) => t.engaged !== null);
    return all && !snap.brandsError && snap.reachable?.admin !== false ? snap.at : null;
  }
  const ok = [svc.admin, svc.gateway].map((s) => (s.state === 'ok' ? snap.at : s.lastOkAt));
  if (ok.some((t) => t === null)) return null;
  return (ok as string[]).sort()[0]!;
}

/** Why the state is not known now, in the few words the top bar has room for. */
function shortWhy(read: LeverStateRead): string {
  if (read.status !== 'read') return read.status === 'failed' && (read.error.code === 'timeout' || read.error.code === 'offline') ? 'the console is not answering' : 'the read failed';
  const s = read.snapshot;
  for (const name of ['admin', 'gateway'] as const) {
    const state = s.services?.[name].state ?? (s.reachable?.[name] === false ? 'unreachable' : 'ok');
    if (state === 'unreachable') return `${name} service not answering`;
    if (state === 'failing') return `${name} service failing`;
  }
  if (s.brandsError) return 'brand list unreadable';
  return 'some levers unread';
}
