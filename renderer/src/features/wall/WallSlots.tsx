import { useWall } from './store.ts';
import { onCallWords, type OnCallWords } from './wall-oncall.ts';

/** Who is on call at `now`, from the schedule the wall store last read. */
export function useWallOnCall(now: number): OnCallWords {
  const reading = useWall((s) => s.rotation);
  return onCallWords(reading, now);
}

/**
 * The wall's on-call strip, on every slide: primary and backup now, who is next and in how long,
 * at figure size (64 px and more at 1920×1080), labels at label size. Never a placeholder name:
 * until the rotation is read it says so, and when it cannot be read, that it is unknown and why.
 * (The open incidents have a strip on every slide and a slide of their own: WallIncidents.)
 */
export function WallSlots({ onCall }: { onCall: OnCallWords | null }) {
  if (!onCall) return null;
  const { tone, head, primary, backup, backupMissing, next, note } = onCall;
  return (
    <div className="wall-slots">
      <div className={`wall-oncall wall-oncall-${tone}`} data-testid="wall-oncall" data-tone={tone} aria-label="On call">
        <span className="wall-oncall-head wall-label">{head}</span>
        {primary && (
          <span className="wall-oncall-item" data-role="primary">
            <span className="wall-oncall-role wall-label">primary</span> <span className="wall-figure wall-oncall-name">{primary}</span>
          </span>
        )}
        {(backup || (primary && backupMissing)) && (
          <span className="wall-oncall-item" data-role="backup">
            <span className="wall-oncall-role wall-label">backup</span>{' '}
            {backup ? <span className="wall-figure wall-oncall-name">{backup}</span> : <span className="wall-figure wall-oncall-missing">✕ NONE</span>}
          </span>
        )}
        {next && (
          <span className="wall-oncall-item wall-oncall-next" data-role="next">
            <span className="wall-oncall-role wall-label">next</span> <span className="wall-figure wall-oncall-name">{next.to}</span>{' '}
            <span className="wall-oncall-role wall-label">in</span> <span className="wall-figure wall-oncall-in">{next.in}</span>{' '}
            <span className="wall-oncall-at wall-label">at {next.at}</span>
          </span>
        )}
        {note && <span className="wall-oncall-note wall-label">{note}</span>}
      </div>
    </div>
  );
}
