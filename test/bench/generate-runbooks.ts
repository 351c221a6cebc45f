import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BRANDS,
  COMMON_SENTENCES,
  HOSTS,
  LEVERS,
  PROVIDERS,
  RAIL_LABELS,
  RAILS,
  TEAMS,
  TOPICS,
  type Rail,
  type Topic,
} from './oncall-vocabulary.ts';
import { SeededRandom } from './seeded-random.ts';

export const MIN_RUNBOOK_BYTES = 4 * 1024;
export const MAX_RUNBOOK_BYTES = 12 * 1024;

export interface GeneratedLibrary {
  dir: string;
  count: number;
  totalBytes: number;
  minBytes: number;
  maxBytes: number;
}

/**
 * Writes `count` runbooks as Markdown with YAML front matter below `dir`, one sub-folder per
 * topic as a team's docs/runbooks checkout would have. Deterministic for a given seed.
 */
export function generateRunbooks(dir: string, count: number, seed: number): GeneratedLibrary {
  const rnd = new SeededRandom(seed);
  let totalBytes = 0;
  let minBytes = Infinity;
  let maxBytes = 0;
  for (const t of TOPICS) mkdirSync(join(dir, t.slug), { recursive: true });
  for (let i = 0; i < count; i++) {
    const rb = generateRunbook(rnd, i);
    const bytes = Buffer.byteLength(rb.markdown);
    totalBytes += bytes;
    minBytes = Math.min(minBytes, bytes);
    maxBytes = Math.max(maxBytes, bytes);
    writeFileSync(join(dir, rb.topic.slug, `${rb.id}.md`), rb.markdown);
  }
  return { dir, count, totalBytes, minBytes: count ? minBytes : 0, maxBytes };
}

interface Context {
  rnd: SeededRandom;
  topic: Topic;
  rail: Rail;
  brand: string;
  provider: string;
}

export function generateRunbook(rnd: SeededRandom, index: number): { id: string; topic: Topic; markdown: string } {
  const topic = rnd.pick(TOPICS);
  const ctx: Context = { rnd, topic, rail: rnd.pick(RAILS), brand: rnd.pick(BRANDS), provider: rnd.pick(PROVIDERS) };
  const scope = rnd.int(0, 3); // 0: rail only, 1: rail + brand, 2: rail + provider, 3: platform-wide
  const titleCase = topic.title.charAt(0).toUpperCase() + topic.title.slice(1);
  const title =
    scope === 0
      ? `${RAIL_LABELS[ctx.rail]} ${topic.title}`
      : scope === 1
        ? `${RAIL_LABELS[ctx.rail]} ${topic.title} for ${ctx.brand}`
        : scope === 2
          ? `${RAIL_LABELS[ctx.rail]} ${topic.title} via ${ctx.provider}`
          : `${titleCase} (all rails)`;
  const id = `${slug(title)}-${String(index).padStart(5, '0')}`;
  const target = rnd.int(MIN_RUNBOOK_BYTES, MAX_RUNBOOK_BYTES);

  const head = [frontMatter(ctx, id, title, scope), `# ${title}\n`, intro(ctx), whenToUse(ctx), severityTable(ctx), checklist(ctx), '## Steps\n'].join('\n');
  const tail = [verify(ctx), recovery(ctx), escalate(ctx)].join('\n');
  const steps: string[] = [];
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + 1; // the newlines joining the parts
  for (let n = 1; ; n++) {
    const step = stepSection(ctx, n);
    const bytes = Buffer.byteLength(step) + 1;
    if (size >= MIN_RUNBOOK_BYTES && size + bytes > target) break;
    if (size + bytes > MAX_RUNBOOK_BYTES) break;
    steps.push(step);
    size += bytes;
  }
  return { id, topic, markdown: `${head}\n${steps.join('\n')}\n${tail}` };
}

function frontMatter(ctx: Context, id: string, title: string, scope: number): string {
  const { rnd, topic } = ctx;
  const triggers = rnd.sample(topic.triggers, rnd.int(1, topic.triggers.length)).map((t) => `  - "${fill(ctx, t)}"`);
  const levers = rnd.sample([...topic.levers, ...rnd.sample(LEVERS, 1)], rnd.int(1, 3));
  const owners = [...new Set([...topic.owners, ...(rnd.chance(0.3) ? [rnd.pick(TEAMS)] : [])])];
  const tags = [...topic.tags, ...(scope === 3 ? rnd.sample(RAILS, 3) : [ctx.rail])];
  if (scope === 1) tags.push(ctx.brand);
  if (scope === 2) tags.push(ctx.provider);
  const lines = ['---', `id: ${id}`, `title: ${title}`];
  if (!rnd.chance(0.05)) lines.push(`severity_hint: ${rnd.pick(topic.severities)}`);
  lines.push('triggers:', ...triggers, `levers: [${levers.join(', ')}]`, `owners: [${owners.join(', ')}]`);
  if (rnd.chance(0.9)) lines.push(`last_tested: 20${rnd.int(24, 26)}-${pad2(rnd.int(1, 12))}-${pad2(rnd.int(1, 28))}`);
  lines.push(`tags: [${[...new Set(tags)].join(', ')}]`, '---', '');
  return lines.join('\n');
}

