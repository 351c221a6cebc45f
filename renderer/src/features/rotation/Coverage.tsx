import type { Gap } from '../../../../shared/rotation/oncall.ts';
import { durationWords, gapLocalWords, gapWords, utcStamp } from './rotation-words.ts';

/** One gap: in words, exact in UTC and in the viewer's time, with how long and when. */
export function GapItem({ gap, now, zone, words }: { gap: Gap; now: number; zone: string; words?: string }) {
  return (
    <li className="rot-gap" data-testid="coverage-gap" data-missing={gap.missing}>
      <span className="rot-gap-words">✕ {words ?? gapWords(gap)}</span>
      <span className="rot-gap-detail">
        {durationWords(gap.end - gap.start)} · {gap.start <= now ? '▲ NOW' : `starts in ${durationWords(gap.start - now)}`} · {gapLocalWords(gap, zone)}
      </span>
    </li>
  );
}

/**
 * Coverage gaps over the next 30 days, exact to the minute. "No gap" is said only of a schedule
 * that read fine (the caller passes null gaps otherwise, and the reason).
 */
export function Coverage({ gaps, until, now, zone, unknown }: { gaps: Gap[] | null; until: number; now: number; zone: string; unknown: string | null }) {
  return (
    <section className="panel rot-coverage" aria-label="Coverage, next 30 days" data-testid="coverage">
      <h2>Coverage, next 30 days</h2>
      {gaps === null ? (
        <p className="rot-warn" role="status">
          ? Coverage unknown: {unknown ?? 'the schedule has not been read yet'}.
        </p>
      ) : gaps.length === 0 ? (
        <p className="rot-ok" data-testid="coverage-ok">
          ✓ No gap in the next 30 days: a primary and a backup at every moment until {utcStamp(until)}.
        </p>
      ) : (
        <>
          <p className="rot-error-text">
            ✕ {gaps.length} gap{gaps.length === 1 ? '' : 's'} in the next 30 days:
          </p>
          <ul className="rot-gaps">
            {gaps.map((g) => (
              <GapItem key={`${g.start}-${g.missing}`} gap={g} now={now} zone={zone} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
