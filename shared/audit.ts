import { z } from 'zod';

export const AuditKind = z.enum(['intent', 'outcome', 'reverify', 'note']);
export const LeverOutcome = z.enum(['verified', 'failed', 'unknown']);
export type LeverOutcome = z.infer<typeof LeverOutcome>;

export const AuditRecord = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: AuditKind,
  executionId: z.string().nullable(),
  actor: z.string(),
  profile: z.string(),
  environment: z.string(),
  lever: z.string().nullable(),
  action: z.string().nullable(),
  target: z.string().nullable(),
  reason: z.string().nullable(),
  incidentId: z.string().nullable(),
  approvedBy: z.string().nullable(),
  before: z.unknown().nullable(),
  request: z.unknown().nullable(),
  response: z.unknown().nullable(),
  after: z.unknown().nullable(),
  outcome: LeverOutcome.nullable(),
  detail: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first record whose hash or position does not match: everything from it on is suspect. */
  firstBad: z.number().int().nullable(),
  problem: z.string().nullable(),
  at: z.string(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const AuditFilter = z.object({
  lever: z.string().max(100).optional(),
  outcome: LeverOutcome.optional(),
  incidentId: z.string().max(100).optional(),
  text: z.string().max(200).optional(),
  beforeSeq: z.number().int().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
