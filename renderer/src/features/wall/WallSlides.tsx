import { Fragment, useMemo, type ReactNode } from 'react';
import { brandDisplayName, brandNamesOf, orderBrands, type BrandNames } from '../../../../shared/brands.ts';
import type { Dashboard, Freshness } from '../../../../shared/metrics.ts';
import { coreAge, effectiveFreshness, type Snapshot } from '../../ui/freshness.ts';
import { countText, figureText, percentFigure, railLabel, type Figure } from '../../ui/metrics-format.ts';
import { tileKey, type Matrix, type MatrixColumn } from '../../ui/rail-tiles.ts';
import { Sparkline } from '../../ui/Sparkline.tsx';
import { useWall } from './store.ts';
import { PANEL, type PanelMemory } from './wall-memory.ts';
import { wallAge } from './wall-words.ts';
import { WallFigure, WallLoading, WallMarks, WallStale, WallTile, type PanelView, type WallTileLayout } from './WallTile.tsx';

interface SlideProps {
  dashboard: Dashboard;
  matrix: Matrix;
  snapshot: Snapshot | null;
  memory: PanelMemory;
  /** Pulled levers by brand or provider ("deposits halted"): marked where their effect shows. */
  levers: ReadonlyMap<string, string>;
  now: number;
}

/** ⚑ and what is pulled, beside a brand's or provider's name. */
function LeverMark({ words, short = false }: { words: string | undefined; short?: boolean }) {
  if (!words) return null;
  return (
    <span className="wall-lever-mark" aria-label={`lever pulled: ${words}`} title={words}>
      {short ? ' ⚑' : ` ⚑ ${words}`}
    </span>
  );
}

/**
 * The platform's brand names, from the lever state the wall reads anyway (`levers.state`, every
 * 10 s): its brand list, or the last one the core read while the admin service fails. The wall
 * keeps its last answer through failures, so the names stay with it.
 */
function useWallBrandNames(): BrandNames {
  const snapshot = useWall((s) => s.levers.snapshot);
  return useMemo(() => brandNamesOf(snapshot), [snapshot]);
}

/** All brands first, then each brand by display name in the one brand order (shared/brands.ts). */
export function wallColumns(matrix: Matrix, names: BrandNames): MatrixColumn[] {
  const brands = orderBrands(
    matrix.columns.filter((c) => c.brand !== null),
    (c) => c.brand!,
    names,
  );
  return [...matrix.columns.filter((c) => c.brand === null), ...brands.map((c) => ({ brand: c.brand, label: brandDisplayName(c.brand!, names) }))];
}

