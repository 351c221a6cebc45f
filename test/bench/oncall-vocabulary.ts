/**
 * The words the payment platform's on-call team writes runbooks with and searches for.
 * Shared by the runbook generator and the query set so queries hit what the library says.
 */

export const RAILS = ['upi', 'imps', 'netbanking', 'paytm', 'phonepe', 'cards'] as const;
export type Rail = (typeof RAILS)[number];

export const RAIL_LABELS: Record<Rail, string> = {
  upi: 'UPI',
  imps: 'IMPS',
  netbanking: 'Netbanking',
  paytm: 'Paytm',
  phonepe: 'PhonePe',
  cards: 'Cards',
};

export const BRANDS = [
  'royalace', 'lotus7', 'kesari', 'goldmine', 'tigerplay', 'mumbaimint', 'deccanwin', 'monsoonbet',
  'saffronspin', 'indigoclub', 'peacockpay', 'chakra', 'rangoli', 'himalaya', 'marina', 'cobalt',
] as const;

export const PROVIDERS = [
  'nimbuspay', 'kiteflow', 'saffronpg', 'tigergate', 'monsoonpg', 'ledgerly', 'swiftrail', 'bharatpe-gw',
  'orbitpay', 'zenith-acquiring',
] as const;

export const TEAMS = [
  'payments-oncall', 'platform-sre', 'risk-ops', 'finance-ops', 'db-oncall', 'security-oncall',
  'brand-support', 'partnerships',
] as const;

export const LEVERS = [
  'provider-ingress-block', 'brand-deposits-off', 'brand-withdrawals-off', 'halt-deposits', 'halt-withdrawals',
  'rail-failover', 'webhook-replay', 'cert-rotate', 'rate-limit-raise', 'payout-queue-pause', 'kyc-bypass-off',
  'routing-weight-shift',
] as const;

export const HOSTS = [
  'gw-edge-01', 'gw-edge-02', 'gw-edge-03', 'pg-ledger-primary', 'pg-ledger-replica-1', 'redis-sessions',
  'kafka-payments-2', 'webhook-worker-4', 'recon-batch-1', 'payout-engine-3',
] as const;

export interface Topic {
  slug: string;
  title: string;
  tags: string[];
  levers: string[];
  owners: string[];
  severities: string[];
  /** Words this kind of runbook keeps using; the query set draws from them too. */
  words: string[];
  triggers: string[];
  /** Prose about this topic; {rail}, {brand}, {provider}, … are filled per runbook. */
  sentences: string[];
}

