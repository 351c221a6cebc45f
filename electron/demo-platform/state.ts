// Everything the two demo services share: platform records, the incident and runbook feeds,
// idempotency answers, and the exact counters tests use to prove a write was sent once.
import { BRANDS, BRAND_IDS, FEATURE_POLICY_SEED, GLOBAL_VAR_SEED, PROVIDERS, type Provider } from './catalog.ts';
import { RUNBOOK_SEED, runbookIdOf } from './runbook-seed.ts';
import { BRAND_CONFIG_KEYS, PaymentPolicy, type BrandConfigKey } from './schemas.ts';

export type JsonObject = Record<string, unknown>;

export interface MaintenanceRecord {
  is_active: boolean;
  message: string;
  updated_at: string;
  updated_by: string;
}
export interface GlobalVarRecord {
  code: string;
  value: string;
  updated_at: string;
}
export interface BrandConfigRecord {
  brand_id: string;
  key: BrandConfigKey;
  value: JsonObject;
  version: number;
}
export interface ProviderIngressRecord {
  provider: Provider;
  blocked: boolean;
  reason: string;
}
export interface RunbookVersion {
  id: string;
  version: number;
  markdown: string;
  updated_at: string;
}
/** A stored answer, replayed as is for a repeated Idempotency-Key. */
export interface StoredAnswer {
  status: 200 | 201;
  body: JsonObject;
}
/** A remembered answer: the exact JSON text sent, and the fingerprint of the body that earned it. */
export interface RememberedAnswer extends StoredAnswer {
  text: string;
  fingerprint: string;
}
export type FeedKind = 'incident' | 'event';
/** One page of the incident feed. */
export interface FeedPage {
  incidents: JsonObject[];
  events: JsonObject[];
  cursor: string;
  has_more: boolean;
}
export type Service = 'admin' | 'gateway';
export type WalletKind = 'deposit' | 'withdraw';

interface Sequenced<T> {
  seq: number;
  record: T;
}

/** An incident or event in the combined feed, with the fingerprint of the body it was created from. */
interface FeedEntry extends Sequenced<JsonObject> {
  kind: FeedKind;
  fingerprint: string | undefined;
}

const bump = (m: Map<string, number>, key: string, by = 1) => m.set(key, (m.get(key) ?? 0) + by);
const toObject = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));

export class DemoPlatformState {
  /** Writes applied, by "METHOD /path": what tests read to prove a lever wrote exactly once. */
  readonly writes = new Map<string, number>();
  /** Requests received (faulted or not), by service and "METHOD /path"; /sim is not counted. */
  readonly requests: Record<Service, Map<string, number>> = { admin: new Map(), gateway: new Map() };
  /** Real gateway answers by status code, for gateway_http_requests_total. */
  readonly gatewayCodes = new Map<string, number>();
  readonly walletAnswers = new Map<string, number>();
  readonly callbackAnswers = new Map<string, number>();
  /** Called before any change that moves simulated traffic, so elapsed time is billed to the old state. */
  beforeChange: () => void = () => {};

  maintenance: MaintenanceRecord;
  private readonly globalVars = new Map<string, GlobalVarRecord>();
  private readonly brandConfigs = new Map<string, BrandConfigRecord>();
  private readonly ingress = new Map<Provider, ProviderIngressRecord>();
  /** Incidents and events together, in write order: seq strictly increasing, so it can be binary-searched. */
  private readonly feed: FeedEntry[] = [];
  private readonly incidentsById = new Map<string, FeedEntry>();
  private readonly eventsById = new Map<string, FeedEntry>();
  private readonly idempotent = new Map<string, RememberedAnswer>();
  /** Idempotency scopes whose first request is still being handled. */
  private readonly inFlight = new Set<string>();
  private readonly runbooks: Sequenced<RunbookVersion>[] = [];
  private feedSeq = 0;
  private runbookSeq = 0;
  private txnSeq = 0;
  /** Cursors carry it so a cursor from an earlier run of the demo reads as "from the start". */
  private readonly epoch: string;

  constructor(private readonly clock: () => number) {
    const now = this.now();
    this.epoch = Math.floor(Math.abs(clock())).toString(36);
    this.maintenance = { is_active: false, message: '', updated_at: now, updated_by: 'system' };
    for (const [code, value] of Object.entries(GLOBAL_VAR_SEED)) this.globalVars.set(code, { code, value, updated_at: now });
    for (const brand_id of BRAND_IDS) {
      for (const key of BRAND_CONFIG_KEYS) {
        const value: JsonObject =
          key === 'payment_policy' ? { deposit_enabled: true, withdraw_enabled: true } : { ...FEATURE_POLICY_SEED };
        this.brandConfigs.set(`${brand_id}/${key}`, { brand_id, key, value, version: 1 });
      }
    }
    for (const provider of PROVIDERS) this.ingress.set(provider, { provider, blocked: false, reason: '' });
    for (const markdown of RUNBOOK_SEED) this.publishRunbook(markdown);
  }

