import { memo } from 'react';
import type { LiveStatus } from '../../ui/freshness.ts';
import { figureText } from '../../ui/metrics-format.ts';
import type { TileModel } from '../../ui/rail-tiles.ts';
import { Sparkline } from '../../ui/Sparkline.tsx';
import { leverWhen, type LeverEffect } from './verdict.ts';

const LEVER_WORDS: Record<string, string> = {
  'platform-freeze': 'platform frozen by lever',
  'halt-deposits': 'deposits halted by lever',
  'brand-deposits-off': 'deposits off by lever',
  'brand-withdrawals-off': 'withdrawals off by lever',
};

export interface RailTileProps {
  tile: TileModel;
  /** "UPI × Royal Spin": the tile's rail and brand by display name (shared/brands.ts). */
  title: string;
  status: LiveStatus;
  /** "42s", "3 min": only for a tile that is not live (a live tile does not re-render each second). */
  ageText: string;
  selected: boolean;
  /** A pulled money lever that explains this tile's approval (null: none). */
  lever?: LeverEffect | null;
  onOpen(rail: string, brand: string | null): void;
  /** Called on every render of the tile: the bench and the tests count re-renders with it. */
  onRender?(key: string): void;
}

/**
 * One cell of the rail × brand matrix. Memoized: the store keeps a tile's object while its
 * data is unchanged, so only the tiles that changed re-render on a live update.
 */
export const RailTileView = memo(function RailTileView({ tile, title, status, ageText, selected, lever = null, onOpen, onRender }: RailTileProps) {
  onRender?.(tile.key);
  const dead = status === 'stale' || status === 'error';
  const state = dead ? 'stale' : status === 'loading' ? 'loading' : tile.level;
  const marks = tile.marks.map((m) => m.text).join(', ');
  const label = dead
    ? `${title}: STALE, ${ageText ? `data ${ageText} old` : 'no data'}`
    : `${title}: p99 ${figureText(tile.p99)}, approval ${figureText(tile.approval)}${marks ? `, ${marks}` : ', OK'}`;
  const leverText = lever ? `${LEVER_WORDS[lever.lever] ?? 'lever pulled'} (${leverWhen(lever)})` : null;
  return (
    <button
      type="button"
      className={`dash-tile dash-tile-${state}${selected ? ' dash-tile-selected' : ''}`}
      aria-pressed={selected}
      aria-label={leverText ? `${label}; ${leverText}` : label}
      title={`${leverText ? `${label}; ${leverText}` : label}. Click for the detail charts.`}
      data-lever={lever?.lever}
      data-tile={tile.key}
      data-state={state}
      onClick={() => onOpen(tile.rail, tile.brand)}
    >
      {dead ? (
        <>
          <span className="dash-tile-staleword">▲ STALE</span>
          <span className="dash-tile-age">
            {status === 'error' ? 'bad answer · ' : ''}
            {ageText ? `data ${ageText} old` : 'no data'}
          </span>
          <span className="dash-tile-was">
            last <del>{figureText(tile.p99)}</del> · <del>{figureText(tile.approval)}</del>
          </span>
        </>
      ) : status === 'loading' ? (
        <span className="dash-tile-age">… loading</span>
      ) : (
        <>
          <span className="dash-tile-figures">
            <span className="dash-tile-p99">
              {tile.p99.value}
              <small>{tile.p99.unit}</small>
            </span>
            <span className="dash-tile-approval">
              {tile.approval.value}
              <small>{tile.approval.unit}</small>
            </span>
          </span>
          <Sparkline path={tile.sparkPath} thresholdY={tile.sparkThresholdY} label={`p99 trend of ${title}`} />
          <span className="dash-tile-status">
            {tile.marks.length ? (
              tile.marks.map((m) => (
                <span key={m.text} className={`dash-mark dash-mark-${m.level}`}>
                  {m.text}
                </span>
              ))
            ) : (
              <span className="dash-mark dash-mark-ok">✓ OK</span>
            )}
            {tile.rps && <span className="dash-tile-rps">{tile.rps}</span>}
          </span>
          {lever && (
            <span className="dash-tile-lever" data-testid="tile-lever">
              ⛭ {LEVER_WORDS[lever.lever] ?? 'lever pulled'}
            </span>
          )}
        </>
      )}
    </button>
  );
});
