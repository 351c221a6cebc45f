import { useState } from 'react';
import { ROLES, type IncidentRole } from '../../../../shared/incidents/events.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { ROLE_WORDS, utcTime } from './incident-words.ts';
import { lastName, rememberName } from './people.ts';
import { useIncidents } from './store.ts';

/** Who holds which role now, since when; take a role, hand it on, or leave it; and the history. */
export function RolesPanel({ view, now, canWrite }: { view: IncidentView; now: number; canWrite: boolean }) {
  // Until typed here, the name last used on this machine (an acknowledgement a moment ago included).
  const [typed, setMe] = useState<string | null>(null);
  const me = typed ?? lastName();
  return (
    <section className="panel roles-panel" aria-label="Roles">
      <div className="section-title-row">
        <h2>Roles</h2>
        {canWrite && (
          <label className="roles-me small">
            You are
            <input className="text-input" aria-label="Your name" value={me} onChange={(e) => setMe(e.target.value)} placeholder="your name" />
          </label>
        )}
      </div>
      <table className="roles-table">
        <tbody>
          {ROLES.map((role) => (
            <RoleRow key={role} role={role} view={view} me={me.trim()} now={now} canWrite={canWrite} />
          ))}
        </tbody>
      </table>
      {view.roleHistory.length > 0 && (
        <details className="roles-history">
          <summary className="small">History ({view.roleHistory.length})</summary>
          <ul className="small">
            {view.roleHistory.map((t, i) => (
              <li key={i}>
                {ROLE_WORDS[t.role]}: <strong>{t.person}</strong> from {utcTime(t.takenAt, now)}
                {t.handedOnAt && ` to ${utcTime(t.handedOnAt, now)}${t.handedOnTo ? `, handed on to ${t.handedOnTo}` : ', left'}`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function RoleRow({ role, view, me, now, canWrite }: { role: IncidentRole; view: IncidentView; me: string; now: number; canWrite: boolean }) {
  const record = useIncidents((s) => s.record);
  const busy = useIncidents((s) => s.busy);
  const [handing, setHanding] = useState(false);
  const [to, setTo] = useState('');
  const holder = view.roles[role];
  const since = [...view.roleHistory].reverse().find((t) => t.role === role && t.person === holder && t.handedOnAt === null)?.takenAt ?? null;
  const assign = async (person: string) => {
    if (person === me) rememberName(person);
    if (await record(view.id, { type: 'role_assigned', role, person })) setHanding(false);
  };
  return (
    <tr data-role={role}>
      <th scope="row">{ROLE_WORDS[role]}</th>
      <td>
        {holder ? (
          <>
            <strong>{holder}</strong> <span className="muted small">since {since ? utcTime(since, now) : '?'}</span>
          </>
        ) : (
          <span className="muted">nobody</span>
        )}
      </td>
      {canWrite && (
        <td className="roles-actions">
          {handing ? (
            <form
              className="row-gap"
              onSubmit={(e) => {
                e.preventDefault();
                if (to.trim()) void assign(to.trim());
              }}
            >
              <input className="text-input roles-to" aria-label={`Hand the ${ROLE_WORDS[role].toLowerCase()} role on to`} value={to} onChange={(e) => setTo(e.target.value)} autoFocus placeholder="name" />
              <button type="submit" className="button button-small" disabled={!to.trim() || busy}>
                Hand on
              </button>
              <button type="button" className="button button-secondary button-small" onClick={() => setHanding(false)}>
                Back
              </button>
            </form>
          ) : (
            <div className="row-gap">
              {holder !== me && (
                <button type="button" className="button button-secondary button-small" disabled={!me || busy} title={me ? undefined : 'Type your name first'} onClick={() => void assign(me)}>
                  Take
                </button>
              )}
              <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => setHanding(true)}>
                Hand on…
              </button>
              {holder && (
                <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void record(view.id, { type: 'role_released', role, person: holder })}>
                  Leave
                </button>
              )}
            </div>
          )}
        </td>
      )}
    </tr>
  );
}
