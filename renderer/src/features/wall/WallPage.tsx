import { useEffect } from 'react';
import type { ActiveEnvironment } from '../../../../shared/environment.ts';
import { slideAt, type WallSlide } from '../../../../shared/wall.ts';
import { coreAge, effectiveFreshness, staleAfterMs } from '../../ui/freshness.ts';
import { durationText, railLabel, utcClock } from '../../ui/metrics-format.ts';
import { formatAge } from '../../ui/time.ts';
import { useNow } from '../../ui/use-now.ts';
import { useApp } from '../app/store.ts';
import { startWallLive, useWall } from './store.ts';
import { HealthSlide, OverviewSlide, RailSlide } from './WallSlides.tsx';
import { WallSlots } from './WallSlots.tsx';

/** The NOC wall: full screen, read-only, rotating through its playlist by the clock. */
export function WallPage() {
  useEffect(() => startWallLive(), []);
  const now = useNow(1000);
  return <WallView now={now} />;
}

export function slideTitle(slide: WallSlide): string {
  return slide.kind === 'overview' ? 'Rails × brands' : slide.kind === 'health' ? 'Services' : `${railLabel(slide.rail)} rail`;
}

/** DEMO or PRODUCTION, unmistakable: the wall has no shell, so it carries the band itself. */
function WallEnvironment({ env }: { env: ActiveEnvironment | null }) {
  if (!env) return <div className="wall-env wall-env-unknown wall-label">… environment not known yet</div>;
  if (env.production)
    return (
      <div className="wall-env wall-env-prod wall-label" data-testid="production-banner">
        ◆ PRODUCTION — {env.name}
      </div>
    );
  if (env.kind === 'demo')
    return (
      <div className="wall-env wall-env-demo wall-label" data-testid="demo-banner">
        ◆ DEMO — the built-in demo platform · {env.name}
      </div>
    );
  if (env.kind === 'none') return <div className="wall-env wall-env-unknown wall-label">NO PLATFORM configured</div>;
  return <div className="wall-env wall-env-staging wall-label">◇ {env.name}</div>;
}

/** Live, or STALE with why and for how long: a source outage, or the console itself gone. */
function useWallStatus(now: number): { live: boolean; text: string } {
  const dashboard = useWall((s) => s.dashboard);
  const snapshot = useWall((s) => s.snapshot);
  const error = useWall((s) => s.error);
  const errorSince = useWall((s) => s.errorSince);
  if (error) {
    const since = errorSince === null ? '' : ` for ${formatAge(now - errorSince)}`;
    const last = snapshot ? ` · last data ${utcClock(snapshot.generatedAt)} UTC` : '';
    return { live: false, text: `▲ STALE · ${error.code === 'offline' ? 'no answer' : 'metrics unavailable'}${since}${last}` };
  }
  if (!dashboard || !snapshot) return { live: false, text: '… connecting' };
  const src = dashboard.source;
  if (!src.up) {
    const down = src.lastSuccessAt === null ? '' : ` for ${formatAge(coreAge(src.lastSuccessAt, snapshot, now))}`;
    return { live: false, text: `▲ STALE · metrics source down${down}` };
  }
  const heard = coreAge(snapshot.generatedAt, snapshot, now);
  if (heard > staleAfterMs(snapshot)) return { live: false, text: `▲ STALE · no update for ${formatAge(heard)}` };
  // The source answers, but its panels may still be old: the header must not say LIVE over a wall of STALE.
  const statuses = dashboard.tiles.map((t) => effectiveFreshness(t.freshness, snapshot, now));
  const dead = statuses.filter((f) => f.status === 'stale' || f.status === 'error');
  if (statuses.length > 0 && dead.length === statuses.length) {
    const newest = Math.min(...dead.map((f) => f.ageMs ?? Infinity));
    return { live: false, text: `▲ STALE · no fresh data${Number.isFinite(newest) ? ` for ${formatAge(newest)}` : ''}` };
  }
  if (dead.length > 0) return { live: true, text: `● LIVE · ▲ ${dead.length} of ${statuses.length} STALE` };
  return { live: true, text: '● LIVE' };
}

export function WallView({ now }: { now: number }) {
  const info = useApp((s) => s.info);
  const config = useWall((s) => s.config);
  const dashboard = useWall((s) => s.dashboard);
  const matrix = useWall((s) => s.matrix);
  const snapshot = useWall((s) => s.snapshot);
  const error = useWall((s) => s.error);
  const status = useWallStatus(now);
  // Rotation is a pure function of the clock: every wall shows the same slide, reloads included.
  const { index, slide, nextAt } = slideAt(now, config);
  const periodMs = config.rotateSeconds * 1000;
  const done = Math.min(1, Math.max(0, 1 - (nextAt - now) / periodMs));
  const props = dashboard && matrix ? { dashboard, matrix, snapshot, now } : null;
  return (
    <div className={`wall${status.live ? '' : ' wall-degraded'}${info?.environment.production ? ' wall-prod' : ''}`} data-slide={slide.kind}>
      <WallEnvironment env={info?.environment ?? null} />
      <header className="wall-bar">
        <h1 className="wall-title">{slideTitle(slide)}</h1>
        <span className={`wall-live wall-label ${status.live ? 'wall-live-ok' : 'wall-live-stale'}`} data-testid="wall-status">
          {status.text}
        </span>
        <span className="spacer" />
        <span className="wall-pos wall-label" aria-label="Slide">
          {index + 1} / {config.playlist.length}
        </span>
        <span className="wall-next wall-label">next in {durationText(nextAt - now)}</span>
        <span className="wall-clock wall-label">{utcClock(now, true)} UTC</span>
      </header>
      <div className="wall-progress" aria-hidden="true">
        <div style={{ width: `${(done * 100).toFixed(1)}%` }} />
      </div>
      {/* Filled once incidents and the rotation exist in the core; until then, nothing. */}
      <WallSlots incident={null} onCall={null} now={now} />
      <main className="wall-body">
        {!props ? (
          <div className="wall-nodata">
            <span className="wall-figure wall-staleword">{error ? '▲ NO DATA' : '… connecting'}</span>
            {error && <span className="wall-label">{error.message}</span>}
          </div>
        ) : slide.kind === 'overview' ? (
          <OverviewSlide {...props} />
        ) : slide.kind === 'rail' ? (
          <RailSlide {...props} rail={slide.rail} />
        ) : (
          <HealthSlide {...props} />
        )}
      </main>
    </div>
  );
}