function intro(ctx: Context): string {
  const { rnd, topic } = ctx;
  return `${paragraph(ctx, [...topic.sentences], rnd.int(2, 3))}\nGoal: contain the impact with the narrowest lever and keep every other **brand** and rail flowing.\n`;
}

function whenToUse(ctx: Context): string {
  const { rnd, topic } = ctx;
  const others = rnd.sample(TOPICS.filter((t) => t !== topic), 2);
  return [
    '## When to use\n',
    ...rnd.sample(topic.triggers, 2).map((t) => `- ${fill(ctx, t)}.`),
    `- ${fill(ctx, rnd.pick(topic.sentences))}`,
    '',
    'This is NOT:',
    ...others.map((o) => `- ${o.title} (${o.words.slice(0, 2).join(', ')}): go to \`${o.slug}\`;`),
    `- anything on a brand outside the payments platform: see the [brand support guide](https://wiki.internal/brand-support/${ctx.brand}).`,
    '',
  ].join('\n');
}

function severityTable(ctx: Context): string {
  const { rnd } = ctx;
  return [
    '## Severity\n',
    '| pick | when | ack | fix |',
    '|---|---|---|---|',
    `| SEV1 | several rails or several brands affected, or gateway /health is down | 5 min | 1 h |`,
    `| SEV2 | ${RAIL_LABELS[ctx.rail]} degraded across brands, no fallback routing | 15 min | 4 h |`,
    `| SEV3 | one brand on one rail, or routing falls back and approval rate holds | 1 h | 24 h |`,
    `| SEV4 | already recovered, or provider maintenance announced by ${ctx.provider} | next business day | as scheduled |`,
    '',
    fill(ctx, rnd.pick(COMMON_SENTENCES)),
    '',
  ].join('\n');
}

const CHECKLIST = [
  'Acknowledge the incident and post "investigating {topic}" in the incident channel',
  'Snapshot gateway /health and the platform 5xx ratio',
  'Identify the affected rail(s) with p99 per rail',
  'Identify the affected brand(s) on {rail}',
  'Check error and approval rate on {rail} to confirm player impact',
  'Check webhook backlog for {provider}',
  'Check for a deploy or config change in the last 24 h',
  'Contact {provider} (status page, account manager) and record the ticket id',
  'Get approval from the incident commander for any write lever',
  'Apply the narrowest lever: {lever}',
  'Verify the lever (read-back and probe deposit on {brand})',
  'Post a status update every {minutes} min',
  'Run reconciliation for {brand} after recovery',
  'Hand over to {team} with the timeline up to date',
];

function checklist(ctx: Context): string {
  const items = ctx.rnd.sample(CHECKLIST, ctx.rnd.int(6, 10)).map((c) => `- [ ] ${fill(ctx, c)}`);
  return ['## Checklist\n', ...items, ''].join('\n');
}

const STEP_TITLES = [
  'Acknowledge and snapshot',
  'Find the affected rail',
  'Find the affected brand(s)',
  'Confirm player impact',
  'Name the provider behind the rail',
  'Check the queue depth',
  'Rule out our own change',
  'Contact the provider',
  'Compare the ledger with the settlement file',
  'Check the certificate chain',
  'Check replication lag',
  'Apply the narrowest lever',
  'Read the lever back',
  'Check the webhook signatures',
  'Drain the backlog',
  'Pause and resume the payout queue',
  'Tell brand support',
];

function stepSection(ctx: Context, n: number): string {
  const { rnd, topic } = ctx;
  const heading = rnd.chance(0.4) ? `Check ${rnd.pick(topic.words)} on ${RAIL_LABELS[ctx.rail]}` : rnd.pick(STEP_TITLES);
  const parts = [`### ${n}. ${heading}\n`, paragraph(ctx, [...topic.sentences, ...COMMON_SENTENCES], rnd.int(1, 3))];
  for (let b = rnd.int(1, 2); b > 0; b--) parts.push(codeBlock(ctx));
  parts.push(`If ${fill(ctx, rnd.pick(OUTCOMES))} → ${fill(ctx, rnd.pick(NEXT_ACTIONS))}; otherwise → continue.\n`);
  return parts.join('\n');
}

