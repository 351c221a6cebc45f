import { useMemo, useState } from 'react';
import type { Handover, HandoverFact } from '../../../../shared/rotation/handover.ts';
import { nowNext } from '../../../../shared/rotation/oncall.ts';
import { useNow } from '../../ui/use-now.ts';
import { useApp } from '../app/store.ts';
import { durationWords, factAge, utcStamp } from './rotation-words.ts';
import { lastOf, useRotation } from './store.ts';

const KIND_WORDS: Record<HandoverFact['kind'], string> = {
  incident: 'Incident',
  lever: 'Lever',
  rail: 'Rail',
  freeze: 'Calendar',
  change: 'Change',
  unknown: 'Unknown',
};

function Fact({ fact, now }: { fact: HandoverFact; now: number }) {
  const age = factAge(fact.asOf, now);
  return (
    <li className={`rot-fact rot-fact-${fact.kind}${age.read ? '' : ' rot-fact-unread'}`} data-kind={fact.kind}>
      <span className="rot-fact-kind">{KIND_WORDS[fact.kind]}</span>
      <span className="rot-fact-text">{fact.text}</span>
      <span className={`rot-fact-age${age.read ? '' : ' rot-fact-age-unread'}`} data-testid="fact-age">
        {age.read ? age.words : `▲ ${age.words}`}
      </span>
      <span className="rot-fact-source muted small">
        {fact.source}
        {fact.link && (
          <>
            {' · '}
            <a href={fact.link}>open</a>
          </>
        )}
      </span>
    </li>
  );
}

function HandoverItem({ h, now, canWrite }: { h: Handover; now: number; canWrite: boolean }) {
  const acknowledge = useRotation((s) => s.acknowledge);
  const ack = useRotation((s) => s.acks[h.id]);
  const [by, setBy] = useState(h.to);
  const name = by.trim();
  const handed = Date.parse(h.handedAt);
  return (
    <li className={`rot-handover-item${h.acknowledgedAt ? ' rot-handover-acked' : ' rot-handover-waiting'}`} data-handover={h.id}>
      <div className="rot-handover-head">
        <strong>
          {h.from} → {h.to}
        </strong>{' '}
        <span className="muted">
          handed over {utcStamp(handed)} ({durationWords(now - handed)} ago) by {h.handedBy}
        </span>
      </div>
      {h.acknowledgedAt ? (
        <p className="rot-ok" data-testid="handover-ack">
          ✓ Acknowledged by {h.acknowledgedBy ?? '?'} at {utcStamp(Date.parse(h.acknowledgedAt))}
        </p>
      ) : (
        <div className="rot-ack">
          <p className="rot-warn" data-testid="handover-ack">
            ▲ NOT ACKNOWLEDGED yet — waiting {durationWords(now - handed)}
          </p>
          {canWrite && (
            <form
              className="row-gap"
              onSubmit={(e) => {
                e.preventDefault();
                if (name) void acknowledge(h.id, name);
              }}
            >
              <label className="rot-inline">
                Acknowledging as{' '}
                <input className="text-input rot-name-input" aria-label="Acknowledging as" value={by} onChange={(e) => setBy(e.target.value)} placeholder="your name" />
              </label>
              <button type="submit" className="button" disabled={!name || ack?.status === 'busy'}>
                {name ? `Acknowledge as ${name}` : 'Acknowledge'}
              </button>
            </form>
          )}
          {ack?.status === 'failed' && (
            <p className="rot-error" role="alert">
              ✕ Not acknowledged: {ack.message}
            </p>
          )}
        </div>
      )}
      <details className="rot-handover-text">
        <summary className="small">What was handed over ({h.facts.length} facts)</summary>
        <pre>{h.text}</pre>
      </details>
    </li>
  );
}

/**
 * `#/handover`: from the primary now to the next, a handover drafted from the console's own state
 * (each fact with how old it is, or that it could not be read), edited, handed over, and
 * acknowledged by the incoming engineer.
 */
