// The runbooks the demo platform's runbook endpoint serves at start. Their ids differ from the
// bundled set in resources/runbooks so a sync from the platform visibly adds something.

const WALLET_WRITER_WEDGED = `---
id: wallet-writer-wedged
title: Wallet writer wedged
severity_hint: SEV1
triggers:
  - "Deposits and withdrawals accepted but balances stop moving"
  - "wallet_writer queue depth grows for 2 minutes while throughput is zero"
  - "Recon shows ledger ahead of bucket for many players at once"
levers: [platform-freeze, halt-deposits]
owners: [wallet-team, payments-oncall]
last_tested: 2026-09-30
tags: [wallet, money-loss, writer, postgres]
---

# Wallet writer wedged

The wallet writer serialises every balance change. When it wedges, the gateway keeps
accepting money that never reaches a balance: this is money at risk, SEV1.

## Contain

1. Halt deposits platform-wide:
   \`curl -X PUT "$ADMIN/api/v1/global-vars/DEPOSIT_MAINTENANCE_STATUS" -H "Authorization: Bearer $TOK" -d '{"value":"1"}'\`
2. Read it back and probe a test deposit: it must answer \`Finance maintenance\`.
3. If withdrawals also stall, freeze the platform (super_admin).

## Diagnose

- Check the writer's lock holder in Postgres (\`pg_locks\` joined with \`pg_stat_activity\`).
- Compare \`ledger_total\` and \`bucket_total\` from \`GET /api/v1/recon?brand_id=…\` per brand.

## Recover

Restart the writer, watch the queue drain, then reverse the levers in reverse order and
re-verify a real deposit and a withdrawal.
`;

const PROVIDER_CALLBACK_STORM = `---
id: provider-callback-storm
title: Provider callback storm
severity_hint: SEV2
triggers:
  - "webhook_backlog for one provider above 500 for 5 minutes"
  - "One provider retries the same callbacks in a loop"
levers: [provider-ingress-block]
owners: [payments-oncall]
last_tested: 2026-10-02
tags: [webhooks, providers, backlog]
---

# Provider callback storm

One payment provider floods the gateway with callbacks (retries, duplicates), and the
webhook workers fall behind for every provider.

## Contain

1. Block that provider's ingress at the gateway:
   \`curl -X PUT "$GW/api/v1/provider-ingress/razorpay" -H "Authorization: Bearer $TOK" -d '{"blocked":true,"reason":"callback storm"}'\`
2. Read it back; a test callback must be refused with 503.

## Recover

Unblock once the provider confirms the loop is fixed; the provider re-sends what was
refused. Watch \`webhook_backlog\` return to single digits.
`;

const ADMIN_LOCKOUT = `---
id: admin-lockout
title: Admin service lockout
severity_hint: SEV1
triggers:
  - "Admin API answers 401 or 403 to known-good operator tokens"
  - "Admin API unreachable while the gateway is healthy"
levers: []
owners: [platform-sre]
last_tested: 2026-08-21
tags: [admin, auth, sql-fallback]
---

# Admin service lockout

Nobody can pull a lever through the admin API. Containment falls back to SQL, run by a
database owner, never by Switchyard.

## SQL fallback

\`\`\`sql
UPDATE global_var SET value='1', updated_at=NOW() WHERE code='DEPOSIT_MAINTENANCE_STATUS';
\`\`\`

## Recover

Rotate the admin signing key, re-issue operator tokens, then reverse the SQL change
through the admin API once it answers again.
`;

export const RUNBOOK_SEED: readonly string[] = [WALLET_WRITER_WEDGED, PROVIDER_CALLBACK_STORM, ADMIN_LOCKOUT];

/** The id in a runbook's front matter, or undefined when it has none a reader would accept. */
export function runbookIdOf(markdown: string): string | undefined {
  const front = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(markdown);
  if (!front?.[1]) return undefined;
  const id = /^id:\s*["']?([a-z0-9][a-z0-9._-]{0,99})["']?\s*$/m.exec(front[1]);
  return id?.[1];
}
