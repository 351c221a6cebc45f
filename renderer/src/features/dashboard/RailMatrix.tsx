import { Fragment, useMemo } from 'react';
import { brandDisplayName, brandNamesOf, NO_BRAND_NAMES, orderBrands, type BrandNames } from '../../../../shared/brands.ts';
import { effectiveFreshness } from '../../ui/freshness.ts';
import { tileKey, type Matrix, type MatrixColumn } from '../../ui/rail-tiles.ts';
import { formatAge } from '../../ui/time.ts';
import { useNow } from '../../ui/use-now.ts';
import { useApp } from '../app/store.ts';
import { RailTileView } from './RailTileView.tsx';
import { useLeverEffects } from './use-lever-effects.ts';
import type { LeverEffect } from './verdict.ts';
import { useDashboard } from './store.ts';
import './rail-matrix.css';

// The last names the console read: a failed read (the console briefly unreachable) does not
// turn names back into ids. The core itself keeps the last brand list while the admin service fails.
let lastNames: BrandNames = NO_BRAND_NAMES;

/**
 * The platform's brand names, from the top bar's lever read (`levers.state`: the brand list
 * read now, or the last one read while the admin service fails): no extra poll.
 */
export function useBrandNames(): BrandNames {
  const read = useApp((s) => s.leverState);
  return useMemo(() => {
    const names = read.status === 'read' ? brandNamesOf(read.snapshot) : NO_BRAND_NAMES;
    if (names.size > 0) lastNames = names;
    return lastNames;
  }, [read]);
}

/** The matrix's columns as the screen shows them: all brands first, then each brand by name, in the one brand order. */
export function namedColumns(matrix: Matrix, names: BrandNames): MatrixColumn[] {
  const all = matrix.columns.filter((c) => c.brand === null);
  const brands = orderBrands(
    matrix.columns.filter((c) => c.brand !== null),
    (c) => c.brand!,
    names,
  );
  return [...all, ...brands.map((c) => ({ brand: c.brand, label: brandDisplayName(c.brand!, names) }))];
}

/** Rows: rails. Columns: all brands, then each brand. */
export function RailMatrix({ onTileRender }: { onTileRender?: (key: string) => void }) {
  const matrix = useDashboard((s) => s.matrix);
  const snapshot = useDashboard((s) => s.snapshot);
  const selection = useDashboard((s) => s.selection);
  const select = useDashboard((s) => s.select);
  const names = useBrandNames();
  const columns = useMemo(() => (matrix ? namedColumns(matrix, names) : []), [matrix, names]);
  const now = useNow(1000);
  // A pulled money lever explains what its tiles show: marked on them, never hidden.
  const effects = useLeverEffects();
  const leverOf = (brand: string | null): LeverEffect | null =>
    effects.find((e) => e.brand === null) ?? (brand === null ? null : (effects.find((e) => e.brand === brand) ?? null));
  if (!matrix) return <section className="panel dash-matrix dash-matrix-empty" aria-label="Rails by brand" />;
  return (
    <section className="panel dash-matrix" aria-label="Rails by brand">
      {/* The rail names' column is as wide as the longest name ("NetBanking"): never clipped. */}
      <div className="dash-matrix-grid" style={{ gridTemplateColumns: `max-content repeat(${columns.length}, minmax(0, 1fr))` }}>
        <span className="dash-matrix-corner">p99 · approval</span>
        {columns.map((c) => (
          <span
            key={c.brand ?? '*'}
            className={`dash-colhead${c.brand === null ? ' dash-colhead-all' : ''}`}
            data-brand={c.brand ?? undefined}
            title={c.brand === null || c.label === c.brand ? c.label : `${c.label} (${c.brand})`}
          >
            {c.label}
          </span>
        ))}
        {matrix.rows.map((row) => (
          <Fragment key={row.rail}>
            <button
              type="button"
              className={`dash-railhead${selection.rail === row.rail && selection.brand === null ? ' dash-railhead-active' : ''}`}
              onClick={() => select(row.rail, null)}
            >
              {row.label}
            </button>
            {columns.map((c, i) => {
              const tile = matrix.byKey.get(tileKey(row.rail, c.brand));
              if (!tile) return <span key={i} className="dash-tile dash-tile-none" aria-label="no data" />;
              const eff = effectiveFreshness(tile.freshness, snapshot, now);
              return (
                <RailTileView
                  key={tile.key}
                  tile={tile}
                  title={c.brand === null ? tile.title : `${row.label} × ${c.label}`}
                  status={eff.status}
                  ageText={eff.status === 'live' || eff.ageMs === null ? '' : formatAge(eff.ageMs)}
                  selected={selection.rail === tile.rail && selection.brand === tile.brand}
                  onOpen={select}
                  lever={leverOf(c.brand)}
                  onRender={onTileRender}
                />
              );
            })}
          </Fragment>
        ))}
      </div>
    </section>
  );
}
