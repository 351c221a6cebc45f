import type { LiveStatus } from '../../ui/freshness.ts';
import type { Figure } from '../../ui/metrics-format.ts';
import type { TileModel } from '../../ui/rail-tiles.ts';

/** A number large enough for the back of the room, its unit and caption stacked beside it. */
export function WallFigure({ figure, caption, size = 'normal', className }: { figure: Figure; caption?: string; size?: 'normal' | 'xl'; className?: string }) {
  return (
    <span className={`wall-fig ${className ?? ''}`}>
      <span className={size === 'xl' ? 'wall-figure wall-figure-xl' : 'wall-figure'}>{figure.value}</span>
      <span className="wall-unit wall-label">
        <span>{figure.unit}</span>
        {caption && <span className="wall-caption">{caption}</span>}
      </span>
    </span>
  );
}

/** Statuses in words and shapes; `short`: the worst one's word only ("BREACH"), for narrow cells. */
export function WallMarks({ tile, short = false }: { tile: TileModel; short?: boolean }) {
  if (short) {
    const worst = tile.marks.find((m) => m.level === 'breach') ?? tile.marks[0];
    return (
      <span className={`wall-mark wall-mark-${worst?.level ?? 'ok'} wall-label`} title={tile.marks.map((m) => m.text).join(', ')}>
        {worst ? worst.text.split(' ')[0] : '✓ OK'}
      </span>
    );
  }
  return (
    <span className="wall-status wall-label">
      {tile.marks.length ? (
        tile.marks.map((m) => (
          <span key={m.text} className={`wall-mark wall-mark-${m.level}`}>
            {m.text}
          </span>
        ))
      ) : (
        <span className="wall-mark wall-mark-ok">✓ OK</span>
      )}
    </span>
  );
}

/**
 * Stale: grey, hatched, the word and the age; the last values the room saw, struck through, never
 * as live. `cell`: two lines for a matrix cell ("▲ STALE 3 min", the old numbers); `large`: the
 * word at figure size and the old numbers in a sentence (rail hero, brand tiles, health cards).
 */
export function WallStale({ ageText, was, layout = 'cell' }: { ageText: string | null; was: string[]; layout?: 'cell' | 'large' }) {
  const struck = was.length ? (
    was.map((w, i) => (
      <span key={i} className="wall-was-value">
        <del>{w}</del>
      </span>
    ))
  ) : (
    <span>no value yet</span>
  );
  if (layout === 'large')
    return (
      <>
        <span className="wall-figure wall-staleword">▲ STALE</span>
        <span className="wall-label wall-was">
          <span className="wall-age">{was.length ? (ageText ? `last values, ${ageText} old:` : 'last values:') : 'no data yet'}</span>
          {was.length > 0 && struck}
        </span>
      </>
    );
  return (
    <>
      <span className="wall-stale-head">
        <span className="wall-staleword wall-label">▲ STALE</span>
        {ageText && <span className="wall-label wall-age">{ageText}</span>}
      </span>
      <span className="wall-label wall-was">{struck}</span>
    </>
  );
}

/** Nothing measured yet: said in words, never a dash that could pass for a value. */
export function WallLoading() {
  return <span className="wall-label wall-age wall-loading">… waiting for the first data</span>;
}

/** One rail × brand cell of the wall: p99 and approval, its status in words. */
/**
 * How a cell lays out its two numbers: `row` side by side (the overview's all-brands column, and
 * every column when there are few), `stacked` one above the other with captions (the rail slide),
 * `compact` p99 at figure size and approval at label size, `dense` both at sub-figure size
 * (brand cells of an overview with many brands: the rail slides carry them large).
 */
export type WallTileLayout = 'row' | 'stacked' | 'compact' | 'dense';

function SubFigure({ figure, small = false }: { figure: Figure; small?: boolean }) {
  return (
    <span className="wall-subfig wall-label">
      <span className={small ? 'wall-sub-small' : 'wall-sub'}>{figure.value}</span>
      {small ? '' : ' '}
      {figure.unit}
    </span>
  );
}

/** How a panel reads now: its status, and under STALE the age and last values of what it showed. */
export interface PanelView {
  status: LiveStatus;
  ageText: string | null;
  was: string[];
}

/** `title`: the cell's rail and brand by display name ("UPI × Royal Spin"); the tile's own title (brand ids) otherwise. */
export function WallTile({ tile, title = tile.title, status, ageText, was, layout = 'row' }: PanelView & { tile: TileModel; title?: string; layout?: WallTileLayout }) {
  const dead = status === 'stale' || status === 'error';
  const state = dead ? 'stale' : status === 'loading' ? 'loading' : tile.level;
  return (
    <div className={`wall-tile wall-tile-${state} wall-tile-${layout}`} data-tile={tile.key} data-state={state} aria-label={title}>
      {dead ? (
        <WallStale ageText={ageText} was={was} layout={layout === 'stacked' ? 'large' : 'cell'} />
      ) : status === 'loading' ? (
        <WallLoading />
      ) : (
        <>
          {layout === 'row' && (
            <span className="wall-figures">
              <WallFigure figure={tile.p99} />
              <WallFigure figure={tile.approval} />
            </span>
          )}
          {layout === 'stacked' && (
            <span className="wall-figures wall-figures-stacked">
              <WallFigure figure={tile.p99} caption="p99" />
              <WallFigure figure={tile.approval} caption="approval" />
            </span>
          )}
          {layout === 'compact' && (
            <>
              <WallFigure figure={tile.p99} />
              <span className="wall-line">
                <SubFigure figure={tile.approval} small />
                <WallMarks tile={tile} short />
              </span>
            </>
          )}
          {layout === 'dense' && (
            <>
              <SubFigure figure={tile.p99} />
              <SubFigure figure={tile.approval} />
              <WallMarks tile={tile} short />
            </>
          )}
          {(layout === 'row' || layout === 'stacked') && <WallMarks tile={tile} />}
        </>
      )}
    </div>
  );
}
