import { app, BrowserWindow, dialog, ipcMain, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appPaths } from '../core/paths.ts';
import { ProfileHost } from '../core/profile-host.ts';
import { StorageError } from '../core/store/connection.ts';
import { startDemoPlatform } from '../demo-platform/index.ts';
import { KeychainTokenStore } from './keychain.ts';
import { EVENT_CHANNEL, registerConsoleIpc } from './ipc.ts';
import { trustedSenderFor } from './trusted-sender.ts';
import { consoleWindowOptions, isAppUrl, isExternalLinkAllowed, isPermissionAllowed } from './window.ts';

// Thin by design: lifecycle, windows and security here; everything else is the plain-Node core.
const argv = process.argv.slice(1);
const wall = argv.includes('--wall');
const profileArg = argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
const runbookFolders = argv.flatMap((a, i) => (a === '--runbooks' && argv[i + 1] ? [argv[i + 1]!] : a.startsWith('--runbooks=') ? [a.slice(11)] : []));

let host: ProfileHost | null = null;
let win: BrowserWindow | null = null;

function resources() {
  const root = app.getAppPath();
  const dev = appPaths(root);
  return app.isPackaged
    ? {
        migrationsDir: join(process.resourcesPath, 'migrations'),
        bundledRunbooksDir: join(process.resourcesPath, 'runbooks'),
        rendererIndex: join(root, 'out', 'renderer', 'index.html'),
      }
    : { ...dev, rendererIndex: join(dev.rendererDir, 'index.html') };
}

function hardenContents(contents: WebContents, entryUrl: string) {
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url, entryUrl)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url, entryUrl)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

async function createWindow() {
  const r = resources();
  const entryUrl = pathToFileURL(r.rendererIndex).toString();
  win = new BrowserWindow(consoleWindowOptions(join(app.getAppPath(), 'out', 'preload', 'index.cjs'), { wall }));
  hardenContents(win.webContents, entryUrl);
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  await win.loadFile(r.rendererIndex);
}

async function start() {
  // Only notifications, and only for the app's own page (isPermissionAllowed); nothing else ever.
  const entry = pathToFileURL(resources().rendererIndex).toString();
  session.defaultSession.setPermissionRequestHandler((wc, perm, callback, details) =>
    callback(isPermissionAllowed(perm, details.requestingUrl ?? wc.getURL(), entry)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, perm, requestingOrigin, details) =>
    isPermissionAllowed(perm, details.requestingUrl ?? requestingOrigin, entry),
  );

  const r = resources();
  const root = app.getPath('userData');
  try {
    host = new ProfileHost({
      root,
      tokens: new KeychainTokenStore(root),
      profileName: profileArg,
      startDemo: async () => {
        const demo = await startDemoPlatform({ demoMode: true });
        return { adminUrl: demo.adminUrl, gatewayUrl: demo.gatewayUrl, token: demo.tokens.super_admin, stop: () => demo.stop() };
      },
      version: app.getVersion(),
      migrationsDir: r.migrationsDir,
      bundledRunbooksDir: r.bundledRunbooksDir,
      runbookFolders,
      // In a checkout, `npm start` builds better-sqlite3 for Electron's ABI beside the Node
      // build the tests use; a packaged app carries the one electron-builder rebuilt.
      nativeBinding: app.isPackaged ? undefined : process.env.SWITCHYARD_NATIVE_BINDING,
      watch: true,
    });
    await host.open();
  } catch (e) {
    const message = e instanceof StorageError ? e.message : String((e as Error).stack ?? e);
    dialog.showErrorBox('Switchyard cannot start', message);
    app.exit(1);
    return;
  }
  const entryUrl = pathToFileURL(r.rendererIndex).toString();
  registerConsoleIpc(ipcMain, host.handlers, {
    role: wall ? 'wall' : 'operator',
    isTrustedSender: trustedSenderFor(entryUrl),
  });
  host.events.subscribe((name, payload) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(EVENT_CHANNEL, { name, payload });
  });
  await createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.whenReady().then(start, (e: unknown) => {
    dialog.showErrorBox('Switchyard cannot start', String(e));
    app.exit(1);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (host && BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
  app.on('will-quit', () => {
    void host?.close();
    host = null;
  });
}
