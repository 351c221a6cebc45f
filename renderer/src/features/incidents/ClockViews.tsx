import type { Clock } from '../../../../shared/incidents/clocks.ts';
import { CLOCK_MARK, CLOCK_TITLE, utcTime } from './incident-words.ts';

/** A clock in one line, for lists and the chip's neighbours: shape, word, and the clock's own words. */
export function ClockPill({ clock }: { clock: Clock }) {
  const m = CLOCK_MARK[clock.state];
  return (
    <span className={`clock-pill clock-${clock.state}`} title={`${clock.label} — deadline ${utcTime(clock.deadline)}`} data-clock={clock.kind} data-state={clock.state}>
      <span className="clock-mark" aria-hidden="true">
        {m.mark}
      </span>{' '}
      <span className="clock-word">{m.word}</span> {clock.words}
    </span>
  );
}

/**
 * A clock as a card in the incident header: what it is, its state in a word and a shape (and
 * a border that differs in style, not only colour), the time left, and the deadline in UTC.
 */
export function ClockCard({ clock, now }: { clock: Clock; now: number }) {
  const m = CLOCK_MARK[clock.state];
  const live = clock.state === 'running' || clock.state === 'approaching' || clock.state === 'overdue';
  return (
    <li title={clock.label} className={`clock-card clock-${clock.state}`} data-clock={clock.kind} data-state={clock.state} aria-label={`${CLOCK_TITLE[clock.kind]}: ${m.word}, ${clock.words}`}>
      <div className="clock-card-head">
        <span className="clock-card-title">{CLOCK_TITLE[clock.kind]}</span>
        <span className="clock-badge">
          <span aria-hidden="true">{m.mark}</span> {m.word}
        </span>
      </div>
      <div className="clock-card-words">{clock.words}</div>
      <div className="clock-card-sub muted small">
        {live ? `by ${utcTime(clock.deadline, now)}` : clock.metAt ? `met ${utcTime(clock.metAt, now)}` : clock.stoppedAt ? `stopped ${utcTime(clock.stoppedAt, now)}` : ''} · {target(clock.label)}
      </div>
    </li>
  );
}

/** "15 min (SEV2)" of "Acknowledge: 15 min (SEV2)": the card's title already says what the clock is. */
const target = (label: string) => label.slice(label.indexOf(': ') + 2);
