/**
 * A token belongs to the admin and gateway origins (scheme://host:port) it was given for:
 * a profile whose URLs now point elsewhere does not get it, and no request to another origin
 * carries it.
 */
export interface TokenOrigins {
  adminOrigin: string | null;
  gatewayOrigin: string | null;
}

export interface BoundToken extends TokenOrigins {
  token: string;
}

/** The origin of an http(s) URL; null for none or for anything without a proper origin. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

export function originsOf(p: { adminUrl: string | null; gatewayUrl: string | null }): TokenOrigins {
  return { adminOrigin: originOf(p.adminUrl), gatewayOrigin: originOf(p.gatewayUrl) };
}

export function sameOrigins(a: TokenOrigins, b: TokenOrigins): boolean {
  return a.adminOrigin === b.adminOrigin && a.gatewayOrigin === b.gatewayOrigin;
}

export function describeOrigins(o: TokenOrigins): string {
  return `${o.adminOrigin ?? '(no admin URL)'}, ${o.gatewayOrigin ?? '(no gateway URL)'}`;
}
