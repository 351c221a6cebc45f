import { useEffect, useState } from 'react';
import type { BrandListFailure, LeverExecution, LeverId, LeverStateSnapshot, LeverTargetState } from '../../../../shared/levers.ts';
import { api } from '../../api.ts';
import { formatAge, formatTime } from '../../ui/time.ts';
import { useApp } from '../app/store.ts';
import { LeverDialog } from './LeverDialog.tsx';
import { FoundReleasedBadge, OutcomeBadge } from './OutcomeBadge.tsx';
import { useLevers } from './store.ts';

const REFRESH_MS = 10_000;

export function LeversPage() {
  const info = useApp((s) => s.info);
  const lv = useLevers();
  const [now, setNow] = useState(Date.now());
  const readOnly = info?.role === 'wall';

  useEffect(() => {
    void lv.load(true);
    const off = api.on('levers.changed', () => void useLevers.getState().load());
    const poll = setInterval(() => void useLevers.getState().load(), REFRESH_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      off();
      clearInterval(poll);
      clearInterval(tick);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const snap = lv.snapshot;
  const state = (lever: LeverId, target: string) => snap?.targets.find((t) => t.lever === lever && t.target === target);
  const pulled = snap?.targets.filter((t) => t.engaged === true) ?? [];
  const age = snap ? now - Date.parse(snap.at) : null;
  const stale = age !== null && age > 2 * REFRESH_MS;

  const control = (lever: LeverId, target: string) => {
    const s = state(lever, target);
    return <LeverControl key={`${lever}:${target}`} state={s} readOnly={readOnly} onPull={(action) => void lv.open(lever, target, action)} />;
  };

  return (
    <div className="levers-page">
      <section className="panel levers-head" aria-label="Platform state">
        <div>
          <h2>Levers</h2>
          <p className="muted">
            Each lever: preflight, your confirmation, intent in the audit log, one write, read-back and a probe, the outcome in the audit log.
          </p>
        </div>
        <div className="reach">
          <Reach label="admin service" ok={snap?.reachable.admin ?? null} />
          <Reach label="gateway" ok={snap?.reachable.gateway ?? null} />
          <span className={stale ? 'stale-tag' : 'muted'} aria-label="State age">
            {stale ? '▲ STALE · ' : ''}
            {snap ? `read ${formatAge(age ?? 0)} ago` : lv.loading ? 'reading…' : 'not read'}
          </span>
          <button type="button" className="button button-secondary" onClick={() => void lv.load(true)}>
            Refresh
          </button>
        </div>
      </section>
      {lv.stateError && (
        <div className="banner banner-error" role="alert">
          ✗ {lv.stateError.message}
        </div>
      )}

      <section className="panel" aria-label="Pulled now">
        <div className="section-title-row">
          <h2>Pulled now</h2>
          {!readOnly && (lv.recovery?.steps.length ?? 0) > 0 && (
            <button type="button" className="button" onClick={() => void lv.openRecovery()}>
              Recovery: release {lv.recovery!.steps.length} in reverse order…
            </button>
          )}
        </div>
        {pulled.length === 0 ? (
          <NothingPulled snap={snap} />
        ) : (
          <ul className="pulled-list">
            {pulled.map((t) => (
              <li key={`${t.lever}:${t.target}`}>
                <span className="state-pill state-engaged">{t.detail}</span> {lv.catalog.find((c) => c.id === t.lever)?.title} — {t.targetLabel}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-label="Platform-wide levers">
        <h2>Platform-wide</h2>
        <table className="lever-table">
          <tbody>
            {lv.catalog
              .filter((c) => c.scope === 'platform')
              .map((c) => (
                <tr key={c.id}>
                  <td>
                    <div className="lever-title">{c.title}</div>
                    <div className="muted small">
                      {c.summary} Needs {c.requiredRole}.
                    </div>
                  </td>
                  <td className="lever-cell">{control(c.id, 'platform')}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      <div className="levers-grid">
        <section className="panel" aria-label="Brands">
          <h2>Brands</h2>
          {snap?.brandsError ? (
            <BrandsUnreadable failure={snap.brandsError} now={now} />
          ) : (
            <table className="lever-table">
              <thead>
                <tr>
                  <th>Brand</th>
                  <th>Deposits</th>
                  <th>Withdrawals</th>
                </tr>
              </thead>
              <tbody>
                {(snap?.brands ?? []).map((b) => (
                  <tr key={b.brandId}>
                    <td>
                      <div className="lever-title">{b.name}</div>
                      <div className="muted small mono">
                        {b.brandId} · {b.region}
                      </div>
                    </td>
                    <td className="lever-cell">{control('brand-deposits-off', b.brandId)}</td>
                    <td className="lever-cell">{control('brand-withdrawals-off', b.brandId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {snap && !snap.brandsError && snap.brands.length === 0 && <p className="warn-text">▲ The platform lists no brands.</p>}
        </section>
        <section className="panel" aria-label="Providers">
          <h2>Provider ingress</h2>
          <table className="lever-table">
            <tbody>
              {(snap?.providers ?? []).map((p) => (
                <tr key={p}>
                  <td className="lever-title mono">{p}</td>
                  <td className="lever-cell">{control('provider-ingress-block', p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section className="panel" aria-label="Recent lever executions">
        <h2>Recent executions</h2>
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

/** Says "nothing pulled" only for what was read: an unreadable brand list or state is named, never counted as live. */
function NothingPulled({ snap }: { snap: LeverStateSnapshot | null }) {
  if (!snap) return <p className="muted">Not read yet.</p>;
  const unread = snap.targets.filter((t) => t.engaged === null);
  if (!snap.brandsError && unread.length === 0) return <p className="ok-text">✓ No lever is pulled: money moves on every brand.</p>;
  return (
    <p className="warn-text" role="status">
      ▲ None of the {snap.targets.length - unread.length} lever states read is pulled, but this cannot say for
      {snap.brandsError ? ' any brand (their list cannot be read)' : ''}
      {snap.brandsError && unread.length > 0 ? ' and' : ''}
      {unread.length > 0 ? ` ${unread.length} lever state${unread.length === 1 ? '' : 's'} that could not be read` : ''}.
    </p>
  );
}

/** Where the brand table would be: what failed, since when, and what still works. */
function BrandsUnreadable({ failure, now }: { failure: BrandListFailure; now: number }) {
  return (
    <div className="banner banner-error brands-unreadable" role="alert" aria-label="Brand list failure">
      <strong>✗ BRANDS UNKNOWN: the platform's brand list cannot be read.</strong>
      <div className="mono">{failure.problem}</div>
      <div>
        Failing since {formatTime(failure.since, now)}; last tried {formatTime(failure.at, now)}.
      </div>
      <div className="small">
        Brand levers cannot be planned and no brand's state is shown until the list can be read. Platform-wide and provider levers still work.
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

function Reach({ label, ok }: { label: string; ok: boolean | null }) {
  if (ok === null) return <span className="muted">{label}: …</span>;
  return <span className={ok ? 'ok-text' : 'error-text'}>{ok ? `✓ ${label}` : `✗ ${label} unreachable`}</span>;
}

function LeverControl({ state, readOnly, onPull }: { state: LeverTargetState | undefined; readOnly: boolean; onPull: (a: 'engage' | 'release') => void }) {
  if (!state) return <span className="muted">…</span>;
  const label =
    state.engaged === null ? (
      <span className="state-pill state-unknown" title={state.error ?? ''}>
        ? unknown
      </span>
    ) : (
      <span className={`state-pill ${state.engaged ? 'state-engaged' : 'state-live'}`}>{state.engaged ? `■ ${state.detail}` : `● ${state.detail}`}</span>
    );
  return (
    <span className="lever-control" data-lever={state.lever} data-target={state.target}>
      {label}
      {!readOnly && (
        <>
          {state.engaged !== true && (
            <button type="button" className="button button-small button-danger-outline" onClick={() => onPull('engage')}>
              Pull…
            </button>
          )}
          {state.engaged !== false && (
            <button type="button" className="button button-small button-secondary" onClick={() => onPull('release')}>
              Release…
            </button>
          )}
        </>
      )}
    </span>
  );
}
