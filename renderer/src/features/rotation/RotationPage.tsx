import { useEffect, useMemo } from 'react';
import { coverageGaps } from '../../../../shared/rotation/oncall.ts';
import { useNow } from '../../ui/use-now.ts';
import { routeHash, useApp } from '../app/store.ts';
import { Coverage } from './Coverage.tsx';
import { Edits } from './Edits.tsx';
import { HandoverPage } from './HandoverPage.tsx';
import { Import } from './Import.tsx';
import { OnCallNow } from './OnCallNow.tsx';
import { ReleaseWindow } from './ReleaseWindow.tsx';
import { DAY_MS, utcStamp } from './rotation-words.ts';
import { lastOf, useRotation } from './store.ts';
import { WeekView } from './WeekView.tsx';
import './rotation.css';

function Versions() {
  const versions = useRotation((s) => s.versions);
  const info = useRotation((s) => lastOf(s.info));
  const rows = lastOf(versions);
  return (
    <section className="panel rot-versions" aria-label="Versions" data-testid="versions">
      <h2>Versions</h2>
      {info?.source === 'bundled' && <p className="muted">In force: the bundled example schedule; nobody has saved one on this profile yet.</p>}
      {versions.status === 'failed' && (
        <p className="rot-error" role="alert">
          ✕ The versions could not be read: {versions.message}
        </p>
      )}
      {versions.status === 'unread' && <p className="muted">Reading the versions…</p>}
      {rows && rows.length === 0 && <p className="muted">No saved version yet.</p>}
      {rows && rows.length > 0 && (
        <table className="versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Saved (UTC)</th>
              <th>By</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.version} className={info?.version === v.version ? 'current' : ''}>
                <td className="nowrap">
                  {v.version}
                  {info?.version === v.version && <strong className="rot-tag"> IN FORCE</strong>}
                </td>
                <td className="nowrap">{utcStamp(Date.parse(v.savedAt))}</td>
                <td>{v.savedBy}</td>
                <td>{v.note || <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Where the schedule in force comes from, in one line. */
function SourceLine() {
  const info = useRotation((s) => lastOf(s.info));
  if (!info) return null;
  return (
    <span className="muted small" data-testid="rotation-source">
      {info.source === 'bundled'
        ? 'Schedule: the bundled example (not saved on this profile)'
        : `Schedule: version ${info.version ?? '?'}, saved by ${info.savedBy ?? '?'} at ${info.savedAt ? utcStamp(Date.parse(info.savedAt)) : '?'}${info.note ? ` — “${info.note}”` : ''}`}
    </span>
  );
}

function Schedule() {
  const now = useNow(1000);
  const zone = useRotation((s) => s.zone);
  const info = useRotation((s) => s.info);
  const schedule = useRotation((s) => s.schedule);
  const problem = useRotation((s) => s.scheduleProblem);
  const calendar = useRotation((s) => s.calendar);
  const draft = useRotation((s) => s.draft);
  const canWrite = useApp((a) => a.info?.role !== 'wall');
  const minute = Math.floor(now / 60_000) * 60_000;
  const until = minute + 30 * DAY_MS;
  const gaps = useMemo(() => (schedule ? coverageGaps(schedule, minute, until) : null), [schedule, minute, until]);

  return (
    <>
      {info.status === 'unread' && <p className="muted">Reading the rotation…</p>}
      {info.status === 'failed' && (
        <p className="rot-error" role="alert">
          ✕ The rotation could not be read: {info.message}.{info.last ? ' Shown: the schedule as read before.' : ''}{' '}
          <button type="button" className="link-button" onClick={() => void useRotation.getState().load()}>
            Try again
          </button>
        </p>
      )}
      {problem && (
        <p className="rot-error" role="alert" data-testid="schedule-problem">
          ✕ The stored schedule does not read: {problem}. Nothing about who is on call can be said from it.
        </p>
      )}
      <div className="rot-top">
        {schedule ? <OnCallNow schedule={schedule} now={now} zone={zone} /> : <section className="panel rot-now" aria-label="On call now" data-testid="oncall-now"><h2>On call now</h2><p className="rot-warn">? Unknown: {problem ?? 'the schedule has not been read yet'}.</p></section>}
        <ReleaseWindow read={calendar} now={now} zone={zone} onRetry={() => void useRotation.getState().loadCalendar()} />
      </div>
      <Coverage gaps={gaps} until={until} now={now} zone={zone} unknown={problem ?? (info.status === 'failed' ? `the rotation could not be read (${info.message})` : null)} />
      {schedule && <WeekView schedule={draft?.schedule ?? schedule} now={now} draft={draft !== null} />}
      {schedule && <Edits saved={schedule} now={now} zone={zone} canWrite={canWrite} />}
      {schedule && canWrite && <Import schedule={schedule} />}
      <Versions />
    </>
  );
}

/**
 * `#/rotation`: who is on call now and next, the release window, coverage gaps over 30 days, the
 * week ahead, overrides and swaps (edited as a draft whose effect shows before saving), an iCal
 * import and the versions. `#/handover`: draft, hand over, acknowledge.
 */
export function RotationPage({ tab }: { tab: 'schedule' | 'handover' }) {
  useEffect(() => {
    const st = useRotation.getState();
    void st.load();
    void st.loadVersions();
    void st.loadCalendar();
    void st.loadHandovers();
    return st.watch();
  }, []);
  return (
    <div className="rot-page">
      <header className="rot-head">
        <h1>{tab === 'handover' ? 'Handover' : 'On-call rotation'}</h1>
        <nav className="rot-tabs" aria-label="Rotation pages">
          <a className={`tab${tab === 'schedule' ? ' tab-active' : ''}`} href={routeHash({ page: 'rotation', tab: 'schedule' })} aria-current={tab === 'schedule' ? 'page' : undefined}>
            Rotation
          </a>
          <a className={`tab${tab === 'handover' ? ' tab-active' : ''}`} href={routeHash({ page: 'rotation', tab: 'handover' })} aria-current={tab === 'handover' ? 'page' : undefined}>
            Handover
          </a>
        </nav>
        <SourceLine />
      </header>
      {tab === 'handover' ? <HandoverPage /> : <Schedule />}
    </div>
  );
}
