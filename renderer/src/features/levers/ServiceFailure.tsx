import type { ReactNode } from 'react';
import { formatTime } from '../../ui/time.ts';
import { routeHash } from '../app/store.ts';
import type { LeversView, ServiceView } from './lever-view.ts';

const NAMES = { admin: 'admin service', gateway: 'gateway' } as const;
const RUNBOOK = routeHash({ page: 'runbooks', runbookId: 'incident-response' });

/** "✓ admin service", "✗ admin service FAILING", "✗ admin service unreachable", "? admin service". */
export function ServiceBadge({ service, status }: { service: 'admin' | 'gateway'; status: ServiceView }) {
  const name = NAMES[service];
  switch (status.state) {
    case 'ok':
      return <span className="ok-text">✓ {name}</span>;
    case 'failing':
      return <span className="service-down">✗ {name} FAILING</span>;
    case 'unreachable':
      return <span className="service-down">✗ {name} unreachable</span>;
    case 'unknown':
      return (
        <span className="warn-text" title={status.problem}>
          ? {name}
        </span>
      );
  }
}

/**
 * A platform service that fails, where the page starts: what fails, since when, what the page
 * can no longer tell, and the next step in the runbook's words.
 */
export function ServiceFailures({ view, now, onShowSql }: { view: LeversView; now: number; onShowSql: () => void }) {
  return (
    <>
      {(view.admin.state === 'failing' || view.admin.state === 'unreachable') && (
        <ServiceFailure service="admin" status={view.admin} now={now}>
          <AdminNextStep problem={view.admin.problem ?? ''} onShowSql={onShowSql} />
        </ServiceFailure>
      )}
      {(view.gateway.state === 'failing' || view.gateway.state === 'unreachable') && (
        <ServiceFailure service="gateway" status={view.gateway} now={now}>
          <p className="next-step">
            <strong>Next:</strong> no SQL fallback for provider ingress (it lives in the gateway): follow <a href={RUNBOOK}>runbook incident-response</a>, Lever 3d.
          </p>
        </ServiceFailure>
      )}
    </>
  );
}

function ServiceFailure({ service, status, now, children }: { service: 'admin' | 'gateway'; status: ServiceView; now: number; children: ReactNode }) {
  const name = NAMES[service].toUpperCase();
  return (
    <section className="service-failure" role="alert" aria-label={`${NAMES[service]} failure`}>
      <div className="service-failure-head">
        <strong>
          ✗ {name} {status.state === 'unreachable' ? 'UNREACHABLE' : 'FAILING'}
          {status.since ? ` since ${formatTime(status.since, now)}` : ''}
        </strong>
        <span className="mono service-problem">{status.problem}</span>
      </div>
      <p>
        {service === 'gateway' ? 'Provider ingress' : 'Admin lever'} states below are the <strong>last ones read, not now</strong>; levers acting through it will be
        refused. {status.lastOkAt ? `Last complete read: ${formatTime(status.lastOkAt, now)}.` : 'No complete read since this console started.'}
      </p>
      {children}
    </section>
  );
}

function AdminNextStep({ problem, onShowSql }: { problem: string; onShowSql: () => void }) {
  const token = /HTTP 40[13]\b/.test(problem);
  return (
    <>
      <p className="next-step">
        <strong>Next:</strong>{' '}
        {token ? (
          <>the platform refuses this profile&apos;s token: check it in Settings → Profiles. </>
        ) : (
          <>
            check the admin service (<a href={RUNBOOK}>runbook incident-response</a> §2: health, errors, recent deploys).{' '}
          </>
        )}
        <strong>To act now:</strong> the lever&apos;s SQL fallback (runbook §3), run in psql by platform-sre with database write access; each lever&apos;s
        button shows its statement.{' '}
        <button type="button" className="link-button" onClick={onShowSql}>
          All SQL fallbacks ↓
        </button>
      </p>
    </>
  );
}

/** The whole answer is old or the console did not answer: nothing on the page is now. */
export function NotCurrent({ view, now }: { view: LeversView; now: number }) {
  if (view.current || !view.at) return null;
  return (
    <div className="banner-warn" role="status">
      ▲ Nothing here is now: the last answer is from {formatTime(view.at, now)}. Every state shows its last read and its age.
    </div>
  );
}
