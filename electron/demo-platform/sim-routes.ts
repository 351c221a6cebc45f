// Demo-only control, mounted under /sim on both services when the platform runs in demo mode:
// scenarios, faults, counters, and publishing runbook versions. Never part of a real platform.
import { Hono } from 'hono';
import { jsonError, readBody, type PlatformContext } from './http-kit.ts';
import { FaultsBody, RunbookPublishBody, ScenarioBody } from './schemas.ts';

export function simRoutes(ctx: PlatformContext): Hono {
  const sim = new Hono();

  sim.get('/scenario', (c) => c.json(ctx.scenario.describe()));

  sim.post('/scenario', async (c) => {
    const body = await readBody(c, ScenarioBody);
    if (!body.ok) return body.response;
    // Time already elapsed belongs to the scenario that was playing.
    ctx.traffic.advance();
    const problem = ctx.scenario.apply(body.data);
    if (problem) return jsonError(c, 400, problem);
    return c.json(ctx.scenario.describe());
  });

  sim.get('/faults', (c) => c.json({ faults: ctx.faults.list() }));

  sim.post('/faults', async (c) => {
    const body = await readBody(c, FaultsBody);
    if (!body.ok) return body.response;
    ctx.faults.replace(body.data.faults);
    return c.json({ faults: ctx.faults.list() });
  });

  sim.delete('/faults', (c) => {
    ctx.faults.replace([]);
    return c.json({ faults: [] });
  });

  sim.get('/state', (c) => c.json({ ...ctx.state.snapshot(), faults: ctx.faults.list() }));

  // A new runbook version appears on GET /api/v1/runbooks, as when someone edits it upstream.
  sim.post('/runbooks', async (c) => {
    const body = await readBody(c, RunbookPublishBody);
    if (!body.ok) return body.response;
    const published = ctx.state.publishRunbook(body.data.markdown);
    if (!published) return jsonError(c, 400, 'markdown: no YAML front matter with a valid id');
    return c.json(published, 201);
  });

  return sim;
}
