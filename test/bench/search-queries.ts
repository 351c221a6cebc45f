import { BRANDS, LEVERS, PROVIDERS, RAIL_LABELS, RAILS, TOPICS } from './oncall-vocabulary.ts';
import { SeededRandom } from './seeded-random.ts';

export interface BenchQuery {
  /** Exactly what the search box holds when the request leaves (trailing space included). */
  query: string;
  /** How it was typed, for the output: a finished word, a word cut mid-way, or a word and a space. */
  typing: 'word' | 'prefix' | 'space';
}

const PHRASES = [
  'incident commander', 'status page', 'probe deposit', 'ack window', 'account manager', 'narrowest lever',
  'brand support', 'timeline', 'gateway health', '5xx ratio', 'fix window', 'peak hours', 'customer notice',
  'config change', 'routing table', 'dead letter', 'signing secret', 'nodal account', 'bank statement',
];

const COMMANDS = [
  'kubectl rollout undo', 'kubectl rollout', 'openssl s_client', 'openssl x509', 'dig short', 'psql lag', 'jq value',
  'curl provider-ingress', 'histogram_quantile', 'payment_policy', 'If-Match etag', 'webhook_backlog', '$GW health',
  '$ADMIN recon', '$TOK rotate',
];

/** What people mistype at 3 a.m.; these should find nothing, and the UI must say so quickly. */
const TYPOS = ['reconcilation', 'certifcate', 'latnecy', 'webook backlog', 'aproval rate', 'setllement', 'rollbak'];

/**
 * A fixed, seeded set of search-box contents: one to three words from the library's own
 * vocabulary (rails, brands, providers, topics, levers, commands), about a third cut off
 * mid-word as they are while being typed, a few typos, and no filters.
 */
export function buildQueries(count: number, seed: number): BenchQuery[] {
  const rnd = new SeededRandom(seed);
  const seen = new Set<string>();
  const out: BenchQuery[] = [];
  for (let guard = 0; out.length < count && guard < count * 50; guard++) {
    const words = phrase(rnd);
    const q = typed(rnd, words);
    if (seen.has(q.query)) continue;
    seen.add(q.query);
    out.push(q);
  }
  if (out.length < count) throw new Error(`only ${out.length} distinct queries could be generated, wanted ${count}`);
  return out;
}

function phrase(rnd: SeededRandom): string {
  const topic = rnd.pick(TOPICS);
  const rail = rnd.pick(RAILS);
  const kind = rnd.int(0, 99);
  if (kind < 18) return rnd.pick(topic.words);
  if (kind < 33) return `${rnd.chance(0.3) ? RAIL_LABELS[rail] : rail} ${rnd.pick(topic.words)}`;
  if (kind < 43) return topic.title;
  if (kind < 50) return `${rnd.pick(BRANDS)} ${rnd.pick(['deposits', 'withdrawals', 'payout', 'recon', 'latency', rail])}`;
  if (kind < 57) return `${rnd.pick(PROVIDERS)} ${rnd.pick(['callback', 'outage', '429', 'certificate', 'settlement', 'webhook'])}`;
  if (kind < 63) return rnd.pick(LEVERS).replace(/-/g, rnd.chance(0.5) ? ' ' : '-');
  if (kind < 73) return rnd.pick(PHRASES);
  if (kind < 80) return rnd.pick(COMMANDS);
  if (kind < 90) return `${rail} ${rnd.pick(topic.words)} ${rnd.pick(topic.words)}`;
  if (kind < 94) return rnd.pick(['p99 latency', 'sev1', 'sev2 upi', 'E4021', 'INC 4821', 'ifsc', '412 conflict', 'mtls', 'nxdomain']);
  if (kind < 97) return rnd.pick(TYPOS);
  return `${rnd.pick(['SEV1', 'Sev2', 'P1'])} ${topic.title.split(' ')[0]}`;
}

function typed(rnd: SeededRandom, words: string): BenchQuery {
  const roll = rnd.next();
  if (roll < 0.15) return { query: `${words} `, typing: 'space' };
  const last = /\S+$/.exec(words)?.[0] ?? '';
  if (roll < 0.45 && last.length >= 4) {
    const keep = rnd.int(2, last.length - 1);
    return { query: words.slice(0, words.length - last.length + keep), typing: 'prefix' };
  }
  return { query: words, typing: 'word' };
}
