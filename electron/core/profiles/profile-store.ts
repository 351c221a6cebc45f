import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ProfileConfig } from '../../../shared/environment.ts';

const ProfilesFile = z.object({
  version: z.literal(1),
  active: z.string(),
  profiles: z.array(ProfileConfig).min(1),
});
type ProfilesFile = z.infer<typeof ProfilesFile>;

export const DEMO_PROFILE: ProfileConfig = ProfileConfig.parse({
  name: 'demo',
  kind: 'demo',
  environmentName: 'demo',
  role: 'super_admin',
});

/**
 * profiles.json beside the per-profile folders: names, URLs, roles; never a token. Written
 * atomically (temp file + rename) so a crash mid-save leaves the previous file whole.
 */
export class ProfileStore {
  readonly path: string;

  constructor(readonly root: string) {
    this.path = join(root, 'profiles.json');
  }

  load(): ProfilesFile {
    if (!existsSync(this.path)) return { version: 1, active: DEMO_PROFILE.name, profiles: [DEMO_PROFILE] };
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new Error(`${this.path} is not valid JSON (${(e as Error).message}). Fix or move it aside; it was not changed.`);
    }
    const parsed = ProfilesFile.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`${this.path} is not a valid profiles file (${i?.path.join('.')}: ${i?.message}). Fix or move it aside; it was not changed.`);
    }
    if (!parsed.data.profiles.some((p) => p.name === parsed.data.active)) parsed.data.active = parsed.data.profiles[0]!.name;
    return parsed.data;
  }

  save(file: ProfilesFile): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(ProfilesFile.parse(file), null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