export const TOPICS: Topic[] = [
  {
    slug: 'latency-spike',
    title: 'latency spike',
    tags: ['latency', 'rails'],
    levers: ['provider-ingress-block', 'brand-deposits-off', 'rail-failover'],
    owners: ['payments-oncall', 'platform-sre'],
    severities: ['SEV2', 'SEV3', 'SEV-2', 'P2'],
    words: ['latency', 'p99', 'timeout', 'slow', 'histogram', 'quantile'],
    triggers: [
      'p99 latency > {ms} ms on {rail} for {minutes} minutes',
      'Dashboard {rail} tile turns amber on p99 latency',
      'Players report deposits stuck on processing for {rail}',
    ],
    sentences: [
      'The {rail} rail answers slowly: p99 latency is above {ms} ms while requests still complete.',
      'Compare p99 per rail before touching any lever; one slow rail is usually the provider, all rails slow is us.',
      'If {provider} shows the same latency curve in its own status page, open a ticket and record the id as {ticket}.',
      'Timeouts on {host} turn slowness into failures once the client gives up after {seconds} seconds.',
      'A latency spike on {brand} alone points at that brand\'s routing table, not at the rail.',
      'Keep the histogram_quantile query open while you apply the lever and watch the p99 fall.',
    ],
  },
  {
    slug: 'approval-rate-degraded',
    title: 'approval rate degraded',
    tags: ['approval', 'declines', 'rails'],
    levers: ['routing-weight-shift', 'rail-failover', 'brand-deposits-off'],
    owners: ['payments-oncall', 'risk-ops'],
    severities: ['SEV1', 'SEV2', 'P1'],
    words: ['approval', 'decline', 'declined', 'issuer', 'authorization', 'conversion'],
    triggers: [
      'Approval rate on {rail} drops {points} points below the 7-day baseline',
      'Decline code {errcode} exceeds {percent}% of {rail} attempts',
    ],
    sentences: [
      'Approval rate on {rail} fell from the usual 0.9 to below 0.{digit}; declines cluster on issuer code {errcode}.',
      'Split the declines by issuer and by {provider} response code before blaming the acquirer.',
      'Shifting routing weight away from {provider} restores conversion within minutes when a second acquirer is healthy.',
      'Authorization failures for {brand} after a config change mean the merchant id mapping is wrong, not the rail.',
      'Record the decline breakdown in the incident timeline; finance asks for it in the post-incident review.',
    ],
  },
  {
    slug: 'webhook-backlog',
    title: 'webhook backlog',
    tags: ['webhook', 'callbacks', 'queue'],
    levers: ['webhook-replay', 'provider-ingress-block'],
    owners: ['payments-oncall', 'platform-sre'],
    severities: ['SEV2', 'SEV3'],
    words: ['webhook', 'callback', 'backlog', 'queue', 'retry', 'signature', 'replay'],
    triggers: [
      'webhook_backlog for {provider} above {count} for {minutes} minutes',
      'Deposits settle late: callbacks from {provider} are queuing',
    ],
    sentences: [
      'Callbacks from {provider} queue on {host}; the webhook backlog grows by about {count} per minute.',
      'A signature mismatch on callbacks means {provider} rotated its signing secret; do not replay until it is fixed.',
      'Replay webhooks from the dead-letter queue only after the worker is healthy, oldest first.',
      'Every deposit on {rail} settles through a callback, so a stuck queue looks like missing money to players.',
      'Retry storms from {provider} can starve other rails; the provider-ingress-block lever sheds them at the gateway.',
    ],
  },
  {
    slug: 'recon-mismatch',
    title: 'reconciliation mismatch',
    tags: ['reconciliation', 'ledger', 'finance'],
    levers: ['payout-queue-pause', 'brand-withdrawals-off'],
    owners: ['finance-ops', 'payments-oncall'],
    severities: ['SEV2', 'SEV3', 'SEV4'],
    words: ['reconciliation', 'ledger', 'mismatch', 'settlement', 'bucket', 'balance', 'statement'],
    triggers: [
      'Nightly reconciliation reports {count} mismatches for {brand}',
      'ledger_total differs from bucket_total by more than {amount} INR',
    ],
    sentences: [
      'Reconciliation compares the ledger with the settlement file from {provider}; {count} rows disagree for {brand}.',
      'A mismatch that equals one deposit amount is almost always a callback that never arrived.',
      'Never edit ledger rows by hand; post a correcting entry with the incident id in the memo.',
      'Pause the payout queue while the ledger and the bank statement disagree by more than {amount} INR.',
      'The settlement file for {rail} lands at {clock} IST; a late file makes every row look like a mismatch.',
    ],
  },
  {
    slug: 'certificate-expiry',
    title: 'certificate expiry',
    tags: ['certificate', 'tls', 'security'],
    levers: ['cert-rotate', 'provider-ingress-block'],
    owners: ['platform-sre', 'security-oncall'],
    severities: ['SEV1', 'SEV2'],
    words: ['certificate', 'tls', 'mtls', 'expiry', 'handshake', 'openssl', 'chain'],
    triggers: [
      'Certificate for {host} expires in less than {days} days',
      'TLS handshake failures to {provider} above {percent}%',
    ],
    sentences: [
      'The mTLS client certificate we present to {provider} expires in {days} days; rotation needs their approval.',
      'Handshake failures with "certificate has expired" mean the rotation missed one gateway node, usually {host}.',
      'Check the full chain with openssl before and after the rotation; an intermediate missing breaks older clients.',
      'Keep the old certificate in the bundle until {provider} confirms traffic on the new one.',
      'Expiry alerts fire at 30, 14 and 3 days; at 3 days this is a SEV2 whatever the traffic.',
    ],
  },
  {
    slug: 'dns-failure',
    title: 'DNS resolution failure',
    tags: ['dns', 'network'],
    levers: ['rail-failover', 'halt-deposits'],
    owners: ['platform-sre'],
    severities: ['SEV1', 'SEV2'],
    words: ['dns', 'nxdomain', 'resolver', 'ttl', 'dig', 'record'],
    triggers: ['NXDOMAIN rate for {provider} endpoints above {percent}%', 'Gateway logs resolver timeouts on {host}'],
    sentences: [
      'Resolution of the {provider} endpoint returns NXDOMAIN from some resolvers; compare dig output from two regions.',
      'A TTL of 60 seconds means a bad record spreads fast and heals fast; do not flush caches blindly.',
      'If only {host} fails to resolve, restart its local resolver before touching the zone.',
      'Record changes to the payments zone need two approvals; the second approver is the platform-sre lead.',
    ],
  },
  {
    slug: 'deploy-rollback',
    title: 'deploy rollback',
    tags: ['deploy', 'rollback', 'release'],
    levers: ['routing-weight-shift', 'halt-deposits'],
    owners: ['platform-sre', 'payments-oncall'],
    severities: ['SEV1', 'SEV2', 'SEV3'],
    words: ['deploy', 'rollback', 'release', 'canary', 'kubectl', 'rollout', 'revision'],
    triggers: ['Error rate rises within {minutes} minutes of a deploy to {host}', 'Canary for payment-router fails health checks'],
    sentences: [
      'Roll back rather than fix forward when the change landed less than 24 hours ago and touches payment routing.',
      'kubectl rollout undo returns to the previous revision; confirm the image tag before and after.',
      'A canary that fails on {rail} only usually carries a config change for that rail, not a code bug.',
      'Freeze further releases in the deploy channel and name the incident so nobody redeploys the bad revision.',
    ],
  },
  {
    slug: 'fraud-cluster',
    title: 'fraud cluster',
    tags: ['fraud', 'risk', 'chargeback'],
    levers: ['brand-deposits-off', 'kyc-bypass-off'],
    owners: ['risk-ops', 'security-oncall'],
    severities: ['SEV2', 'SEV3'],
    words: ['fraud', 'velocity', 'chargeback', 'device', 'fingerprint', 'blocklist', 'mule'],
    triggers: ['Velocity rule {errcode} fires {count} times in {minutes} minutes on {brand}', 'Chargeback rate on cards above {percent}%'],
    sentences: [
      'A cluster of new accounts on {brand} shares one device fingerprint and deposits through {rail} in small amounts.',
      'Add the fingerprints to the blocklist before freezing accounts; freezing first warns the ring.',
      'Chargebacks arrive weeks later, so act on velocity and device signals now rather than waiting for disputes.',
      'Mule accounts withdraw within minutes of a deposit; check the withdrawal queue on {host}.',
    ],
  },
  {
    slug: 'payout-failure',
    title: 'payout failures',
    tags: ['payout', 'withdrawals'],
    levers: ['payout-queue-pause', 'brand-withdrawals-off', 'halt-withdrawals'],
    owners: ['payments-oncall', 'finance-ops'],
    severities: ['SEV1', 'SEV2'],
    words: ['payout', 'withdrawal', 'beneficiary', 'ifsc', 'bank', 'transfer'],
    triggers: ['Payout failure rate on {rail} above {percent}%', 'Withdrawals for {brand} pending more than {minutes} minutes'],
    sentences: [
      'Payouts over {rail} fail with beneficiary bank errors; check whether one IFSC prefix dominates.',
      'Pause the payout queue before retrying; a blind retry can pay the same withdrawal twice.',
      'Players see withdrawals pending; brand support needs a status line within {minutes} minutes.',
      'The payout engine on {host} writes every transfer attempt with the bank reference; search it before escalating.',
    ],
  },
  {
    slug: 'refund-stuck',
    title: 'refunds stuck',
    tags: ['refund', 'finance'],
    levers: ['webhook-replay'],
    owners: ['finance-ops', 'brand-support'],
    severities: ['SEV3', 'SEV4', 'P3'],
    words: ['refund', 'reversal', 'pending', 'arn', 'dispute'],
    triggers: ['Refunds pending at {provider} for more than {days} days', 'Reversal requests rejected with {errcode}'],
    sentences: [
      'Refunds initiated on {rail} stay pending at {provider}; ask for the ARN of each to prove they left us.',
      'A reversal rejected with {errcode} needs the original transaction id, not the refund id.',
      'Disputes opened during a stuck refund are closed in our favour once the ARN is attached.',
    ],
  },
  {
    slug: 'settlement-delay',
    title: 'settlement delay',
    tags: ['settlement', 'finance', 'reconciliation'],
    levers: ['payout-queue-pause'],
    owners: ['finance-ops'],
    severities: ['SEV3', 'SEV4'],
    words: ['settlement', 'delay', 'nodal', 'escrow', 'cutoff', 'batch'],
    triggers: ['Settlement from {provider} not received by {clock} IST', 'Nodal account balance below the {amount} INR float'],
    sentences: [
      'Settlement from {provider} missed the {clock} IST cutoff; the nodal account float covers about {hours} hours of payouts.',
      'Escrow releases are batched; a missing batch shows as one large gap, not many small ones.',
      'Tell finance before the float runs out, not after; they need time to move funds between accounts.',
    ],
  },
  {
    slug: 'database-failover',
    title: 'ledger database failover',
    tags: ['database', 'postgres', 'ledger'],
    levers: ['halt-deposits', 'halt-withdrawals'],
    owners: ['db-oncall', 'platform-sre'],
    severities: ['SEV1'],
    words: ['postgres', 'replica', 'failover', 'replication', 'lag', 'wal', 'vacuum'],
    triggers: ['Replication lag on {host} above {seconds} seconds', 'Primary pg-ledger-primary unreachable for {seconds} seconds'],
    sentences: [
      'Replication lag on {host} grows past {seconds} seconds; writes still succeed but reads from the replica are stale.',
      'Fail over only with the db-oncall on the bridge; an unplanned failover can lose the last WAL segment.',
      'Halt deposits and withdrawals during the switch so no transaction straddles two primaries.',
      'After failover, run the ledger consistency check before lifting the halt.',
    ],
  },
  {
    slug: 'rate-limit',
    title: 'rate limiting',
    tags: ['ratelimit', 'gateway', 'provider'],
    levers: ['rate-limit-raise', 'routing-weight-shift'],
    owners: ['platform-sre', 'partnerships'],
    severities: ['SEV2', 'SEV3'],
    words: ['ratelimit', '429', 'throttle', 'quota', 'burst'],
    triggers: ['HTTP 429 from {provider} above {percent}% of calls', 'Gateway throttles {brand} at the burst limit'],
    sentences: [
      '{provider} answers 429 to a share of our calls; its quota resets every minute and our burst exceeds it at peak.',
      'Raise our own limit only for the brand that needs it, and only after {provider} confirms its quota.',
      'Throttling at the gateway protects the rail; a raised limit without provider headroom moves the failure downstream.',
    ],
  },
  {
    slug: 'kyc-outage',
    title: 'KYC verification outage',
    tags: ['kyc', 'onboarding', 'provider'],
    levers: ['kyc-bypass-off'],
    owners: ['risk-ops', 'partnerships'],
    severities: ['SEV2', 'SEV3'],
    words: ['kyc', 'verification', 'aadhaar', 'pan', 'onboarding', 'document'],
    triggers: ['KYC verification success rate below {percent}%', 'Document checks time out at {provider}'],
    sentences: [
      'KYC checks time out at {provider}; new players on {brand} cannot deposit until verified.',
      'Never enable a KYC bypass; queue the verifications and tell brand support the expected delay.',
      'PAN and Aadhaar checks go to different vendors; find out which one fails before escalating.',
    ],
  },
  {
    slug: 'provider-outage',
    title: 'provider outage',
    tags: ['provider', 'outage', 'rails'],
    levers: ['rail-failover', 'routing-weight-shift', 'provider-ingress-block'],
    owners: ['payments-oncall', 'partnerships'],
    severities: ['SEV1', 'SEV2'],
    words: ['outage', 'provider', 'status', 'acquirer', 'failover', 'maintenance'],
    triggers: ['{provider} status page reports a major outage', 'All {rail} requests via {provider} fail for {minutes} minutes'],
    sentences: [
      '{provider} is down for {rail}; fail over to the secondary acquirer and keep the primary in the routing table at weight 0.',
      'Check the provider status page and the maintenance calendar before you call the account manager.',
      'A provider outage during peak needs a customer-facing notice through brand support within {minutes} minutes.',
    ],
  },
  {
    slug: 'token-rotation',
    title: 'API token rotation',
    tags: ['secrets', 'token', 'security'],
    levers: ['cert-rotate'],
    owners: ['security-oncall', 'platform-sre'],
    severities: ['SEV2', 'SEV3', 'SEV4'],
    words: ['token', 'secret', 'rotation', 'vault', 'leak', 'revoke'],
    triggers: ['A provider API token appears in a log or chat', 'Token for {provider} expires in {days} days'],
    sentences: [
      'A token that appeared in a log is burned: revoke it at {provider} first, then rotate in the vault.',
      'Rotate the admin token ($TOK) for {brand} with both the old and new token valid for {minutes} minutes.',
      'Record who saw the leaked secret; security-oncall decides whether it is a reportable incident.',
    ],
  },
];

/** Generic on-call prose every runbook shares, whatever its topic. */
export const COMMON_SENTENCES = [
  'Acknowledge the page within the ack window and post a first line in the incident channel.',
  'Write every action into the incident timeline with the time and who ran it.',
  'Pick the narrowest lever that contains the impact; a platform-wide halt is the last resort.',
  'If the numbers do not match the expected output, stop and page the incident commander.',
  'Post a status update every {minutes} minutes until the incident is resolved, even if nothing changed.',
  'Approval for any write lever comes from the incident commander on SEV1 and from the primary on SEV2.',
  'The dashboard shows brand, rail and provider side by side; start from the tile that turned red.',
  'Escalate to {team} when the fix window is about to breach.',
  'Confirm player impact with a probe deposit on {brand} before and after the change.',
  'Snapshot the gateway health and the 5xx ratio before you change anything.',
  'When in doubt, do not reverse a lever during peak hours; wait for the traffic to fall.',
  'The reconciliation check after recovery is not optional: it is how finance knows nothing was lost.',
  'Every command below reads $ADMIN, $GW and $TOK from the environment the console shows at the top.',
  'Use the production environment only after checking the name in the console header.',
  'Brand support needs a customer-facing line; give them the impact, not the cause.',
];
