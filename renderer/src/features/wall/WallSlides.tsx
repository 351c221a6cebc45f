import { Fragment, type ReactNode } from 'react';
import type { Dashboard, Freshness } from '../../../../shared/metrics.ts';
import { effectiveFreshness, type Snapshot } from '../../ui/freshness.ts';
import { countText, figureText, percentFigure, railLabel, type Figure } from '../../ui/metrics-format.ts';
import { tileKey, type Matrix } from '../../ui/rail-tiles.ts';
import { Sparkline } from '../../ui/Sparkline.tsx';
import { formatAge } from '../../ui/time.ts';
import { WallFigure, WallLoading, WallMarks, WallStale, WallTile, type WallTileLayout } from './WallTile.tsx';

interface SlideProps {
  dashboard: Dashboard;
  matrix: Matrix;
  snapshot: Snapshot | null;
  now: number;
}

function live(f: Freshness, snapshot: Snapshot | null, now: number) {
  const eff = effectiveFreshness(f, snapshot, now);
  return { status: eff.status, ageText: eff.status === 'live' || eff.ageMs === null ? '' : formatAge(eff.ageMs) };
}

/**
 * Two figures side by side at 64 px fit four columns across 1920 px. With more brands, the
 * all-brands column keeps both figures large and the brand cells step down (the rail slides
 * show every brand large).
 */
export function overviewLayout(columns: number): { brand: WallTileLayout; template: string } {
  if (columns <= 4) return { brand: 'row', template: `max-content repeat(${columns}, minmax(0, 1fr))` };
  return { brand: columns <= 6 ? 'compact' : 'dense', template: `max-content minmax(20vw, 1.4fr) repeat(${columns - 1}, minmax(0, 1fr))` };
}

/** Rails × brands: every cell with its p99 and approval, readable across the room. */
export function OverviewSlide({ matrix, snapshot, now }: SlideProps) {
  const layout = overviewLayout(matrix.columns.length);
  return (
    <div className="wall-matrix" style={{ gridTemplateColumns: layout.template, gridTemplateRows: `auto repeat(${matrix.rows.length}, minmax(0, 1fr))` }}>
      <span className="wall-corner wall-label">
        <span>p99 ms</span>
        <span>approval %</span>
      </span>
      {matrix.columns.map((c) => (
        <span key={c.brand ?? '*'} className="wall-colhead wall-label">
          {c.label}
        </span>
      ))}
      {matrix.rows.map((row) => (
        <Fragment key={row.rail}>
          <span className="wall-railname wall-label">{row.label}</span>
          {row.tiles.map((t, i) =>
            t ? <WallTile key={t.key} tile={t} layout={i === 0 ? 'row' : layout.brand} {...live(t.freshness, snapshot, now)} /> : <span key={i} className="wall-tile wall-tile-none" />,
          )}
        </Fragment>
      ))}
    </div>
  );
}

/** One rail, large: all brands together, its trend, then each brand. */
export function RailSlide({ rail, matrix, snapshot, now }: SlideProps & { rail: string }) {
  const all = matrix.byKey.get(tileKey(rail, null));
  const brands = matrix.columns.filter((c) => c.brand !== null).map((c) => matrix.byKey.get(tileKey(rail, c.brand)));
  if (!all) return <div className="wall-nodata wall-figure">No data for {railLabel(rail)}</div>;
  const f = live(all.freshness, snapshot, now);
  const dead = f.status === 'stale' || f.status === 'error';
  const state = dead ? 'stale' : f.status === 'loading' ? 'loading' : all.level;
  return (
    <div className="wall-rail">
      <div className={`wall-hero wall-tile-${state}`} data-tile={all.key} data-state={state}>
        <span className="wall-hero-name wall-label">{railLabel(rail)} · all brands</span>
        {dead ? (
          <WallStale status={f.status} ageText={f.ageText} was={[figureText(all.p99), figureText(all.approval)]} />
        ) : state === 'loading' ? (
          <WallLoading />
        ) : (
          <>
            <span className="wall-figures">
              <WallFigure figure={all.p99} caption="p99" size="xl" />
              <WallFigure figure={all.p95} caption="p95" />
              <WallFigure figure={all.approval} caption="approval" size="xl" />
            </span>
            <span className="wall-hero-sub wall-label">
              <WallMarks tile={all} />
              {all.approvalDelta && <span>{all.approvalDelta}</span>}
              {all.rps && <span>{all.rps}</span>}
            </span>
            <Sparkline path={all.sparkPath} thresholdY={all.sparkThresholdY} className="wall-spark" label={`p99 trend of ${all.title}`} />
          </>
        )}
      </div>
      <div className="wall-brands" style={{ gridTemplateColumns: `repeat(${Math.max(1, brands.length)}, minmax(0, 1fr))` }}>
        {brands.map((t, i) =>
          t ? (
            <div key={t.key} className="wall-brand">
              <span className="wall-label wall-brand-name">{t.brand}</span>
              <WallTile tile={t} layout="stacked" {...live(t.freshness, snapshot, now)} />
            </div>
          ) : (
            <span key={i} />
          ),
        )}
      </div>
    </div>
  );
}

