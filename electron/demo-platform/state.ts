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
export type Service = 'admin' | 'gateway';
export type WalletKind = 'deposit' | 'withdraw';

interface Sequenced<T> {
  seq: number;
  record: T;
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
  private readonly incidents: Sequenced<JsonObject>[] = [];
  private readonly events: Sequenced<JsonObject>[] = [];
  private readonly idempotent = new Map<string, StoredAnswer>();
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
  replay(scope: string): StoredAnswer | undefined {
    return this.idempotent.get(scope);
  }

  remember(scope: string, answer: StoredAnswer): void {
    this.idempotent.set(scope, answer);
  }

  incident(id: string): JsonObject | undefined {
    return this.incidents.find((i) => i.record.id === id)?.record;
  }

  hasEvent(id: string): boolean {
    return this.events.some((e) => e.record.id === id);
  }

  addIncident(record: JsonObject): void {
    this.incidents.push({ seq: ++this.feedSeq, record });
  }

  addEvent(record: JsonObject): void {
    this.events.push({ seq: ++this.feedSeq, record });
  }

  /** A fresh id, skipping any a client already chose for itself. */
  nextIncidentId(): string {
    for (let n = this.incidents.length + 1; ; n++) {
      const id = `INC-${String(n).padStart(4, '0')}`;
      if (!this.incident(id)) return id;
    }
  }

  nextEventId(): string {
    for (let n = this.events.length + 1; ; n++) {
      const id = `EVT-${String(n).padStart(5, '0')}`;
      if (!this.hasEvent(id)) return id;
    }
  }

  incidentFeed(after: number) {
    return {
      incidents: this.incidents.filter((i) => i.seq > after).map((i) => i.record),
      events: this.events.filter((e) => e.seq > after).map((e) => e.record),
      cursor: this.cursor(this.feedSeq),
    };
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
      incidents: this.incidents.length,
      events: this.events.length,
    };
  }
}
