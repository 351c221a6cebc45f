// The admin service of PLATFORM-API.md: maintenance, global vars, brands and their config,
// incidents, runbooks and recon, each behind a bearer token with the contract's roles.
//
// Incident creates (POST /api/v1/incidents, POST /api/v1/incidents/{id}/events) follow the IETF
// httpapi Idempotency-Key draft and Stripe's model, so an offline console's outbox can retry
// blindly. Keys are scoped by route ("POST <path>"), and a body is compared by its fingerprint:
// sha256 hex of canonical JSON (object keys sorted at every depth), or of the raw text when the
// body is not JSON.
//   - no Idempotency-Key (or one over 255 chars): 400;
//   - a key whose first request is still being handled (from the handler's start, before the
//     body is read, until its answer is remembered or it fails): 409 with Retry-After: 1;
//   - a key already answered, same fingerprint: that answer again, byte for byte, with
//     Idempotent-Replayed: true, creating nothing;
//   - a key already answered, different fingerprint: 422;
//   - a client-chosen `id` that exists: 200 with the stored record when it was created from a body
//     with the same fingerprint (on the same incident, for events), else 422;
//   - an unknown incident on the events route: 404; a bad body: 400; role below operator: 403.
// Only 2xx answers are remembered. A 400/404/422 is not, so the client can fix the request (or
// create the missing incident) and retry under the same key; those answers write nothing, so
// forgetting them cannot cause a double create.
//
// The feed GET /api/v1/incidents?since=&limit= returns incidents and events in write order, at
// most `limit` (1..10000, default 1000) records per page, with `cursor` at the last record
// returned and `has_more` when more follow.
import type { Context } from 'hono';
import { reconReport } from './catalog.ts';
import { bodyFingerprint } from './idempotency.ts';
import { allow, bearer, jsonError, parseBody, readBody, serviceApp, type AppEnv, type PlatformContext } from './http-kit.ts';
import {
  BRAND_CONFIG_SCHEMAS,
  BrandConfigBody,
  GlobalVarBody,
  IncidentBody,
  IncidentEventBody,
  MaintenanceBody,
  describeIssue,
  isBrandConfigKey,
} from './schemas.ts';
import { simRoutes } from './sim-routes.ts';
import type { BrandConfigRecord, JsonObject, StoredAnswer } from './state.ts';

const FEED_LIMIT_DEFAULT = 1000;
const FEED_LIMIT_MAX = 10_000;

/** The answer of a create: a new record (201) or an existing one settled by its natural key (200). */
interface CreateAnswer extends StoredAnswer {
  created: boolean;
}

/** A JSON answer from already serialized text, so a replay can send the very same bytes. */
const jsonText = (c: Context<AppEnv>, text: string, status: 200 | 201) => c.body(text, status, { 'Content-Type': 'application/json' });

/** True when an If-Match header names this version ("3", W/"3", a list, or *). */
function ifMatchAccepts(header: string, version: number): boolean {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .some((t) => t === '*' || t === String(version));
}

const etag = (record: BrandConfigRecord) => `"${record.version}"`;

function versionMoved(c: Context<AppEnv>, current: BrandConfigRecord) {
  c.header('ETag', etag(current));
  return c.json({ error: 'version moved', current_version: current.version }, 412);
}