  now(): string {
    return new Date(this.clock()).toISOString();
  }

  countRequest(service: Service, method: string, path: string): void {
    bump(this.requests[service], `${method} ${path}`);
  }

  countWrite(method: string, path: string): void {
    bump(this.writes, `${method} ${path}`);
  }

  writeCount(method: string, path: string): number {
    return this.writes.get(`${method} ${path}`) ?? 0;
  }

  countGatewayCode(status: number): void {
    bump(this.gatewayCodes, String(status));
  }

  // ---- admin records ----

  setMaintenance(isActive: boolean, message: string, by: string): MaintenanceRecord {
    this.beforeChange();
    this.maintenance = { is_active: isActive, message, updated_at: this.now(), updated_by: by };
    return this.maintenance;
  }

  globalVar(code: string): GlobalVarRecord | undefined {
    return this.globalVars.get(code);
  }

  setGlobalVar(code: string, value: string): GlobalVarRecord {
    this.beforeChange();
    const record = { code, value, updated_at: this.now() };
    this.globalVars.set(code, record);
    return record;
  }

  brands() {
    return BRANDS.map((b) => ({ ...b }));
  }

  hasBrand(brandId: string): boolean {
    return BRAND_IDS.includes(brandId);
  }

  brandConfig(brandId: string, key: BrandConfigKey): BrandConfigRecord | undefined {
    return this.brandConfigs.get(`${brandId}/${key}`);
  }

  putBrandConfig(current: BrandConfigRecord, value: JsonObject): BrandConfigRecord {
    this.beforeChange();
    const next = { ...current, value, version: current.version + 1 };
    this.brandConfigs.set(`${current.brand_id}/${current.key}`, next);
    return next;
  }

  private paymentPolicy(brandId: string) {
    const parsed = PaymentPolicy.safeParse(this.brandConfig(brandId, 'payment_policy')?.value);
    return parsed.success ? parsed.data : { deposit_enabled: false, withdraw_enabled: false };
  }

  /** The contract's refusal rules, in one place for the wallet routes and the traffic simulation. */
  walletOpen(kind: WalletKind, brandId: string): boolean {
    if (this.maintenance.is_active) return false;
    const policy = this.paymentPolicy(brandId);
    if (kind === 'withdraw') return policy.withdraw_enabled;
    return this.globalVars.get('DEPOSIT_MAINTENANCE_STATUS')?.value !== '1' && policy.deposit_enabled;
  }

  nextTxnId(kind: WalletKind): string {
    this.txnSeq += 1;
    return `${kind === 'deposit' ? 'dep' : 'wdr'}_${this.epoch}_${String(this.txnSeq).padStart(6, '0')}`;
  }

  countWalletAnswer(kind: WalletKind, outcome: 'accepted' | 'refused'): void {
    bump(this.walletAnswers, `${kind} ${outcome}`);
  }

  // ---- gateway records ----

  providerIngress(provider: string): ProviderIngressRecord | undefined {
    return this.ingress.get(provider as Provider);
  }

  setProviderIngress(provider: Provider, blocked: boolean, reason: string): ProviderIngressRecord {
    this.beforeChange();
    const record = { provider, blocked, reason };
    this.ingress.set(provider, record);
    return record;
  }

  isProviderBlocked(provider: Provider): boolean {
    return this.ingress.get(provider)?.blocked ?? false;
  }

  countCallback(provider: Provider, outcome: 'accepted' | 'refused'): void {
    bump(this.callbackAnswers, `${provider} ${outcome}`);
  }

  // ---- incidents ----

  /** The answer first given for this key on this route, if any. */
  replay(scope: string): RememberedAnswer | undefined {
    return this.idempotent.get(scope);
  }

  remember(scope: string, answer: RememberedAnswer): void {
    this.idempotent.set(scope, answer);
  }

  /** Marks a scope in flight; false if a request with it already is. */
  beginIdempotent(scope: string): boolean {
    if (this.inFlight.has(scope)) return false;
    this.inFlight.add(scope);
    return true;
  }

  endIdempotent(scope: string): void {
    this.inFlight.delete(scope);
  }

  incident(id: string): JsonObject | undefined {
    return this.incidentsById.get(id)?.record;
  }

  hasEvent(id: string): boolean {
    return this.eventsById.has(id);
  }

