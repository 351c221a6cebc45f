import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The console window. Everything that matters for security is here, in one testable place:
 * the renderer gets no Node, runs sandboxed and isolated, and talks only through the preload.
 */
export function consoleWindowOptions(preloadPath: string, opts: { wall: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#0d1117',
    title: 'Switchyard',
    show: false,
    autoHideMenuBar: true,
    kiosk: opts.wall,
    fullscreen: opts.wall,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !opts.wall,
    },
  };
}

/** The app's own pages are the only place a window may be. */
export function isAppUrl(url: string, appEntryUrl: string): boolean {
  try {
    const u = new URL(url);
    const entry = new URL(appEntryUrl);
    return u.protocol === entry.protocol && u.host === entry.host && u.pathname === entry.pathname;
  } catch {
    return false;
  }
}

/**
 * The one permission the console's own page gets: desktop notifications, so an incident's clock
 * can warn before it breaches. Camera, microphone, geolocation, clipboard reads… are refused,
 * and so is everything asked by any page that is not the app's entry page.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, appEntryUrl: string): boolean {
  return permission === 'notifications' && isAppUrl(requestingUrl, appEntryUrl);
}

/** Links in runbooks open in the user's browser, and only for the web's own schemes. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    return ['https:', 'http:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