export function adminApp(ctx: PlatformContext) {
  const { state } = ctx;
  const app = serviceApp('admin', ctx, simRoutes(ctx));

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.use('/api/*', bearer(ctx.tokens));

  app.get('/api/v1/maintenance', (c) => c.json(state.maintenance));

  app.put('/api/v1/maintenance', allow('super_admin'), async (c) => {
    const body = await readBody(c, MaintenanceBody);
    if (!body.ok) return body.response;
    const record = state.setMaintenance(body.data.is_active, body.data.message ?? '', c.get('role'));
    state.countWrite('PUT', c.req.path);
    return c.json(record);
  });

  app.get('/api/v1/global-vars/:code', (c) => {
    const record = state.globalVar(c.req.param('code'));
    return record ? c.json(record) : jsonError(c, 404, `no global var ${c.req.param('code')}`);
  });

  app.put('/api/v1/global-vars/:code', allow('operator'), async (c) => {
    const code = c.req.param('code');
    if (!state.globalVar(code)) return jsonError(c, 404, `no global var ${code}`);
    const body = await readBody(c, GlobalVarBody);
    if (!body.ok) return body.response;
    const record = state.setGlobalVar(code, body.data.value);
    state.countWrite('PUT', c.req.path);
    return c.json(record);
  });

  app.get('/api/v1/brands', (c) => c.json(state.brands()));

  const findConfig = (c: Context<AppEnv>): { record: BrandConfigRecord } | { missing: Response } => {
    const brandId = c.req.param('brand_id') ?? '';
    const key = c.req.param('key') ?? '';
    if (!state.hasBrand(brandId)) return { missing: jsonError(c, 404, `no brand ${brandId}`) };
    const record = isBrandConfigKey(key) ? state.brandConfig(brandId, key) : undefined;
    return record ? { record } : { missing: jsonError(c, 404, `no config key ${key} for brand ${brandId}`) };
  };

  app.get('/api/v1/brands/:brand_id/config/:key', (c) => {
    const found = findConfig(c);
    if ('missing' in found) return found.missing;
    c.header('ETag', etag(found.record));
    return c.json(found.record);
  });

  // Preconditions are checked before the body: a stale writer learns that first, whatever it sent.
  app.put('/api/v1/brands/:brand_id/config/:key', allow('operator'), async (c) => {
    const found = findConfig(c);
    if ('missing' in found) return found.missing;
    const current = found.record;
    const ifMatch = c.req.header('if-match');
    if (!ifMatch) return jsonError(c, 428, 'If-Match is required: send the ETag of the config you read');
    if (!ifMatchAccepts(ifMatch, current.version)) return versionMoved(c, current);
    const body = await readBody(c, BrandConfigBody);
    if (!body.ok) return body.response;
    const value = BRAND_CONFIG_SCHEMAS[current.key].safeParse(body.data.value);
    if (!value.success) return jsonError(c, 400, `value.${describeIssue(value.error)}`);
    // Re-read after the await: another write may have landed while this body arrived.
    const latest = state.brandConfig(current.brand_id, current.key) ?? current;
    if (latest.version !== current.version) return versionMoved(c, latest);
    const record = state.putBrandConfig(latest, value.data);
    state.countWrite('PUT', c.req.path);
    c.header('ETag', etag(record));
    return c.json(record);
  });

  app.get('/api/v1/incidents', (c) => {
    const after = state.readCursor(c.req.query('since'));
    if (after === undefined) return jsonError(c, 400, 'since: not a cursor this endpoint returned');
    const limitText = c.req.query('limit');
    let limit = FEED_LIMIT_DEFAULT;
    if (limitText !== undefined) {
      limit = /^\d{1,6}$/.test(limitText) ? Number(limitText) : NaN;
      if (!(limit >= 1 && limit <= FEED_LIMIT_MAX)) return jsonError(c, 400, `limit: must be a whole number from 1 to ${FEED_LIMIT_MAX}`);
    }
    return c.json(state.incidentFeed(after, limit));
  });

  /**
   * An idempotent create (rules in the comment at the top of this file). The key is marked in
   * flight before the body is read, so a slowly streamed body keeps it in flight; once the body
   * is in, the replay check, validation, the write and remembering the answer run without
   * yielding, so two racing requests with one key cannot both create.
   */
  const idempotentCreate =
    (create: (c: Context<AppEnv>, text: string, fingerprint: string) => CreateAnswer | { response: Response }) =>
    async (c: Context<AppEnv>) => {
      const key = c.req.header('idempotency-key')?.trim();
      if (!key) return jsonError(c, 400, 'Idempotency-Key header is required');
      if (key.length > 255) return jsonError(c, 400, 'Idempotency-Key is longer than 255 characters');
      const scope = `POST ${c.req.path}\n${key}`;
      if (!state.beginIdempotent(scope)) {
        c.header('Retry-After', '1');
        return jsonError(c, 409, 'a request with this Idempotency-Key is still being processed; retry');
      }
      try {
        let text: string;
        try {
          text = await c.req.text();
        } catch {
          // The client went away mid-body: nobody will read this, and nothing was written.
          return jsonError(c, 400, 'the request body could not be read');
        }
        // ---- no await from here on ----
        const fingerprint = bodyFingerprint(text);
        const first = state.replay(scope);
        if (first) {
          if (first.fingerprint !== fingerprint) {
            return jsonError(c, 422, `Idempotency-Key ${JSON.stringify(key)} was first used with a different body`);
          }
          c.header('Idempotent-Replayed', 'true');
          return jsonText(c, first.text, first.status);
        }
        const answer = create(c, text, fingerprint);
        // Not remembered: only 2xx answers are (see the top of this file).
        if ('response' in answer) return answer.response;
        const json = JSON.stringify(answer.body);
        state.remember(scope, { status: answer.status, body: answer.body, text: json, fingerprint });
        if (answer.created) state.countWrite('POST', c.req.path);
        return jsonText(c, json, answer.status);
      } finally {
        state.endIdempotent(scope);
      }
    };

  const idTaken = (c: Context<AppEnv>, id: string) => ({ response: jsonError(c, 422, `id ${id} already exists with a different body`) });

  app.post(
    '/api/v1/incidents',
    allow('operator'),
    idempotentCreate((c, text, fingerprint) => {
      const body = parseBody(c, text, IncidentBody);
      if (!body.ok) return { response: body.response };
      const { id: wanted, ...fields } = body.data;
      if (wanted) {
        const existing = state.incident(wanted);
        if (existing) {
          // Idempotent by natural key: the same body settles to the stored record.
          if (state.fingerprintOf('incident', wanted) !== fingerprint) return idTaken(c, wanted);
          return { status: 200, body: existing, created: false };
        }
      }
      const now = state.now();
      const record: JsonObject = {
        ...fields,
        id: wanted ?? state.nextIncidentId(),
        status: fields.status ?? 'declared',
        created_at: now,
        created_by: c.get('role'),
      };
      state.addIncident(record, fingerprint);
      return { status: 201, body: record, created: true };
    }),
  );

  app.post(
    '/api/v1/incidents/:id/events',
    allow('operator'),
    idempotentCreate((c, text, fingerprint) => {
      const incidentId = c.req.param('id') ?? '';
      if (!state.incident(incidentId)) return { response: jsonError(c, 404, `no incident ${incidentId}`) };
      const body = parseBody(c, text, IncidentEventBody);
      if (!body.ok) return { response: body.response };
      const { id: wanted, ...fields } = body.data;
      if (wanted) {
        const existing = state.event(wanted);
        if (existing) {
          // The same body on another incident is a different request.
          if (existing.incident_id !== incidentId || state.fingerprintOf('event', wanted) !== fingerprint) return idTaken(c, wanted);
          return { status: 200, body: existing, created: false };
        }
      }
      const now = state.now();
      const record: JsonObject = {
        ...fields,
        id: wanted ?? state.nextEventId(),
        incident_id: incidentId,
        message: fields.message ?? '',
        at: fields.at ?? now,
        created_at: now,
        created_by: c.get('role'),
      };
      state.addEvent(record, fingerprint);
      return { status: 201, body: record, created: true };
    }),
  );

  app.get('/api/v1/runbooks', (c) => {
    const after = state.readCursor(c.req.query('since'));
    if (after === undefined) return jsonError(c, 400, 'since: not a cursor this endpoint returned');
    return c.json(state.runbookFeed(after));
  });

  app.get('/api/v1/recon', (c) => {
    const brandId = c.req.query('brand_id');
    if (!brandId) return jsonError(c, 400, 'brand_id query parameter is required');
    const report = reconReport(brandId);
    return report ? c.json(report) : jsonError(c, 404, `no brand ${brandId}`);
  });

  return app;
}
