import type { ActiveEnvironment } from './environment.ts';

/**
 * Fills the active environment's base URLs into a runbook command. `$TOK` (and any other
 * secret) is never filled: a copied command must not carry a token into a chat or a ticket.
 */
export function fillPlaceholders(text: string, env: Pick<ActiveEnvironment, 'adminUrl' | 'gatewayUrl' | 'metricsUrl'>): string {
  const values: Record<string, string | null> = {
    ADMIN: trimSlash(env.adminUrl),
    GW: trimSlash(env.gatewayUrl),
    PROM: trimSlash(env.metricsUrl),
  };
  return text.replace(/\$\{(ADMIN|GW|PROM)\}|\$(ADMIN|GW|PROM)\b/g, (whole, braced?: string, bare?: string) => {
    const v = values[(braced ?? bare)!];
    return v ?? whole;
  });
}

/** Which placeholders a command uses, so the UI can say what was filled and what was not. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{?([A-Z][A-Z0-9_]*)\}?/g)].map((m) => m[1]!))];
}

function trimSlash(u: string | null): string | null {
  return u ? u.replace(/\/+$/, '') : null;
}
