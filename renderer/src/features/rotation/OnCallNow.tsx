import { useMemo } from 'react';
import { nowNext, onCallAt } from '../../../../shared/rotation/oncall.ts';
import type { Schedule } from '../../../../shared/rotation/schema.ts';
import { durationWords, overrideWords, spanInZone, swapWords, utcSpan, zoneClock } from './rotation-words.ts';

const zoneOf = (schedule: Schedule, rotationId: string | null) => schedule.rotations.find((r) => r.id === rotationId)?.timezone ?? 'UTC';
const nameOf = (schedule: Schedule, rotationId: string | null) => schedule.rotations.find((r) => r.id === rotationId)?.name ?? rotationId ?? '';

/** "11:30 Europe/London · 07:30 your time" (one zone only when the viewer is in it). */
function twoClocks(at: number, zone: string, viewer: string, now: number): string {
  const there = `${zoneClock(at, zone, now)} ${zone}`;
  return zone === viewer ? `${there} (your time)` : `${there} · ${zoneClock(at, viewer, now)} your time`;
}

/**
 * Who is on call now, big: primary and backup, their rotation and region, the shift's hours in
 * the region's zone and the viewer's, who is next and when, the overlapping shift, and which
 * overrides and swaps are in force. Computed from the schedule and the clock (shared/rotation/oncall.ts).
 */
export function OnCallNow({ schedule, now, zone }: { schedule: Schedule; now: number; zone: string }) {
  const nn = useMemo(() => nowNext(schedule, now), [schedule, now]);
  const { now: on, handover, next } = nn;
  const rotation = schedule.rotations.find((r) => r.id === on.rotationId) ?? null;
  const handoverZone = useMemo(() => (handover ? zoneOf(schedule, onCallAt(schedule, handover.at).rotationId) : 'UTC'), [schedule, handover]);
  const backupFirst = next && next.changed.length === 1 && next.changed[0] === 'backup' && (!handover || next.at < handover.at) ? next : null;
  const overrides = on.overrides.map((id) => schedule.overrides.find((o) => o.id === id)).filter((o) => o !== undefined);
  const swaps = on.swaps.map((id) => schedule.swaps.find((s) => s.id === id)).filter((s) => s !== undefined);

  return (
    <section className="panel rot-now" aria-label="On call now" data-testid="oncall-now">
      <h2>On call now</h2>
      <div className="rot-now-people">
        <div className={`rot-person rot-person-primary${on.primary ? '' : ' rot-person-missing'}`} data-testid="oncall-primary">
          <span className="rot-role">Primary</span>
          <span className="rot-name">{on.primary ?? '✕ NOBODY'}</span>
        </div>
        <div className={`rot-person${on.backup ? '' : ' rot-person-missing'}`} data-testid="oncall-backup">
          <span className="rot-role">Backup</span>
          <span className="rot-name">{on.backup ?? '✕ NOBODY'}</span>
        </div>
        <div className="rot-now-where">
          {rotation && on.shift ? (
            <>
              <div className="rot-now-rotation">
                {rotation.name} <span className="rot-region">{rotation.region}</span>
              </div>
              <div data-testid="oncall-shift">
                Shift {spanInZone(on.shift.scheduledStart, on.shift.scheduledEnd, rotation.timezone, now)} {rotation.timezone}
                {rotation.timezone !== zone && <> · {spanInZone(on.shift.scheduledStart, on.shift.scheduledEnd, zone, now)} your time</>}
              </div>
              <div className="muted small">
                {utcSpan(on.shift.scheduledStart, on.shift.scheduledEnd)} · ends in {durationWords(on.shift.scheduledEnd - now)}
              </div>
            </>
          ) : (
            <div className="rot-gap-now" role="alert">
              ✕ No shift is on now: nobody is on call.
            </div>
          )}
        </div>
      </div>
      {on.primary && !on.backup && (
        <p className="rot-gap-now" role="alert">
          ✕ No backup now{on.backupFallback ? ': an override made the primary the backup too, and nobody else in the rotation is free' : ''}.
        </p>
      )}
      {on.backupFallback && on.backup && (
        <p className="rot-warn">▲ The backup is {on.backup} by the fallback rule: an override made the primary and the backup the same person.</p>
      )}
      <ul className="rot-now-lines">
        <li className="rot-handover" data-testid="oncall-handover">
          {handover ? (
            <>
              → <strong>Handover to {handover.to}</strong> in <strong>{durationWords(handover.inMs)}</strong>, {twoClocks(handover.at, handoverZone, zone, now)}{' '}
              <span className="muted">
                ({zoneClock(handover.at, 'UTC', now)} UTC; {nameOf(schedule, onCallAt(schedule, handover.at).rotationId)})
              </span>
            </>
          ) : (
            'No handover in the next two years: the primary does not change.'
          )}
        </li>
        {backupFirst && (
          <li data-testid="oncall-next-backup">
            Backup changes to <strong>{backupFirst.backup ?? 'nobody'}</strong> in {durationWords(backupFirst.inMs)}, {twoClocks(backupFirst.at, handoverZone, zone, now)}
          </li>
        )}
        {on.incoming.map((inc) => (
          <li key={inc.shiftId} data-testid="oncall-incoming">
            Overlap: <strong>{nameOf(schedule, inc.rotationId)}</strong> is on too since {twoClocks(inc.start, zoneOf(schedule, inc.rotationId), zone, now)} — {inc.primary} (primary) · {inc.backup} (backup); it
            takes over when this shift ends.
          </li>
        ))}
        {overrides.map((o) => (
          <li key={o.id} className="rot-applied" data-testid="oncall-override">
            ✎ Override in force: {overrideWords(o, schedule)} · ends in {durationWords(Date.parse(o.end) - now)}
          </li>
        ))}
        {swaps.map((s) => (
          <li key={s.id} className="rot-applied" data-testid="oncall-swap">
            ⇄ Swap in force: {swapWords(s)} · ends in {durationWords(Date.parse(s.end) - now)}
          </li>
        ))}
        {overrides.length === 0 && swaps.length === 0 && <li className="muted">No override or swap applies now.</li>}
      </ul>
    </section>
  );
}