  event(id: string): JsonObject | undefined {
    return this.eventsById.get(id)?.record;
  }

  /** The fingerprint of the body a record was created from (undefined if unknown or not given). */
  fingerprintOf(kind: FeedKind, id: string): string | undefined {
    return (kind === 'incident' ? this.incidentsById : this.eventsById).get(id)?.fingerprint;
  }

  addIncident(record: JsonObject, fingerprint?: string): void {
    this.append('incident', record, fingerprint);
  }

  addEvent(record: JsonObject, fingerprint?: string): void {
    this.append('event', record, fingerprint);
  }

  /**
   * The seq is taken and the entry pushed in one synchronous step, at the moment the write is
   * applied: the feed array is always sorted by seq with no gaps a later write could fill, so a
   * cursor handed out can never skip a record written concurrently with the read.
   */
  private append(kind: FeedKind, record: JsonObject, fingerprint: string | undefined): void {
    const entry: FeedEntry = { seq: ++this.feedSeq, record, kind, fingerprint };
    this.feed.push(entry);
    (kind === 'incident' ? this.incidentsById : this.eventsById).set(String(record.id), entry);
  }

  /** A fresh id, skipping any a client already chose for itself. */
  nextIncidentId(): string {
    for (let n = this.incidentsById.size + 1; ; n++) {
      const id = `INC-${String(n).padStart(4, '0')}`;
      if (!this.incidentsById.has(id)) return id;
    }
  }

  nextEventId(): string {
    for (let n = this.eventsById.size + 1; ; n++) {
      const id = `EVT-${String(n).padStart(5, '0')}`;
      if (!this.eventsById.has(id)) return id;
    }
  }

  /**
   * Up to `limit` records (incidents and events together) written after seq `after`, in write
   * order. The cursor is the seq of the last record returned, so the next page continues right
   * after it; with no records it stays where it was. O(log n + limit): a binary search for the
   * first entry, then a slice.
   */
  incidentFeed(after: number, limit: number): FeedPage {
    const feed = this.feed;
    let lo = 0;
    let hi = feed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (feed[mid]!.seq <= after) lo = mid + 1;
      else hi = mid;
    }
    const end = Math.min(feed.length, lo + limit);
    const incidents: JsonObject[] = [];
    const events: JsonObject[] = [];
    for (let i = lo; i < end; i++) {
      const entry = feed[i]!;
      (entry.kind === 'incident' ? incidents : events).push(entry.record);
    }
    // No records means `after` is at or past the last seq; a cursor past it (only a forged one
    // can be) is brought back to the last seq so the next write is not missed.
    const last = end > lo ? feed[end - 1]!.seq : Math.min(after, this.feedSeq);
    return { incidents, events, cursor: this.cursor(last), has_more: end < feed.length };
  }

  // ---- runbooks ----

  /** Stores a new version of the runbook named in the front matter; undefined if it names none. */
  publishRunbook(markdown: string): RunbookVersion | undefined {
    const id = runbookIdOf(markdown);
    if (!id) return undefined;
    const previous = this.runbooks.filter((r) => r.record.id === id).at(-1)?.record;
    if (previous?.markdown === markdown) return previous;
    const record = { id, version: (previous?.version ?? 0) + 1, markdown, updated_at: this.now() };
    this.runbooks.push({ seq: ++this.runbookSeq, record });
    return record;
  }

  /** The latest version of each runbook changed after the cursor. */
  runbookFeed(after: number) {
    const latest = new Map<string, RunbookVersion>();
    for (const r of this.runbooks) if (r.seq > after) latest.set(r.record.id, r.record);
    return { runbooks: [...latest.values()], cursor: this.cursor(this.runbookSeq) };
  }

  // ---- cursors ----

  private cursor(seq: number): string {
    return `${this.epoch}.${seq}`;
  }

  /** The position a cursor names: 0 for none or a cursor of an earlier run, undefined if it is not one of ours. */
  readCursor(cursor: string | undefined): number | undefined {
    if (cursor === undefined || cursor === '') return 0;
    const m = /^([0-9a-z]+)\.(\d{1,15})$/.exec(cursor);
    if (!m) return undefined;
    return m[1] === this.epoch ? Number(m[2]) : 0;
  }

  /** What GET /sim/state answers. */
  snapshot() {
    return {
      writes: toObject(this.writes),
      requests: { admin: toObject(this.requests.admin), gateway: toObject(this.requests.gateway) },
      wallet: toObject(this.walletAnswers),
      callbacks: toObject(this.callbackAnswers),
      incidents: this.incidentsById.size,
      events: this.eventsById.size,
      idempotency_in_flight: this.inFlight.size,
    };
  }
}