/** A panel's status now and, when it is stale, the last values the wall showed for it and their age. */
function view(key: string, f: Freshness, { snapshot, memory, now }: Pick<SlideProps, 'snapshot' | 'memory' | 'now'>): PanelView {
  const eff = effectiveFreshness(f, snapshot, now);
  if (eff.status !== 'stale' && eff.status !== 'error') return { status: eff.status, ageText: null, was: [] };
  const kept = memory.get(key);
  const ageMs = kept ? (snapshot ? coreAge(kept.asOf, snapshot, now) : now - kept.asOf) : eff.ageMs;
  return { status: eff.status, ageText: ageMs === null ? null : wallAge(ageMs), was: kept?.values ?? [] };
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
export function OverviewSlide({ matrix, levers, ...at }: SlideProps) {
  const names = useWallBrandNames();
  const columns = useMemo(() => wallColumns(matrix, names), [matrix, names]);
  const layout = overviewLayout(columns.length);
  return (
    <div className="wall-matrix" style={{ gridTemplateColumns: layout.template, gridTemplateRows: `auto repeat(${matrix.rows.length}, minmax(0, 1fr))` }}>
      {/* One line: the header row's height is the tiles' (six rows of 64 px figures at 1080). */}
      <span className="wall-corner wall-label">p99 · approval</span>
      {columns.map((c) => (
        <span key={c.brand ?? '*'} className="wall-colhead wall-label" data-brand={c.brand ?? undefined}>
          {c.label}
          <LeverMark words={c.brand === null ? undefined : levers.get(c.brand)} short />
        </span>
      ))}
      {matrix.rows.map((row) => (
        <Fragment key={row.rail}>
          <span className="wall-railname wall-label">{row.label}</span>
          {columns.map((c, i) => {
            const t = matrix.byKey.get(tileKey(row.rail, c.brand));
            return t ? (
              <WallTile
                key={t.key}
                tile={t}
                title={c.brand === null ? t.title : `${row.label} × ${c.label}`}
                layout={i === 0 ? 'row' : layout.brand}
                {...view(t.key, t.freshness, at)}
              />
            ) : (
              <span key={i} className="wall-tile wall-tile-none" />
            );
          })}
        </Fragment>
      ))}
    </div>
  );
}

/** One rail, large: all brands together, its trend, then each brand. */
export function RailSlide({ rail, matrix, levers, ...at }: SlideProps & { rail: string }) {
  const names = useWallBrandNames();
  const columns = useMemo(() => wallColumns(matrix, names), [matrix, names]);
  const all = matrix.byKey.get(tileKey(rail, null));
  const brands = columns.filter((c) => c.brand !== null).map((c) => ({ name: c.label, tile: matrix.byKey.get(tileKey(rail, c.brand)) }));
  if (!all) return <div className="wall-nodata wall-figure">No data for {railLabel(rail)}</div>;
  const f = view(all.key, all.freshness, at);
  const dead = f.status === 'stale' || f.status === 'error';
  const state = dead ? 'stale' : f.status === 'loading' ? 'loading' : all.level;
  return (
    <div className="wall-rail">
      <div className={`wall-hero wall-tile-${state}`} data-tile={all.key} data-state={state}>
        <span className="wall-hero-name wall-label">{railLabel(rail)} · all brands</span>
        {dead ? (
          <WallStale ageText={f.ageText} was={f.was} layout="large" />
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
        {brands.map(({ name, tile: t }, i) =>
          t ? (
            <div key={t.key} className="wall-brand" data-brand={t.brand ?? undefined}>
              <span className="wall-label wall-brand-name">
                {name}
                <LeverMark words={t.brand === null ? undefined : levers.get(t.brand)} />
              </span>
              <WallTile tile={t} title={`${railLabel(rail)} × ${name}`} layout="stacked" {...view(t.key, t.freshness, at)} />
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

function HealthCard({ title, panel, freshness, at, children }: { title: string; panel: string; freshness: Freshness; at: Pick<SlideProps, 'snapshot' | 'memory' | 'now'>; children: ReactNode }) {
  const f = view(panel, freshness, at);
  const dead = f.status === 'stale' || f.status === 'error';
  const state = dead ? 'stale' : f.status === 'loading' ? 'loading' : 'live';
  return (
    <section className={`wall-card${dead ? ' wall-tile-stale' : ''}`} data-state={state} aria-label={title}>
      <h2 className="wall-card-title wall-label">{title}</h2>
      {dead ? <WallStale ageText={f.ageText} was={f.was} layout="large" /> : state === 'loading' ? <WallLoading /> : children}
    </section>
  );
}

function Service({ status }: { status: string }) {
  return <span className={`wall-figure wall-service wall-mark-${serviceLevel(status)}`}>{SERVICE_WORD[status] ?? status}</span>;
}

/** Gateway and admin service, the 5xx ratio, webhook backlog per provider. */
export function HealthSlide({ dashboard: d, levers, ...at }: SlideProps) {
  const gw = d.health.gateway;
  const er = d.errorRatio;
  const ratio: Figure = percentFigure(er.value, 2);
  return (
    <div className="wall-health">
      <HealthCard title="Gateway" panel={PANEL.gateway} freshness={gw.freshness} at={at}>
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
      <HealthCard title="Admin service" panel={PANEL.admin} freshness={d.health.admin.freshness} at={at}>
        <Service status={d.health.admin.status} />
      </HealthCard>
      <HealthCard title="Gateway 5xx ratio" panel={PANEL.errorRatio} freshness={er.freshness} at={at}>
        <WallFigure figure={ratio} caption="5xx" />
        <span className="wall-label wall-status">
          {er.breach ? <span className="wall-mark wall-mark-breach">BREACH ▲ 5xx</span> : <span className="wall-mark wall-mark-ok">✓ OK</span>}
          <span className="wall-caption"> limit {figureText(percentFigure(d.thresholds.errorRatio, 1))}</span>
        </span>
      </HealthCard>
      <HealthCard title="Webhook backlog" panel={PANEL.backlog} freshness={d.webhookBacklog.freshness} at={at}>
        <div className="wall-backlog">
          {d.webhookBacklog.providers.map((p) => (
            <div key={p.provider} className={`wall-backlog-item${p.breach ? ' wall-tile-breach' : ''}`}>
              <span className="wall-label">
                {p.provider}
                <LeverMark words={levers.get(p.provider)} short />
              </span>
              <span className="wall-figure">{countText(p.value)}</span>
              <span className="wall-label">{p.breach ? <span className="wall-mark wall-mark-breach">BREACH ▲</span> : <span className="wall-mark wall-mark-ok">✓ OK</span>}</span>
            </div>
          ))}
        </div>
      </HealthCard>
    </div>
  );
}
