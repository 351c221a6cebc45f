import type { IncidentWords } from './wall-incidents.ts';
import type { LeverWords } from './wall-levers.ts';
import type { WallStatus } from './wall-status.ts';

const MAX_BREACHES = 4;

/**
 * The strips under the header, on every slide: what breaches, what is stale or still awaited,
 * whether incidents are open (and the most urgent clock), and the levers pulled. Each says it in
 * words and a shape (▲ … ⚑ ✓ ✕ ?), never by color alone. `incidents` is absent on the incidents
 * slide, which says it all.
 */
export function WallStrips({ status, levers, incidents }: { status: WallStatus; levers: LeverWords; incidents?: IncidentWords | null }) {
  const breaches = status.breaches.map((b) => b.text);
  const shown = breaches.length <= MAX_BREACHES ? breaches : [...breaches.slice(0, MAX_BREACHES - 1), `+${breaches.length - MAX_BREACHES + 1} more`];
  const alert = shown.length > 0 || status.stale || status.waiting;
  return (
    <div className="wall-strips">
      {alert && (
        // One region for what is wrong; each kind its own strip and color.
        <div className="wall-alerts" data-testid="wall-alert" role="status">
          {shown.length > 0 && <Strip className="wall-strip-breach" head="▲ BREACH" text={shown.join(' · ')} />}
          {status.stale && <Strip className="wall-strip-stale" head="▲ STALE" text={status.stale} />}
          {status.waiting && <Strip className="wall-strip-waiting" head="… WAITING" text={status.waiting} />}
        </div>
      )}
      {incidents && (
        // After the alerts and before the levers, so a short one shares the breach strip's line.
        <div className={`wall-strip wall-incident-strip wall-incident-strip-${incidents.tone}`} data-testid="wall-incident-strip" aria-label="Incidents">
          <span className="wall-strip-head wall-label">{incidents.head}</span>
          {incidents.note && (
            <>
              {' '}
              <span className="wall-strip-note wall-label">{incidents.note}</span>
            </>
          )}
        </div>
      )}
      <div className={`wall-strip wall-levers wall-levers-${levers.level}`} data-testid="wall-levers" aria-label="Levers">
        <span className="wall-strip-head wall-label">{levers.head}</span>
        {levers.items.length > 0 && (
          <>
            {' '}
            <span className="wall-strip-text wall-label">{levers.items.join(' · ')}</span>
          </>
        )}
        {levers.note && (
          <>
            {' '}
            <span className="wall-strip-note wall-label">{levers.note}</span>
          </>
        )}
      </div>
    </div>
  );
}

function Strip({ className, head, text }: { className: string; head: string; text: string }) {
  return (
    <div className={`wall-strip ${className}`}>
      <span className="wall-strip-head wall-label">{head}</span> <span className="wall-strip-text wall-label">{text}</span>
    </div>
  );
}