const OUTCOMES = [
  'p99 on {rail} stays above {ms} ms',
  'the approval rate on {rail} drops by {points} points or more',
  'the backlog for {provider} keeps growing',
  'the ledger and the bucket totals differ',
  'the handshake still fails',
  'only {brand} is affected',
  'three or more rails breach together',
  'the probe deposit returns status 1',
  'the provider confirms an outage with an ETA over {minutes} min',
];

const NEXT_ACTIONS = [
  'apply {lever} (step {digit})',
  'declare SEV1 and follow `incident-response`',
  'switch to `deploy-rollback`',
  'page {team}',
  'open `recon-mismatch` for {brand}',
  'escalate to the incident commander',
  'wait {minutes} min and re-run the query',
];

function codeBlock(ctx: Context): string {
  const { rnd } = ctx;
  const kind = rnd.int(0, 2);
  const lang = kind === 0 ? 'bash' : kind === 1 ? 'sql' : 'promql';
  const body = fill(ctx, rnd.pick(kind === 0 ? BASH : kind === 1 ? SQL : PROMQL));
  const expected = fill(ctx, rnd.pick(EXPECTED));
  return `\`\`\`${lang}\n${body}\n\`\`\`\n\`\`\`text\nExpected: ${expected}\n\`\`\`\n`;
}

const BASH = [
  'curl -sS "$GW/health" | jq .',
  'curl -sS -H "Authorization: Bearer $TOK" "$ADMIN/api/v1/brands/{brand}/config/payment_policy" | jq .value',
  'curl -sS "$GW/api/v1/provider-ingress/{provider}" | jq .',
  'curl -sS -X PUT -H "Authorization: Bearer $TOK" -H "Content-Type: application/json" \\\n  -d \'{"blocked":true,"reason":"{topic}, incident open"}\' \\\n  "$GW/api/v1/provider-ingress/{provider}"',
  'curl -sS -H "Authorization: Bearer $TOK" "$ADMIN/api/v1/recon?brand_id={brand}" \\\n  | jq \'{ledger_total, bucket_total, mismatches: (.mismatches | length)}\'',
  'curl -sS -X POST "$GW/api/v1/wallet/deposit" -H "Content-Type: application/json" \\\n  -d \'{"brand_id":"{brand}","player_id":"oncall-probe","amount":100,"currency":"INR","method":"{rail}"}\'',
  'kubectl -n payments rollout history deploy/payment-router\nkubectl -n payments rollout undo deploy/payment-router --to-revision={count}',
  'openssl s_client -connect {host}.internal:443 -servername {provider}.example -showcerts </dev/null \\\n  | openssl x509 -noout -dates -subject',
  'dig +short {provider}.example @10.0.0.2\ndig +short {provider}.example @1.1.1.1',
  'git fetch origin && git log origin/main --since="24 hours ago" --format="%h %ad %an %s" --date=iso-strict',
  'psql "$LEDGER_URL" -c "select now() - pg_last_xact_replay_timestamp() as lag"',
  'curl -sS -X POST -H "Authorization: Bearer $TOK" "$ADMIN/api/v1/webhooks/{provider}/replay?since=-{minutes}m"',
];

const SQL = [
  "SELECT rail, count(*) AS n, avg(latency_ms) AS avg_ms\nFROM payment_attempts\nWHERE brand_id = '{brand}' AND created_at > now() - interval '{minutes} minutes'\nGROUP BY rail ORDER BY avg_ms DESC;",
  "SELECT status, count(*)\nFROM payouts\nWHERE rail = '{rail}' AND requested_at > now() - interval '1 hour'\nGROUP BY status;",
  "SELECT l.txn_id, l.amount, b.amount AS bank_amount\nFROM ledger_entries l\nLEFT JOIN bank_statement_lines b ON b.reference = l.txn_id\nWHERE l.brand_id = '{brand}' AND (b.amount IS NULL OR b.amount <> l.amount)\nLIMIT 50;",
  "SELECT provider, count(*) AS queued, min(received_at) AS oldest\nFROM webhook_events\nWHERE processed_at IS NULL AND provider = '{provider}'\nGROUP BY provider;",
  "SELECT decline_code, count(*) AS n\nFROM authorizations\nWHERE rail = '{rail}' AND created_at > now() - interval '{minutes} minutes'\nGROUP BY decline_code ORDER BY n DESC LIMIT 10;",
  "SELECT refund_id, arn, status, updated_at\nFROM refunds\nWHERE provider = '{provider}' AND status = 'pending' AND created_at < now() - interval '{days} days';",
];