const SERVICE_WORD: Record<string, string> = { ok: '✓ OK', degraded: '▲ DEGRADED', down: '✕ DOWN', unknown: '? UNKNOWN' };
const serviceLevel = (s: string) => (s === 'ok' ? 'ok' : s === 'degraded' ? 'watch' : s === 'down' ? 'breach' : 'unknown');

function HealthCard({ title, freshness, snapshot, now, was, children }: { title: string; freshness: Freshness; snapshot: Snapshot | null; now: number; was: string[]; children: ReactNode }) {
  const f = live(freshness, snapshot, now);
  const dead = f.status === 'stale' || f.status === 'error';
  const state = dead ? 'stale' : f.status === 'loading' ? 'loading' : 'live';
  return (
    <section className={`wall-card${dead ? ' wall-tile-stale' : ''}`} data-state={state} aria-label={title}>
      <h2 className="wall-card-title wall-label">{title}</h2>
      {dead ? <WallStale status={f.status} ageText={f.ageText} was={was} /> : state === 'loading' ? <WallLoading /> : children}
    </section>
  );
}

function Service({ status }: { status: string }) {
  return <span className={`wall-figure wall-service wall-mark-${serviceLevel(status)}`}>{SERVICE_WORD[status] ?? status}</span>;
}

/** Gateway and admin service, the 5xx ratio, webhook backlog per provider. */
export function HealthSlide({ dashboard: d, snapshot, now }: SlideProps) {
  const gw = d.health.gateway;
  const er = d.errorRatio;
  const ratio: Figure = percentFigure(er.value, 2);
  return (
    <div className="wall-health">
      <HealthCard title="Gateway" freshness={gw.freshness} snapshot={snapshot} now={now} was={[SERVICE_WORD[gw.status] ?? gw.status]}>
        <Service status={gw.status} />
        <ul className="wall-components">
          {Object.entries(gw.components).map(([name, st]) => (
            <li key={name} className="wall-label">
              <span>{name}</span>
              <span className={`wall-mark wall-mark-${serviceLevel(st)}`}>{SERVICE_WORD[st] ?? st}</span>
            </li>
          ))}
        </ul>
      </HealthCard>
      <HealthCard title="Admin service" freshness={d.health.admin.freshness} snapshot={snapshot} now={now} was={[SERVICE_WORD[d.health.admin.status] ?? '']}>
        <Service status={d.health.admin.status} />
      </HealthCard>
      <HealthCard title="Gateway 5xx ratio" freshness={er.freshness} snapshot={snapshot} now={now} was={[figureText(ratio)]}>
        <WallFigure figure={ratio} caption="5xx" />
        <span className="wall-label wall-status">
          {er.breach ? <span className="wall-mark wall-mark-breach">BREACH ▲ 5xx</span> : <span className="wall-mark wall-mark-ok">✓ OK</span>}
          <span className="wall-caption"> limit {figureText(percentFigure(d.thresholds.errorRatio, 1))}</span>
        </span>
      </HealthCard>
      <HealthCard
        title="Webhook backlog"
        freshness={d.webhookBacklog.freshness}
        snapshot={snapshot}
        now={now}
        was={d.webhookBacklog.providers.map((p) => `${p.provider} ${countText(p.value)}`)}
      >
        <div className="wall-backlog">
          {d.webhookBacklog.providers.map((p) => (
            <div key={p.provider} className={`wall-backlog-item${p.breach ? ' wall-tile-breach' : ''}`}>
              <span className="wall-label">{p.provider}</span>
              <span className="wall-figure">{countText(p.value)}</span>
              <span className="wall-label">{p.breach ? <span className="wall-mark wall-mark-breach">BREACH ▲</span> : <span className="wall-mark wall-mark-ok">✓ OK</span>}</span>
            </div>
          ))}
        </div>
      </HealthCard>
    </div>
  );
}
