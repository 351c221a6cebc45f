// The admin service of PLATFORM-API.md: maintenance, global vars, brands and their config,
// incidents, runbooks and recon, each behind a bearer token with the contract's roles.
import type { Context } from 'hono';
import { reconReport } from './catalog.ts';
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
    return c.json(state.incidentFeed(after));
  });

  /**
   * An idempotent create: the body is read first, then the replay check, validation, the write
   * and remembering the answer run without yielding, so two racing requests with one key
   * cannot both create.
   */
  const idempotentCreate =
    (create: (c: Context<AppEnv>, text: string) => StoredAnswer | { response: Response }) => async (c: Context<AppEnv>) => {
      const key = c.req.header('idempotency-key')?.trim();
      if (!key) return jsonError(c, 400, 'Idempotency-Key header is required');
      if (key.length > 255) return jsonError(c, 400, 'Idempotency-Key is longer than 255 characters');
      const text = await c.req.text();
      const scope = `POST ${c.req.path}\n${key}`;
      const first = state.replay(scope);
      if (first) {
        c.header('Idempotent-Replayed', 'true');
        return c.json(first.body, first.status);
      }
      const answer = create(c, text);
      if ('response' in answer) return answer.response;
      state.remember(scope, answer);
      state.countWrite('POST', c.req.path);
      return c.json(answer.body, answer.status);
    };

  app.post(
    '/api/v1/incidents',
    allow('operator'),
    idempotentCreate((c, text) => {
      const body = parseBody(c, text, IncidentBody);
      if (!body.ok) return { response: body.response };
      const { id: wanted, ...fields } = body.data;
      if (wanted && state.incident(wanted)) return { response: jsonError(c, 409, `incident ${wanted} already exists`) };
      const now = state.now();
      const record: JsonObject = {
        ...fields,
        id: wanted ?? state.nextIncidentId(),
        status: fields.status ?? 'declared',
        created_at: now,
        created_by: c.get('role'),
      };
      state.addIncident(record);
      return { status: 201, body: record };
    }),
  );

  app.post(
    '/api/v1/incidents/:id/events',
    allow('operator'),
    idempotentCreate((c, text) => {
      const incidentId = c.req.param('id') ?? '';
      if (!state.incident(incidentId)) return { response: jsonError(c, 404, `no incident ${incidentId}`) };
      const body = parseBody(c, text, IncidentEventBody);
      if (!body.ok) return { response: body.response };
      const { id: wanted, ...fields } = body.data;
      if (wanted && state.hasEvent(wanted)) return { response: jsonError(c, 409, `event ${wanted} already exists`) };
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
      state.addEvent(record);
      return { status: 201, body: record };
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
