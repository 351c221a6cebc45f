import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholdersIn } from '../../shared/placeholders.ts';

const prod = {
  adminUrl: 'https://admin.pay.example/',
  gatewayUrl: 'https://gw.pay.example',
  metricsUrl: 'http://prometheus.pay.example:9090//',
};

describe('copying a runbook command with the active environment filled in', () => {
  it('fills $ADMIN, ${GW} and $PROM with the base URLs, without a doubled slash', () => {
    expect(fillPlaceholders('curl -sS "$ADMIN/api/levers" && curl "${GW}/health" && curl "$PROM/api/v1/query"', prod)).toBe(
      'curl -sS "https://admin.pay.example/api/levers" && curl "https://gw.pay.example/health" && curl "http://prometheus.pay.example:9090/api/v1/query"',
    );
  });

  it('fills both spellings and every occurrence', () => {
    expect(fillPlaceholders('${ADMIN} $ADMIN ${PROM} $GW $GW', prod)).toBe(
      'https://admin.pay.example https://admin.pay.example http://prometheus.pay.example:9090 https://gw.pay.example https://gw.pay.example',
    );
  });

  it('never fills the token: $TOK and ${TOK} are left for the engineer to supply', () => {
    const cmd = 'curl -H "Authorization: Bearer $TOK" -H "X-Token: ${TOK}" "$ADMIN/api/levers"';
    const out = fillPlaceholders(cmd, prod);
    expect(out).toContain('Bearer $TOK"');
    expect(out).toContain('X-Token: ${TOK}');
    expect(out).toContain('https://admin.pay.example/api/levers');
  });

  it('does not touch longer names that start like a placeholder', () => {
    expect(fillPlaceholders('$ADMINX ${ADMINX} $ADMIN_TOKEN $GWS $PROMETHEUS', prod)).toBe('$ADMINX ${ADMINX} $ADMIN_TOKEN $GWS $PROMETHEUS');
  });

  it('leaves a placeholder as written when the environment has no such URL', () => {
    expect(fillPlaceholders('curl "$ADMIN/x" "${GW}/y" "$PROM/z"', { adminUrl: null, gatewayUrl: null, metricsUrl: null })).toBe(
      'curl "$ADMIN/x" "${GW}/y" "$PROM/z"',
    );
  });

  it('a half-written ${ADMIN without its brace is not filled', () => {
    expect(fillPlaceholders('${ADMIN/x', prod)).toBe('${ADMIN/x');
  });

  it('lists the placeholders a command uses, once each, so the UI can say which stay unfilled', () => {
    expect(placeholdersIn('$ADMIN/x ${GW} $TOK ${TOK} $ADMIN')).toEqual(['ADMIN', 'GW', 'TOK']);
    expect(placeholdersIn('echo hello')).toEqual([]);
  });
});
