import { Fragment } from 'react';
import { effectiveFreshness } from '../../ui/freshness.ts';
import { formatAge } from '../../ui/time.ts';
import { useNow } from '../../ui/use-now.ts';
import { RailTileView } from './RailTileView.tsx';
import { useDashboard } from './store.ts';

/** Rows: rails. Columns: all brands, then each brand. */
export function RailMatrix({ onTileRender }: { onTileRender?: (key: string) => void }) {
  const matrix = useDashboard((s) => s.matrix);
  const snapshot = useDashboard((s) => s.snapshot);
  const selection = useDashboard((s) => s.selection);
  const select = useDashboard((s) => s.select);
  const now = useNow(1000);
  if (!matrix) return <section className="panel dash-matrix dash-matrix-empty" aria-label="Rails by brand" />;
  return (
    <section className="panel dash-matrix" aria-label="Rails by brand">
      <div className="dash-matrix-grid" style={{ gridTemplateColumns: `minmax(92px, max-content) repeat(${matrix.columns.length}, minmax(150px, 1fr))` }}>
        <span className="dash-matrix-corner">p99 · approval</span>
        {matrix.columns.map((c) => (
          <span key={c.brand ?? '*'} className={`dash-colhead${c.brand === null ? ' dash-colhead-all' : ''}`}>
            {c.label}
          </span>
        ))}
        {matrix.rows.map((row) => (
          <Fragment key={row.rail}>
            <button type="button" className={`dash-railhead${selection.rail === row.rail && selection.brand === null ? ' dash-railhead-active' : ''}`} onClick={() => select(row.rail, null)}>
              {row.label}
            </button>
            {row.tiles.map((tile, i) => {
              if (!tile) return <span key={i} className="dash-tile dash-tile-none" aria-label="no data" />;
              const eff = effectiveFreshness(tile.freshness, snapshot, now);
              return (
                <RailTileView
                  key={tile.key}
                  tile={tile}
                  status={eff.status}
                  ageText={eff.status === 'live' || eff.ageMs === null ? '' : formatAge(eff.ageMs)}
                  selected={selection.rail === tile.rail && selection.brand === tile.brand}
                  onOpen={select}
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
