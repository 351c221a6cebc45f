import { useEffect, useState } from 'react';
import type { LeverId, LeverTargetState } from '../../../../shared/levers.ts';
import { api } from '../../api.ts';
import { formatAge, formatTime } from '../../ui/time.ts';
import { useApp } from '../app/store.ts';
import { LeverDialog } from './LeverDialog.tsx';
import { OutcomeBadge } from './OutcomeBadge.tsx';
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
          <p className="ok-text">✓ No lever is pulled: money moves on every brand.</p>
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
          {snap && snap.brands.length === 0 && (
            <p className="warn-text">▲ The platform's brands cannot be listed{snap.reachable.admin ? '' : ': the admin service is unreachable'}.</p>
          )}
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
                  <td title={e.detail ?? ''}>
                    <OutcomeBadge status={e.status} />
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