export function HandoverPage() {
  const now = useNow(1000);
  const schedule = useRotation((s) => s.schedule);
  const handovers = useRotation((s) => s.handovers);
  const work = useRotation((s) => s.handoverDraft);
  const sent = useRotation((s) => s.handOver);
  const canWrite = useApp((a) => a.info?.role !== 'wall');
  const minute = Math.floor(now / 60_000) * 60_000;
  const defaults = useMemo(() => {
    if (!schedule) return { from: '', to: '' };
    const nn = nowNext(schedule, minute);
    return { from: nn.now.primary ?? '', to: nn.handover?.to ?? '' };
  }, [schedule, minute]);
  const [fromTyped, setFrom] = useState<string | null>(null);
  const [toTyped, setTo] = useState<string | null>(null);
  const from = fromTyped ?? defaults.from;
  const to = toTyped ?? defaults.to;
  const list = lastOf(handovers);
  const people = useMemo(() => (schedule ? [...new Set(schedule.rotations.flatMap((r) => r.people))].sort() : []), [schedule]);
  const st = useRotation.getState;

  return (
    <>
      <section className="panel rot-handover-draft" aria-label="Draft a handover" data-testid="handover-draft">
        <h2>Draft a handover</h2>
        <datalist id="rot-handover-people">
          {people.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <form
          className="rot-form-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (from.trim() && to.trim()) void st().draftHandover(from.trim(), to.trim());
          }}
        >
          <label className="rot-field">
            <span>From (outgoing)</span>
            <input className="text-input" aria-label="From" list="rot-handover-people" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="rot-field">
            <span>To (incoming)</span>
            <input className="text-input" aria-label="To" list="rot-handover-people" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="submit" className="button" disabled={!from.trim() || !to.trim() || work.status === 'busy' || !canWrite}>
            {work.status === 'busy' ? 'Drafting…' : 'Draft the handover'}
          </button>
        </form>
        {!schedule && <p className="muted small">The rotation is not read: name the outgoing and incoming engineers.</p>}
        {work.status === 'failed' && (
          <p className="rot-error" role="alert">
            ✕ The handover could not be drafted: {work.message}
          </p>
        )}
        {sent.status === 'done' && work.status === 'idle' && (
          <p className="rot-ok" role="status" data-testid="handed-over">
            ✓ Handed over from {sent.value.from} to {sent.value.to} at {utcStamp(Date.parse(sent.value.handedAt))}: waiting for {sent.value.to} to acknowledge.
          </p>
        )}
        {work.status === 'done' && (
          <div className="rot-handover-work">
            <h3 className="rot-h3">
              Facts, drafted at {utcStamp(Date.parse(work.value.draft.draftedAt))} ({durationWords(now - Date.parse(work.value.draft.draftedAt))} ago)
            </h3>
            <ul className="rot-facts" aria-label="Facts" data-testid="handover-facts">
              {work.value.draft.facts.map((f, i) => (
                <Fact key={i} fact={f} now={now} />
              ))}
            </ul>
            <label className="rot-field rot-field-wide">
              <span>The handover, as the incoming engineer will read it (edit it: add your notes)</span>
              <textarea className="text-input rot-handover-textarea" aria-label="Handover text" value={work.value.text} onChange={(e) => st().setHandoverText(e.target.value)} rows={14} />
            </label>
            {sent.status === 'failed' && (
              <p className="rot-error" role="alert">
                ✕ Not handed over: {sent.message}
              </p>
            )}
            <div className="row-gap">
              <button type="button" className="button" disabled={sent.status === 'busy'} onClick={() => void st().handOverNow()}>
                {sent.status === 'busy' ? 'Handing over…' : `Hand over to ${work.value.draft.to}`}
              </button>
              <button type="button" className="button button-secondary" onClick={() => st().discardHandover()}>
                Discard the draft
              </button>
            </div>
          </div>
        )}
      </section>

      <section className="panel rot-handovers" aria-label="Handovers" data-testid="handover-list">
        <h2>Handovers</h2>
        {handovers.status === 'unread' && <p className="muted">Reading the handovers…</p>}
        {handovers.status === 'failed' && (
          <p className="rot-error" role="alert">
            ✕ The handovers could not be read: {handovers.message}
          </p>
        )}
        {list && list.length === 0 && <p className="muted">No handover recorded yet.</p>}
        {list && list.length > 0 && (
          <ul className="rot-handover-list">
            {list.map((h) => (
              <HandoverItem key={h.id} h={h} now={now} canWrite={canWrite} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
