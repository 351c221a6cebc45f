import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { readYamlText, validateDocument } from '../yaml-document.ts';
import { Severity } from './events.ts';

/**
 * A severity policy: the ladder a team works to (OPERATIONS.md has two). The default files are
 * resources/severity-policies/*.yaml; the core reads them and calls parseSeverityPolicy.
 *
 * Targets are written in words so an on-call lead can read the file aloud:
 *   "5 min", "1 h"            elapsed time: an instant plus that many minutes (DST-proof)
 *   "5 business days"         the same local wall-clock time, N business days later
 *   "1 business hour"         time counted only inside business hours
 *   "same business hour"      = "1 business hour"
 *   "next business day"       the opening of business hours on the first business day after
 *                             the local date of the start (business-days.ts)
 *   "as scheduled"            no clock (SEV4 fix: it joins the normal release rhythm)
 * The rules of each kind are in business-days.ts, beside the code that applies them.
 */

export type Target =
  | { kind: 'elapsed'; ms: number; text: string }
  | { kind: 'business_days'; days: number; text: string }
  | { kind: 'business_hours'; hours: number; text: string }
  | { kind: 'next_business_day'; text: string }
  | { kind: 'as_scheduled'; text: string };

const TARGET_HELP = 'write a target like "5 min", "4 h", "5 business days", "1 business hour", "same business hour", "next business day" or "as scheduled"';
const MINUTE = 60_000;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Reads the words of a target; null when they are not one of the forms above. */
export function readTarget(words: string): Target | null {
  const s = words.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s === 'as scheduled') return { kind: 'as_scheduled', text: 'as scheduled' };
  if (s === 'next business day') return { kind: 'next_business_day', text: 'next business day' };
  if (s === 'same business hour') return { kind: 'business_hours', hours: 1, text: 'same business hour' };
  const m = /^(\d+(?:\.\d+)?) ?(min|mins|minute|minutes|m|h|hr|hrs|hour|hours|business days?|business hours?)$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  if (!(n > 0) || !Number.isFinite(n)) return null;
  const unit = m[2]!;
  if (unit.startsWith('business day')) return Number.isInteger(n) ? { kind: 'business_days', days: n, text: plural(n, 'business day', 'business days') } : null;
  if (unit.startsWith('business hour')) return { kind: 'business_hours', hours: n, text: plural(n, 'business hour', 'business hours') };
  if (unit.startsWith('m')) return { kind: 'elapsed', ms: n * MINUTE, text: `${n} min` };
  return { kind: 'elapsed', ms: n * 60 * MINUTE, text: `${n} h` };
}

const TargetWords = z
  .string({ error: (iss) => (iss.input === undefined ? 'required' : `expected words, not ${typeof iss.input}: ${TARGET_HELP}`) })
  .transform((words, ctx): Target => {
    const t = readTarget(words);
    if (t) return t;
    ctx.issues.push({ code: 'custom', input: words, message: `"${words}" is not a target: ${TARGET_HELP}` });
    return z.NEVER;
  });

/** A target that must run a clock: anything but "as scheduled". */
const ClockTarget = TargetWords.refine((t) => t.kind !== 'as_scheduled', 'cannot be "as scheduled" (leave the key out for no clock)');

/** A repeating cadence (status updates) is elapsed time: "30 min". */
const Cadence = TargetWords.refine((t) => t.kind === 'elapsed', 'a cadence is elapsed time, e.g. "30 min"');

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time "HH:MM", e.g. "10:00"');
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const BusinessHours = z
  .strictObject({
    /** Local opening time on a business day. */
    start: Clock,
    /** Local closing time, later than start the same day. */
    end: Clock,
    /** ISO weekdays that are business days: 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  })
  .refine((h) => minutesOf(h.end) > minutesOf(h.start), { message: 'end must be later than start on the same day', path: ['end'] })
  .refine((h) => new Set(h.days).size === h.days.length, { message: 'a weekday is listed twice', path: ['days'] });
export type BusinessHours = z.infer<typeof BusinessHours>;

const IsoDate = z
  .string({ error: 'expected an ISO date "YYYY-MM-DD" (quote it if your editor turns it into a date)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date "YYYY-MM-DD"')
  .refine((d) => DateTime.fromISO(d).isValid, 'not a calendar date');

export const SeverityRule = z.strictObject({
  /** How this team names the level: "SEV1", "P1". */
  name: z.string().trim().min(1).max(40),
  description: z.string().max(1000).default(''),
  ack: TargetWords,
  fix: TargetWords,
  /** Post a status update at least this often while the incident is open. */
  statusUpdate: Cadence.nullable().default(null),
  /** First customer-facing status update within this time of declaration. */
  customerNotice: ClockTarget.nullable().default(null),
  /** Postmortem due this long after resolution; null: none required. */
  postmortem: ClockTarget.nullable().default(null),
});
export type SeverityRule = z.infer<typeof SeverityRule>;

export const SeverityPolicy = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'lower-case letters, digits and dashes, e.g. "platform-runbook"'),
  name: z.string().trim().min(1).max(200),
  timezone: z
    .string()
    .refine((tz) => IANAZone.isValidZone(tz), 'not a known IANA time zone (e.g. Asia/Kolkata)')
    .default('Asia/Kolkata'),
  /** Local dates that are not business days whatever their weekday. */
  holidays: z.array(IsoDate).max(2000).default([]),
  businessHours: BusinessHours.default({ start: '10:00', end: '19:00', days: [1, 2, 3, 4, 5] }),
  severities: z.strictObject({ SEV1: SeverityRule, SEV2: SeverityRule, SEV3: SeverityRule, SEV4: SeverityRule }),
  /** A mitigation at these severities that bypassed change control needs a decision record (ADR). */
  decisionRecord: z
    .strictObject({ severities: z.array(Severity).min(1), due: ClockTarget })
    .nullable()
    .default(null),
});
export type SeverityPolicy = z.output<typeof SeverityPolicy>;
export type SeverityPolicyInput = z.input<typeof SeverityPolicy>;

export const DEFAULT_POLICY_ID = 'platform-runbook';

/** One thing wrong with a policy file: where (dotted path, [i] for list items) and what. */
export interface PolicyIssue {
  path: string;
  message: string;
}
export type PolicyResult = { ok: true; value: SeverityPolicy } | { ok: false; errors: PolicyIssue[] };

/** Validates an already-parsed policy (YAML or JSON). */
export function validateSeverityPolicy(data: unknown): PolicyResult {
  return validateDocument(SeverityPolicy, data);
}

/** Parses a policy file's YAML text; syntax errors come back as issues too, never thrown. */
export function parseSeverityPolicy(text: string): PolicyResult {
  const read = readYamlText(text);
  if (!read.ok) return read;
  const data = read.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [{ path: '(file)', message: 'expected a mapping with id, name, severities, …' }] };
  }
  return validateSeverityPolicy(data);
}

/** "severities.SEV1.ack: required" lines, for a log line or an `invalid` error message. */
export function describePolicyErrors(errors: readonly PolicyIssue[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

export function severityRule(policy: SeverityPolicy, severity: Severity): SeverityRule {
  return policy.severities[severity];
}

/** The team's name for a level ("P1"), the canonical one when no policy is known. */
export function displayName(policy: SeverityPolicy | null | undefined, severity: Severity): string {
  return policy ? policy.severities[severity].name : severity;
}
