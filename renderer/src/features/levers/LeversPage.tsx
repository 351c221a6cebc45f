import { useEffect, useRef } from 'react';
import type { BrandListFailure, LeverExecution, LeverId } from '../../../../shared/levers.ts';
import { api } from '../../api.ts';
import { formatAge, formatTime } from '../../ui/time.ts';
import { useNow } from '../../ui/use-now.ts';
import { useApp } from '../app/store.ts';
import { LeverControl } from './LeverControl.tsx';
import { LeverDialog } from './LeverDialog.tsx';
import { leversView, REFRESH_MS, type LeversView, type TargetView } from './lever-view.ts';
import { FoundReleasedBadge, OutcomeBadge } from './OutcomeBadge.tsx';
import { NotCurrent, ServiceBadge, ServiceFailures } from './ServiceFailure.tsx';
import { SqlFallback } from './SqlFallback.tsx';
import { useLevers } from './store.ts';
import './levers.css';

export function LeversPage() {
  const info = useApp((s) => s.info);
  const lv = useLevers();
  useNow(1000); // re-renders each second, so ages tick
  const now = Date.now(); // read at render: an answer that just arrived is aged against this moment
  const sql = useRef<HTMLElement>(null);
  const readOnly = info?.role === 'wall';

  // After each read, the top bar's lever chip reads too (the core serves it the same snapshot),
  // so the chip never says "0 pulled" on a screen that says the admin service is failing.
  const refresh = (fresh = false) => void useLevers.getState().load(fresh).then(() => useApp.getState().readLeverState());
  useEffect(() => {
    refresh(true);
    const off = api.on('levers.changed', () => refresh());
    const poll = setInterval(() => refresh(), REFRESH_MS);
    return () => {
      off();
      clearInterval(poll);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const view = leversView({ snapshot: lv.snapshot, stateError: lv.stateError, memory: lv.memory, catalog: lv.catalog, now });
  const snap = lv.snapshot;
  const age = view.at ? now - Date.parse(view.at) : null;
  const adminDown = view.admin.state !== 'ok' && view.at !== null;
  const showSql = () => {
    sql.current?.scrollIntoView({ block: 'start' });
    sql.current?.focus({ preventScroll: true });
  };

  const control = (v: TargetView, targetName: string) => (
    <LeverControl key={`${v.lever}:${v.target}`} view={v} targetName={targetName} now={now} readOnly={readOnly} onPull={(a) => void lv.open(v.lever, v.target, a)} />
  );
  const platformLevers = lv.catalog.filter((c) => c.scope === 'platform');

  return (
    <div className="levers-page">
      <section className="panel levers-head" aria-label="Platform state">
        <h2>Levers</h2>
        <div className="reach">
          <ServiceBadge service="admin" status={view.admin} />
          <ServiceBadge service="gateway" status={view.gateway} />
          <span className={view.current || !view.at ? 'muted' : 'stale-tag'} aria-label="State age">
            {view.at && !view.current ? '▲ STALE · ' : ''}
            {view.at ? `read ${formatAge(age ?? 0)} ago` : lv.loading ? 'reading…' : 'not read'}
          </span>
          <button type="button" className="button button-secondary" onClick={() => refresh(true)}>
            Refresh
          </button>
        </div>
      </section>
      {lv.stateError && (
        <div className="banner banner-error" role="alert">
          ✗ {lv.stateError.message}
        </div>
      )}
      <NotCurrent view={view} now={now} />
      <ServiceFailures view={view} now={now} onShowSql={showSql} />

      <section className="panel pulled-now" aria-label="Pulled now">
        <h2>Pulled now</h2>
        <div className="pulled-now-body">
          <PulledNow view={view} brandsUnreadable={snap?.brandsError != null && view.current} title={(id) => lv.catalog.find((c) => c.id === id)?.title ?? id} now={now} />
        </div>
        {!readOnly && (lv.recovery?.steps.length ?? 0) > 0 && (
          <button type="button" className="button" onClick={() => void lv.openRecovery()}>
            Recovery: release {lv.recovery!.steps.length} in reverse order…
          </button>
        )}
      </section>

      <section className="panel platform-levers" aria-label="Platform-wide levers">
        <h2>Platform-wide</h2>
        <div className="platform-lever-row">
          {platformLevers.map((c) => (
            <div key={c.id} className="platform-lever" title={`${c.summary} Needs ${c.requiredRole}.`}>
              <div className="platform-lever-line">
                <span className="lever-title">{c.title}</span>
                {control(view.row(c.id, 'platform'), 'every brand')}
              </div>
              <div className="muted small platform-lever-summary">
                {c.summary} Needs {c.requiredRole}.
              </div>
            </div>
          ))}
        </div>
      </section>

      <div className="levers-grid">
        <section className="panel" aria-label="Brands">
          <div className="section-title-row">
            <h2>Brands</h2>
            <span className="muted small">by name, in the dashboard&apos;s and the wall&apos;s order</span>
          </div>
          {snap?.brandsError && view.current && (
            <BrandsUnreadable
              failure={snap.brandsError}
              now={now}
              lastRead={view.brandsFrom === 'last-known' ? view.brandsReadAt : null}
              othersWork={view.row('halt-deposits', 'platform').fresh}
            />
          )}
          {view.brandsFrom === 'last-known' && !snap?.brandsError && view.brandsReadAt && (
            <p className="warn-text small">▲ The brand list as last read, {formatTime(view.brandsReadAt, now)}.</p>
          )}
          {view.brands.length > 0 && (
            <table className="lever-table brand-table">
              <thead>
                <tr>
                  <th>Brand</th>
                  <th>Deposits</th>
                  <th>Withdrawals</th>
                </tr>
              </thead>
              <tbody>
                {view.brands.map((b) => (
                  <tr key={b.brandId} data-brand={b.brandId}>
                    <th scope="row">
                      <span className="lever-title">{b.name}</span>{' '}
                      <span className="muted small mono brand-id">
                        <span className="nowrap">{b.brandId}</span> · <span className="nowrap">{b.region}</span>
                      </span>
                    </th>
                    <td className="lever-cell">{control(view.row('brand-deposits-off', b.brandId), b.name)}</td>
                    <td className="lever-cell">{control(view.row('brand-withdrawals-off', b.brandId), b.name)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {view.current && snap && !snap.brandsError && snap.brands.length === 0 && <p className="warn-text">▲ The platform lists no brands.</p>}
        </section>
        <section className="panel" aria-label="Providers">
          <h2>Provider ingress</h2>
          <table className="lever-table provider-table">
            <tbody>
              {view.providers.map((p) => (
                <tr key={p}>
                  <th scope="row" className="lever-title mono">
                    {p}
                  </th>
                  <td className="lever-cell">{control(view.row('provider-ingress-block', p), p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      {adminDown && <SqlFallback ref={sql} catalog={lv.catalog} />}

      <section className="panel" aria-label="Recent lever executions">
        <h2>Recent executions</h2>
        <p className="muted small">
          Each lever: preflight, your confirmation, intent in the audit log, one write, read-back and a probe, the outcome in the audit log.
        </p>
        {lv.executions.length === 0 ? (
          <p className="muted">None yet in this profile.</p>
        ) : (
          <table className="executions">
            <thead>
              <tr>
                <th>When</th>
                <th>Lever</th>
                <th>Target</th>
                <th>Outcome</th>
                <th>Reason</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {lv.executions.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatTime(e.startedAt, now)}</td>
                  <td>
                    {e.action === 'engage' ? 'pull' : 'release'} {e.lever}
                  </td>
                  <td className="mono">{e.target}</td>
                  <td>
                    <ExecutionOutcome execution={e} />
                  </td>
                  <td>{e.reason}</td>
                  <td>
                    {e.status === 'unknown' && !readOnly && (
                      <button type="button" className="button button-secondary" onClick={() => void lv.reverify(e.id)}>
                        Re-verify
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <LeverDialog />
    </div>
  );
}

/**
 * What is pulled. "No lever is pulled" only when every state was read now; otherwise what was
 * read, what could not be, and every lever last read as pulled (it may well still be).
 */
function PulledNow({ view, brandsUnreadable, title, now }: { view: LeversView; brandsUnreadable: boolean; title: (id: LeverId) => string; now: number }) {
  if (!view.at) return <p className="muted">Not read yet.</p>;
  const lastPulled = view.unknown.filter((r) => r.lastKnown?.engaged === true);
  const readNow = view.rows.length - view.unknown.length;
  return (
    <>
      {view.allFresh && view.pulled.length === 0 && <p className="ok-text">✓ No lever is pulled: money moves on every brand.</p>}
      {view.pulled.length > 0 && (
        <ul className="pulled-list">
          {view.pulled.map((t) => (
            <li key={`${t.lever}:${t.target}`}>
              <span className="state-pill state-engaged">■ {t.detail}</span> {title(t.lever)} — {t.label}
            </li>
          ))}
        </ul>
      )}
      {!view.allFresh && (
        <p className="warn-text" role="status">
          {readNow === 0
            ? `▲ No lever state is known now${view.unknown.length ? ` (${view.unknown.length} cannot be read)` : ''}: this cannot say whether any lever is pulled.`
            : `▲ ${view.pulled.length === 0 ? `None of the ${readNow} lever states read is pulled` : `${view.pulled.length} pulled of the ${readNow} lever states read`}, but this cannot say for` +
              (brandsUnreadable && view.brandsFrom === 'none' ? ' any brand (their list cannot be read)' : '') +
              (brandsUnreadable && view.brandsFrom === 'none' && view.unknown.length > 0 ? ' and' : '') +
              (view.unknown.length > 0 ? ` ${view.unknown.length} lever state${view.unknown.length === 1 ? '' : 's'} that could not be read` : '') +
              '.'}
        </p>
      )}
      {lastPulled.length > 0 && (
        <ul className="pulled-list" aria-label="Last read as pulled">
          {lastPulled.map((t) => (
            <li key={`${t.lever}:${t.target}`}>
              <span className="state-pill state-unknown">? {t.lastKnown!.detail}</span> {title(t.lever)} — {t.label}: pulled when last read,{' '}
              {formatAge(now - Date.parse(t.lastKnown!.readAt))} ago; not known now.
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Where the brand table would be: what failed, since when, and what still works. */
function BrandsUnreadable({ failure, now, lastRead, othersWork }: { failure: BrandListFailure; now: number; lastRead: string | null; othersWork: boolean }) {
  return (
    <div className="banner banner-error brands-unreadable" role="alert" aria-label="Brand list failure">
      <strong>✗ BRANDS UNKNOWN: the platform's brand list cannot be read.</strong>
      <div className="mono">{failure.problem}</div>
      <div>
        Failing since {formatTime(failure.since, now)}; last tried {formatTime(failure.at, now)}.
      </div>
      <div className="small">
        {lastRead
          ? `Brand levers cannot be planned until the list can be read. The rows below are the list as last read, ${formatTime(lastRead, now)}: their states are not known now.`
          : "Brand levers cannot be planned and no brand's state is shown until the list can be read."}
        {othersWork ? ' Platform-wide and provider levers still work.' : ''}
      </div>
    </div>
  );
}

/** The outcome in words; anything but a plain verified also says why, on the page, not only on hover. */
function ExecutionOutcome({ execution: e }: { execution: LeverExecution }) {
  return (
    <div title={e.detail ?? ''}>
      <OutcomeBadge status={e.status} />
      {e.foundReleased && (
        <>
          {' '}
          <FoundReleasedBadge />
          <div className="muted small">{e.foundReleased.detail}</div>
        </>
      )}
      {e.status !== 'verified' && e.detail && <div className="muted small outcome-detail">{e.detail}</div>}
    </div>
  );
}
