import { brandNamesOf } from '../../../../shared/brands.ts';
import { useEffect, useMemo } from 'react';
import type { ActiveEnvironment } from '../../../../shared/environment.ts';
import { slideKey } from '../../../../shared/wall.ts';
import { durationText, railLabel, utcClock } from '../../ui/metrics-format.ts';
import { useNow } from '../../ui/use-now.ts';
import { useApp } from '../app/store.ts';
import { startWallLive, useWall } from './store.ts';
import { leverMarks, leverWords } from './wall-levers.ts';
import { wallStatus } from './wall-status.ts';
import { INCIDENTS_SLIDE, wallRotation, type ShownSlide } from './wall-rotation.ts';
import { wallAge } from './wall-words.ts';
import { HealthSlide, OverviewSlide, RailSlide } from './WallSlides.tsx';
import { IncidentsSlide, useWallIncidents } from './WallIncidents.tsx';
import { useWallOnCall, WallSlots } from './WallSlots.tsx';
import { WallStrips } from './WallStrips.tsx';
import './wall.css';

/** The NOC wall: full screen, read-only, rotating through its playlist by the clock. */
export function WallPage() {
  useEffect(() => startWallLive(), []);
  const now = useNow(1000);
  return <WallView now={now} />;
}

export function slideTitle(slide: ShownSlide): string {
  if (slide.kind === 'incidents') return 'Open incidents';
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

export function WallView({ now }: { now: number }) {
  const info = useApp((s) => s.info);
  const config = useWall((s) => s.config);
  const dashboard = useWall((s) => s.dashboard);
  const matrix = useWall((s) => s.matrix);
  const snapshot = useWall((s) => s.snapshot);
  const error = useWall((s) => s.error);
  const memory = useWall((s) => s.memory);
  const leverReading = useWall((s) => s.levers);
  const startedAt = useWall((s) => s.startedAt);
  const levers = leverWords(leverReading, startedAt, now);
  const brandNames = useMemo(() => brandNamesOf(leverReading.snapshot), [leverReading.snapshot]);
  const status = wallStatus({ dashboard, snapshot, error, memory, levers, brandNames, startedAt, now });
  const incidents = useWallIncidents(now);
  const onCall = useWallOnCall(now);
  // Rotation is a pure function of the clock (and of what breaches, and whether incidents are
  // open): every wall shows the same slide.
  const { index, slide, nextAt, held, count } = wallRotation(
    now,
    config,
    status.breaches.map((b) => b.alarm),
    incidents.rows.length > 0,
  );
  const onIncidents = slide.kind === INCIDENTS_SLIDE.kind;
  const periodMs = config.rotateSeconds * 1000;
  const done = Math.min(1, Math.max(0, 1 - (nextAt - now) / periodMs));
  const props = dashboard && matrix ? { dashboard, matrix, snapshot, memory, levers: leverMarks(leverReading, now), now } : null;
  const live = status.phase === 'live';
  const badgeClass = live ? 'wall-live-ok' : status.phase === 'stale' ? 'wall-live-stale' : 'wall-live-waiting';
  // Held on one breach slide, unless the incidents slide takes its turn beside it.
  const next = held === null ? `next in ${durationText(nextAt - now)}` : held.length === 1 && count === config.playlist.length ? '▲ held on breach' : `▲ breach slides · next in ${durationText(nextAt - now)}`;
  return (
    <div
      className={`wall${live ? '' : ' wall-degraded'}${info?.environment.production ? ' wall-prod' : ''}`}
      data-slide={slide.kind}
      data-slide-key={slide.kind === INCIDENTS_SLIDE.kind ? 'incidents' : slideKey(slide)}
      data-phase={status.phase}
      data-hold={held ? 'breach' : undefined}
    >
      <WallEnvironment env={info?.environment ?? null} />
      <header className="wall-bar">
        <h1 className="wall-title">{slideTitle(slide)}</h1>
        <span className={`wall-live wall-label ${badgeClass}`} data-testid="wall-status">
          {status.badge}
        </span>
        <span className="spacer" />
        <span className="wall-pos wall-label" aria-label="Slide">
          {index + 1} / {count}
        </span>
        <span className={`wall-next wall-label${held ? ' wall-held' : ''}`}>{next}</span>
        <span className="wall-clock wall-label">{utcClock(now, true)} UTC</span>
      </header>
      <div className="wall-progress" aria-hidden="true">
        <div style={{ width: `${(done * 100).toFixed(1)}%` }} />
      </div>
      {/* The incident strip on every slide but the incidents' own (unless what it shows is not current). */}
      <WallStrips status={status} levers={levers} incidents={onIncidents && !incidents.stale ? null : incidents} />
      {/* Who is on call now and next, from the rotation and the wall's clock: on the rail and
          services slides. Not on the rails × brands matrix nor the incidents slide, which need the
          whole height at 1080 (their figures, three incidents and the "+n more" line). */}
      {slide.kind !== 'overview' && slide.kind !== 'incidents' && <WallSlots onCall={onCall} />}
      <main className="wall-body">
        {slide.kind === 'incidents' ? (
          // Needs no metrics: the incidents show while the dashboard is still connecting.
          <IncidentsSlide incidents={incidents} />
        ) : !props ? (
          <div className="wall-nodata">
            <span className="wall-figure wall-staleword">… CONNECTING</span>
            <span className="wall-label">
              waiting for the console&apos;s first answer{startedAt === null ? '' : ` · ${wallAge(now - startedAt)}`}
            </span>
            {status.problem && <span className="wall-label wall-nodata-why">{status.problem}</span>}
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
