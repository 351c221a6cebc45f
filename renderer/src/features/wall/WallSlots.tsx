import type { Severity } from '../../../../shared/runbooks.ts';
import { SeverityBadge } from '../../ui/badges.tsx';
import { durationText } from '../../ui/metrics-format.ts';

/** The active incident, once incidents exist in the core. */
export interface WallIncident {
  title: string;
  severity: Severity;
  declaredAt: number;
}

/** Who is on call now, once the rotation exists in the core. */
export interface WallOnCall {
  primary: string;
  backup: string | null;
}

/**
 * The wall's slot for the active incident and the on-call engineer. Shows nothing when there
 * is nothing: no placeholder names, no invented incident.
 */
export function WallSlots({ incident, onCall, now }: { incident: WallIncident | null; onCall: WallOnCall | null; now: number }) {
  if (!incident && !onCall) return null;
  return (
    <div className="wall-slots" aria-label="Incident and on call">
      {incident && (
        <div className="wall-incident wall-label">
          <SeverityBadge severity={incident.severity} /> {incident.title} · open {durationText(now - incident.declaredAt)}
        </div>
      )}
      {onCall && (
        <div className="wall-oncall wall-label">
          On call: {onCall.primary}
          {onCall.backup ? ` · backup ${onCall.backup}` : ''}
        </div>
      )}
    </div>
  );
}
