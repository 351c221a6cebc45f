import { z } from 'zod';

export const Severity = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
export type Severity = z.infer<typeof Severity>;

export const RunbookSourceKind = z.enum(['bundled', 'folder', 'platform']);
export type RunbookSourceKind = z.infer<typeof RunbookSourceKind>;

/** Front matter as written by people: lenient on spelling (SEV-2, P2), strict on meaning. */
export const RunbookFrontMatter = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'id must be lowercase letters, digits, ".", "_" or "-" (at most 100)'),
  title: z.string().trim().min(1, 'title is empty').max(200),
  severity_hint: z
    .preprocess((v) => normalizeSeverity(v), Severity.nullable())
    .optional()
    .transform((v) => v ?? null),
  triggers: z.array(z.coerce.string()).default([]),
  levers: z.array(z.coerce.string()).default([]),
  owners: z.array(z.coerce.string()).default([]),
  last_tested: z
    .preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), z.string().nullable())
    .optional()
    .transform((v) => v ?? null),
  tags: z.array(z.coerce.string().transform((t) => t.trim().toLowerCase())).default([]),
});
export type RunbookFrontMatter = z.infer<typeof RunbookFrontMatter>;

function normalizeSeverity(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  const m = /^\s*(?:sev|p)[\s-]?([1-4])\s*$/i.exec(String(v));
  return m ? `SEV${m[1]}` : v;
}

export const RunbookSource = z.object({
  id: z.number().int(),
  kind: RunbookSourceKind,
  location: z.string(),
  addedAt: z.string(),
  lastSyncedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  runbookCount: z.number().int(),
});
export type RunbookSource = z.infer<typeof RunbookSource>;

export const RunbookSummary = z.object({
  id: z.string(),
  title: z.string(),
  severityHint: Severity.nullable(),
  tags: z.array(z.string()),
  version: z.number().int(),
  source: RunbookSourceKind,
  updatedAt: z.string(),
});
export type RunbookSummary = z.infer<typeof RunbookSummary>;

/** A search hit: the snippet marks matches with \u0001 … \u0002 so the UI highlights without HTML. */
export const RunbookHit = RunbookSummary.extend({ snippet: z.string(), rank: z.number() });
export type RunbookHit = z.infer<typeof RunbookHit>;

export const SNIPPET_OPEN = '\u0001';
export const SNIPPET_CLOSE = '\u0002';

/** A copy of the same runbook id from a source of lower precedence, which this one replaces. */
export const RunbookOverride = z.object({
  source: RunbookSourceKind,
  location: z.string(),
  path: z.string().nullable(),
});
export type RunbookOverride = z.infer<typeof RunbookOverride>;

export const RunbookDetail = z.object({
  id: z.string(),
  version: z.number().int(),
  latestVersion: z.number().int(),
  title: z.string(),
  severityHint: Severity.nullable(),
  triggers: z.array(z.string()),
  levers: z.array(z.string()),
  owners: z.array(z.string()),
  lastTested: z.string().nullable(),
  tags: z.array(z.string()),
  markdown: z.string(),
  body: z.string(),
  source: z.object({ kind: RunbookSourceKind, location: z.string(), path: z.string().nullable() }),
  importedAt: z.string(),
  lastSyncedAt: z.string().nullable(),
  /** What this runbook replaces, e.g. the bundled `rail-latency-spike` a team folder overrides. */
  overrides: z.array(RunbookOverride).optional(),
});
export type RunbookDetail = z.infer<typeof RunbookDetail>;

export const RunbookVersion = z.object({
  version: z.number().int(),
  importedAt: z.string(),
  source: RunbookSourceKind,
  sourceLocation: z.string(),
  path: z.string().nullable(),
  contentHash: z.string(),
  title: z.string(),
  lineCount: z.number().int(),
});
export type RunbookVersion = z.infer<typeof RunbookVersion>;

export const DiffLine = z.object({
  kind: z.enum(['add', 'del', 'ctx']),
  text: z.string(),
  oldLine: z.number().int().nullable(),
  newLine: z.number().int().nullable(),
});
export const RunbookDiff = z.object({
  id: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  hunks: z.array(z.object({ header: z.string(), lines: z.array(DiffLine) })),
});
export type RunbookDiff = z.infer<typeof RunbookDiff>;

export const ImportIssue = z.object({
  file: z.string(),
  reason: z.string(),
});
export const ImportReport = z.object({
  sourceId: z.number().int(),
  source: RunbookSourceKind,
  location: z.string(),
  at: z.string(),
  scanned: z.number().int(),
  imported: z.number().int(), // new runbooks or new versions
  unchanged: z.number().int(),
  rejected: z.array(ImportIssue),
  shadowed: z.array(ImportIssue), // same id provided by a source that takes precedence
  overrides: z.array(ImportIssue).optional(), // this source's runbooks that replace another source's copy
  error: z.string().nullable(), // the whole source failed (folder missing, unreadable), or the cache was rebuilt
});
export type ImportReport = z.infer<typeof ImportReport>;
export type ImportIssue = z.infer<typeof ImportIssue>;

export const SearchArgs = z.object({
  query: z.string().max(500).default(''),
  tags: z.array(z.string().max(100)).max(20).default([]),
  severity: Severity.nullable().default(null),
  limit: z.number().int().min(1).max(200).default(50),
});
export type SearchArgs = z.input<typeof SearchArgs>;

export const SearchResult = z.object({
  hits: z.array(RunbookHit),
  /** More matched than `limit`: the UI says so instead of counting every match. */
  truncated: z.boolean(),
});
export const RunbookFacets = z.object({
  tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
  severities: z.array(z.object({ severity: Severity, count: z.number().int() })),
  total: z.number().int(),
});
export type RunbookFacets = z.infer<typeof RunbookFacets>;
export type SearchResult = z.infer<typeof SearchResult>;
