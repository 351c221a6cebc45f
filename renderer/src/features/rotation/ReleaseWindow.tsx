import { DateTime } from 'luxon';
import {
  describePeakEvent,
  describePeakHours,
  nextFreezeWindow,
  nextWindow,
  upcomingPeakEvents,
  windowAt,
  type ReleaseCalendar,
} from '../../../../shared/release-calendar.ts';
import { DAY_MS, durationWords, longDays, zoneClock } from './rotation-words.ts';
import type { CalendarRead, Loaded } from './store.ts';

/** The next time the daily peak hours start or end after `now`, in their zone. */
function nextPeakEdge(cal: ReleaseCalendar, now: number, edge: 'start' | 'end'): number | null {
  const p = cal.peakHours;
  if (!p) return null;
  const [h, m] = (edge === 'start' ? p.start : p.end).split(':').map(Number) as [number, number];
  const base = DateTime.fromMillis(now, { zone: p.timezone }).startOf('day');
  for (let d = 0; d < 3; d++) {
    const t = base.plus({ days: d }).plus({ hours: h, minutes: m }).toMillis();
    if (t > now) return t;
  }
  return null;
}

function Calendar({ cal, now, zone }: { cal: ReleaseCalendar; now: number; zone: string }) {
  const w = windowAt(cal, now);
  const n = nextWindow(cal, now);
  const freeze = w.freeze ? null : nextFreezeWindow(cal, now);
  const tz = cal.timezone;
  const clocks = (ms: number) => `${zoneClock(ms, tz, now)} ${tz}${tz === zone ? '' : ` · ${zoneClock(ms, zone, now)} your time`}`;
  const nStart = Date.parse(n.start);
  const events = upcomingPeakEvents(cal, now, 30 * DAY_MS);
  const p = cal.peakHours;
  const peakEnd = nextPeakEdge(cal, now, 'end');
  const peakStart = nextPeakEdge(cal, now, 'start');
  return (
    <>
      <p className="rot-window-line" data-testid="window-now">
        <span className="rot-window-tag">Now:</span> <strong>{longDays(w.days)}</strong> — {w.label}{' '}
        <span className="muted">(until {clocks(Date.parse(w.end))})</span>
      </p>
      <p className="rot-window-line" data-testid="window-next">
        <span className="rot-window-tag">Next:</span> <strong>{longDays(n.days)}</strong> — {n.label}, from {DateTime.fromMillis(nStart, { zone: tz }).toFormat('HH:mm')} {tz}
        {tz === zone ? '' : ` (${zoneClock(nStart, zone, now)} your time)`}, in {durationWords(nStart - now)}
      </p>
      {w.freeze ? (
        <p className="rot-freeze rot-freeze-on" data-testid="window-freeze" role="status">
          ■ RELEASE FREEZE in force ({longDays(w.days)}) until {clocks(Date.parse(w.end))}: deploys only for incident response; a lever needs the incident commander named.
        </p>
      ) : (
        <p className="rot-freeze" data-testid="window-freeze">
          □ No release freeze now.{' '}
          {freeze ? (
            <>
              Next freeze: <strong>{longDays(freeze.days)}</strong>, from {clocks(Date.parse(freeze.start))}, in {durationWords(Date.parse(freeze.start) - now)}.
            </>
          ) : (
            'The calendar has no freeze day.'
          )}
        </p>
      )}
      <p className={`rot-peak${w.peakHours ? ' rot-peak-on' : ''}`} data-testid="window-peak">
        {!p
          ? 'No daily peak hours configured.'
          : w.peakHours
            ? `▲ PEAK HOURS now (${describePeakHours(cal)}) until ${peakEnd ? clocks(peakEnd) : '?'}: ${p.note}.`
            : `Peak hours ${describePeakHours(cal)}: not now; next from ${peakStart ? clocks(peakStart) : '?'}. ${p.note}.`}
      </p>
      <div data-testid="window-events">
        <h3 className="rot-h3">Peak events, next 30 days</h3>
        {events.length === 0 ? (
          <p className="muted">No peak event in the next 30 days.</p>
        ) : (
          <ul className="rot-list">
            {events.map((e) => {
              const running = Date.parse(e.start) <= now;
              return (
                <li key={`${e.name}@${e.start}`} className={running ? 'rot-peak-on' : ''}>
                  {running ? '▲ NOW: ' : `in ${durationWords(Date.parse(e.start) - now)}: `}
                  {describePeakEvent(cal, e)}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </>
  );
}

/** The release window now and next from the release calendar, the freeze, peak hours and events. */
export function ReleaseWindow({ read, now, zone, onRetry }: { read: Loaded<CalendarRead>; now: number; zone: string; onRetry(): void }) {
  const value = read.status === 'ok' ? read.value : read.status === 'failed' ? read.last : null;
  return (
    <section className="panel rot-window" aria-label="Release window" data-testid="release-window">
      <h2>Release window</h2>
      {read.status === 'unread' && <p className="muted">Reading the release calendar…</p>}
      {read.status === 'failed' && (
        <p className="rot-error" role="alert">
          ✕ The release calendar could not be read: {read.message}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </p>
      )}
      {value?.problem && (
        <p className="banner-warn" role="alert" data-testid="calendar-problem">
          ▲ {value.problem}
        </p>
      )}
      {value?.parseProblem && (
        <p className="rot-error" role="alert">
          ✕ The calendar the console sent does not read here: {value.parseProblem}
        </p>
      )}
      {value?.calendar && <Calendar cal={value.calendar} now={now} zone={zone} />}
      {value && (
        <p className="muted small">
          From {value.source.kind === 'bundled' ? 'the bundled calendar' : 'this profile’s calendar'}
          {value.source.path ? ` (${value.source.path})` : ''}.
        </p>
      )}
    </section>
  );
}
