/** Who is on call now, once the rotation exists in the core. */
export interface WallOnCall {
  primary: string;
  backup: string | null;
}

/**
 * The wall's slot for the on-call engineer. Shows nothing when there is nothing: no placeholder
 * names. (The open incidents have a strip on every slide and a slide of their own: WallIncidents.)
 */
export function WallSlots({ onCall }: { onCall: WallOnCall | null }) {
  if (!onCall) return null;
  return (
    <div className="wall-slots" aria-label="On call">
      <div className="wall-oncall wall-label">
        On call: {onCall.primary}
        {onCall.backup ? ` · backup ${onCall.backup}` : ''}
      </div>
    </div>
  );
}
