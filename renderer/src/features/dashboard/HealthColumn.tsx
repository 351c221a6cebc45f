import type { ReactNode } from 'react';
import type { Dashboard, Freshness } from '../../../../shared/metrics.ts';
import { FreshnessBadge } from '../../ui/FreshnessBadge.tsx';
import { effectiveFreshness, type Snapshot } from '../../ui/freshness.ts';
import { countText, figureText, percentFigure } from '../../ui/metrics-format.ts';
import { useNow } from '../../ui/use-now.ts';
import { useDashboard } from './store.ts';

type ServiceStatus = Dashboard['health']['gateway']['status'];

/** Service status in a word and a shape. */
export const SERVICE_WORD: Record<string, string> = { ok: '✓ OK', degraded: '▲ DEGRADED', down: '✕ DOWN', unknown: '? UNKNOWN' };
export function serviceLevel(status: string): 'ok' | 'watch' | 'breach' | 'unknown' {
  return status === 'ok' ? 'ok' : status === 'degraded' ? 'watch' : status === 'down' ? 'breach' : 'unknown';
}

function Card({ title, freshness, snap, now, children }: { title: string; freshness: Freshness; snap: Snapshot | null; now: number; children: ReactNode }) {
  const eff = effectiveFreshness(freshness, snap, now);
  const dead = eff.status === 'stale' || eff.status === 'error';
  return (
    <section className={`dash-card${dead ? ' dash-card-stale' : ''}`} aria-label={title}>
      <header className="dash-card-head">
        <h2>{title}</h2>
        <FreshnessBadge status={eff.status} ageMs={eff.ageMs} />
      </header>
      {/* Stale: the old numbers stay readable as history, struck through, never as live. */}
      {dead ? <del className="dash-card-was">{children}</del> : eff.status === 'loading' ? <p className="muted small dash-card-wait">… waiting for the first data</p> : children}
    </section>
  );
}

function Status({ status }: { status: ServiceStatus | 'ok' | 'down' | 'unknown' }) {
  return <span className={`dash-service dash-service-${serviceLevel(status)}`}>{SERVICE_WORD[status] ?? status}</span>;
}

/** 5xx ratio, gateway and admin health, webhook backlog per provider. */
export function HealthColumn() {
  const d = useDashboard((s) => s.dashboard);
  const snap = useDashboard((s) => s.snapshot);
  const now = useNow(1000);
  if (!d) return <div className="dash-health" />;
  const er = d.errorRatio;
  const gw = d.health.gateway;
  const components = Object.entries(gw.components);
  return (
    <div className="dash-health">
      <Card title="Gateway 5xx ratio" freshness={er.freshness} snap={snap} now={now}>
        <div className="dash-card-figure">
          <span className={`dash-big${er.breach ? ' dash-big-breach' : ''}`}>{figureText(percentFigure(er.value, 2))}</span>
          {er.breach ? <span className="dash-mark dash-mark-breach">BREACH ▲ 5xx</span> : <span className="dash-mark dash-mark-ok">✓ OK</span>}
        </div>
        <div className="muted small">limit {figureText(percentFigure(d.thresholds.errorRatio, 1))}</div>
      </Card>
      <Card title="Gateway" freshness={gw.freshness} snap={snap} now={now}>
        <Status status={gw.status} />
        {components.length > 0 && (
          <ul className="dash-components">
            {components.map(([name, st]) => (
              <li key={name}>
                <span>{name}</span>
                <Status status={(st in SERVICE_WORD ? st : 'unknown') as ServiceStatus} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Admin service" freshness={d.health.admin.freshness} snap={snap} now={now}>
        <Status status={d.health.admin.status} />
      </Card>
      <Card title="Webhook backlog" freshness={d.webhookBacklog.freshness} snap={snap} now={now}>
        {d.webhookBacklog.providers.length === 0 ? (
          <p className="muted small">No provider reports a backlog.</p>
        ) : (
          <table className="dash-backlog">
            <tbody>
              {d.webhookBacklog.providers.map((p) => (
                <tr key={p.provider} className={p.breach ? 'dash-backlog-breach' : ''}>
                  <td className="mono">{p.provider}</td>
                  <td className="dash-num">{countText(p.value)}</td>
                  <td>{p.breach ? <span className="dash-mark dash-mark-breach">BREACH ▲</span> : <span className="dash-mark dash-mark-ok">✓</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="muted small">limit {countText(d.thresholds.webhookBacklog)} queued</div>
      </Card>
    </div>
  );
}
