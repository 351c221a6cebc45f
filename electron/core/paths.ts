import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the app's files are when running from a checkout (or from out/ built inside it). */
export function appPaths(appRoot: string) {
  return {
    migrationsDir: join(appRoot, 'electron', 'core', 'store', 'migrations'),
    bundledRunbooksDir: join(appRoot, 'resources', 'runbooks'),
    rendererDir: join(appRoot, 'out', 'renderer'),
  };
}

/**
 * The same folder Electron's app.getPath('userData') gives, so `serve` and the desktop app
 * share a profile's data when run by the same user.
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const name = 'Switchyard';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
}

export function profileDataDir(userDataDir: string, profile: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(profile) || profile.startsWith('.')) throw new Error(`Bad profile name "${profile}"`);
  return join(userDataDir, 'profiles', profile);
}