const PROMQL = [
  'histogram_quantile(0.99, sum by (le, rail) (rate(payment_rail_request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.99, sum by (le, brand) (rate(payment_rail_request_duration_seconds_bucket{rail="{rail}"}[5m])))',
  'sum by (rail) (rate(payment_rail_requests_total{outcome="approved"}[5m])) / sum by (rail) (rate(payment_rail_requests_total[5m]))',
  'sum(rate(gateway_http_requests_total{code=~"5.."}[5m])) / sum(rate(gateway_http_requests_total[5m]))',
  'max by (provider) (webhook_backlog{provider="{provider}"})',
  'sum by (provider) (rate(provider_http_responses_total{code="429"}[5m]))',
  '(probe_ssl_earliest_cert_expiry{instance=~"{host}.*"} - time()) / 86400',
  'pg_replication_lag_seconds{instance="{host}"}',
];

const EXPECTED = [
  'one series per rail, under 0.2 everywhere when healthy.',
  '{"status":"ok","components":{...}}  ("degraded" names the failing component)',
  'below 0.01 (1 %). Above 0.01 means players see errors, not only slowness.',
  'ledger_total equals bucket_total, mismatches 0.',
  '{"provider":"{provider}","blocked":false,"reason":""}',
  'approval ratio per rail, normally 0.85 to 0.95 on {rail}.',
  'small and flat for {provider}; a climbing backlog is the provider serving the slow rail.',
  'notAfter more than {days} days away, subject CN matches {provider}.',
  'lag under {seconds} s on {host}.',
  'HTTP 200 (HTTP 412 means the config moved: re-read it and retry once).',
  '{"status":0,"txn_id":"..."} for every brand except {brand}.',
];

function verify(ctx: Context): string {
  return ['## Verify\n', codeBlock(ctx), paragraph(ctx, COMMON_SENTENCES, 2)].join('\n');
}

function recovery(ctx: Context): string {
  const { rnd } = ctx;
  return [
    '## Recovery\n',
    `Only after ${ctx.provider} confirms the fix and the numbers have been healthy for ${rnd.int(10, 30)} minutes. Reverse the levers in reverse order:\n`,
    `1. ${fill(ctx, '{lever}')}: reverse it and watch the ${rnd.pick(ctx.topic.words)} metric for ${ctx.rail} settle.`,
    `2. Re-verify with one real deposit and one withdrawal on ${RAIL_LABELS[ctx.rail]}, then reconciliation for ${ctx.brand}.`,
    '',
  ].join('\n');
}

function escalate(ctx: Context): string {
  const { rnd } = ctx;
  return [
    '## Escalate\n',
    '- Primary has not acknowledged within the window: the backup on-call is paged automatically.',
    `- SEV1, or a lever failed to verify: page the incident commander and ${rnd.pick(TEAMS)}.`,
    `- ${ctx.provider} silent for ${rnd.int(10, 30)} min: call the provider account manager (ticket ${ticket(rnd)}).`,
    '',
  ].join('\n');
}

function paragraph(ctx: Context, pool: readonly string[], n: number): string {
  return `${ctx.rnd.sample(pool, n).map((s) => fill(ctx, s)).join(' ')}\n`;
}

/** Fills the {slots} of a template; each runbook gets its own ids, hosts and thresholds. */
function fill(ctx: Context, template: string): string {
  const { rnd } = ctx;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    switch (name) {
      case 'rail':
        return ctx.rail;
      case 'brand':
        return ctx.brand;
      case 'provider':
        return ctx.provider;
      case 'topic':
        return ctx.topic.title;
      case 'lever':
        return rnd.pick(ctx.topic.levers);
      case 'team':
        return rnd.pick(TEAMS);
      case 'host':
        return rnd.pick(HOSTS);
      case 'ticket':
        return ticket(rnd);
      case 'errcode':
        return `E${rnd.int(1000, 9999)}`;
      case 'ms':
        return String(rnd.pick([150, 200, 250, 300, 500, 800]));
      case 'minutes':
        return String(rnd.pick([5, 10, 15, 30, 45]));
      case 'seconds':
        return String(rnd.pick([5, 10, 30, 60, 120]));
      case 'hours':
        return String(rnd.int(2, 18));
      case 'days':
        return String(rnd.pick([3, 7, 14, 30]));
      case 'points':
        return String(rnd.int(5, 20));
      case 'percent':
        return String(rnd.int(1, 15));
      case 'digit':
        return String(rnd.int(1, 9));
      case 'count':
        return String(rnd.int(3, 5000));
      case 'amount':
        return String(rnd.int(1, 500) * 1000);
      case 'clock':
        return `${pad2(rnd.int(0, 23))}:${pad2(rnd.pick([0, 15, 30, 45]))}`;
      default:
        return whole; // shell variables like {print $2} stay as written
    }
  });
}

function ticket(rnd: SeededRandom): string {
  return `${rnd.pick(['PSUP', 'OPS', 'INC', 'CASE'])}-${rnd.int(10000, 99999)}`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
