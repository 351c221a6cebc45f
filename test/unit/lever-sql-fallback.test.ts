import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVERS } from '../../shared/levers.ts';

// The SQL the Levers page shows when the admin service is down is the runbook's, word for word:
// an engineer at 03:14 must not see two versions of the same emergency statement.
const runbook = readFileSync(join(__dirname, '../../resources/runbooks/incident-response.md'), 'utf8');
const sqlBlocks = [...runbook.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => squash(m[1]!));

function squash(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

describe('lever SQL fallback', () => {
  for (const lever of LEVERS) {
    if (!lever.sqlFallback) continue;
    it(`${lever.id}: the engage statement is the incident-response runbook's`, () => {
      // The runbook writes the brand as $BRAND and one block serves both flags.
      const shown = squash(lever.sqlFallback!.engage.replaceAll('{brand}', '$BRAND')).replace('{withdraw_enabled}', '{deposit_enabled}');
      expect(sqlBlocks).toContain(shown);
    });
    it(`${lever.id}: the release statement is the runbook's reverse of the same row`, () => {
      const { engage, release } = lever.sqlFallback!;
      // incident-response: "Reverse with is_active = false" / "value='0'" / the flag back to true.
      const reverse = { 'platform-freeze': 'is_active = false', 'halt-deposits': "value='0'" }[lever.id as string] ?? "'true'::jsonb";
      expect(release).toContain(reverse);
      expect(release).not.toContain(reverse === "'true'::jsonb" ? "'false'::jsonb" : engage.includes('is_active') ? 'is_active = true' : "value='1'");
      const where = (sql: string) => /WHERE[^;]*|RETURNING[^;]*/.exec(sql)?.[0];
      expect(where(release)).toBe(where(engage));
    });
  }
});
