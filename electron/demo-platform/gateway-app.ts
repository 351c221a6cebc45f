// The gateway of PLATFORM-API.md: health, provider ingress, the wallet with the contract's
// refusal rules, provider callbacks, and the Prometheus exposition.
import { PROVIDERS, type Provider } from './catalog.ts';
import { allow, bearer, jsonError, readBody, serviceApp, type PlatformContext } from './http-kit.ts';
import { IngressBody, WalletBody } from './schemas.ts';
import { simRoutes } from './sim-routes.ts';
import type { WalletKind } from './state.ts';

const isProvider = (p: string): p is Provider => (PROVIDERS as readonly string[]).includes(p);

export function gatewayApp(ctx: PlatformContext) {
  const { state } = ctx;
  const app = serviceApp('gateway', ctx, simRoutes(ctx));

  app.get('/health', (c) => c.json(ctx.scenario.health()));

  app.get('/metrics', async (c) => {
    const text = await ctx.metrics.render();
    return c.body(text, 200, { 'Content-Type': ctx.metrics.contentType });
  });

  app.use('/api/v1/provider-ingress/*', bearer(ctx.tokens));

  app.get('/api/v1/provider-ingress/:provider', (c) => {
    const record = state.providerIngress(c.req.param('provider'));
    return record ? c.json(record) : jsonError(c, 404, `no provider ${c.req.param('provider')}`);
  });

  app.put('/api/v1/provider-ingress/:provider', allow('operator'), async (c) => {
    const provider = c.req.param('provider');
    if (!isProvider(provider)) return jsonError(c, 404, `no provider ${provider}`);
    const body = await readBody(c, IngressBody);
    if (!body.ok) return body.response;
    const record = state.setProviderIngress(provider, body.data.blocked, body.data.reason ?? '');
    state.countWrite('PUT', c.req.path);
    return c.json(record);
  });

  // Players' apps call the wallet through the gateway without an operator token.
  for (const kind of ['deposit', 'withdraw'] as const satisfies readonly WalletKind[]) {
    app.post(`/api/v1/wallet/${kind}`, async (c) => {
      const body = await readBody(c, WalletBody);
      if (!body.ok) return body.response;
      if (!state.hasBrand(body.data.brand_id)) return jsonError(c, 404, `no brand ${body.data.brand_id}`);
      if (!state.walletOpen(kind, body.data.brand_id)) {
        state.countWalletAnswer(kind, 'refused');
        return c.json({ status: 1, msg: 'Finance maintenance' });
      }
      state.countWalletAnswer(kind, 'accepted');
      return c.json({ status: 0, txn_id: state.nextTxnId(kind) });
    });
  }

  // Providers authenticate with their own signatures, not our bearer tokens; the demo takes any body.
  app.post('/api/v1/provider-callbacks/:provider', (c) => {
    const provider = c.req.param('provider');
    if (!isProvider(provider)) return jsonError(c, 404, `no provider ${provider}`);
    if (state.isProviderBlocked(provider)) {
      state.countCallback(provider, 'refused');
      return jsonError(c, 503, 'provider ingress blocked');
    }
    state.countCallback(provider, 'accepted');
    return c.json({ status: 'accepted' });
  });

  return app;
}
