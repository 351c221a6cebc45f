import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../shared/api.ts';
import type { Result } from '../../shared/result.ts';
import type { ConsoleRole } from '../../shared/environment.ts';
import { IPC_PREFIX, channelOf, registerConsoleIpc } from '../../electron/main/ipc.ts';
import { isTrustedSender, trustedSenderFor, type SenderEvent } from '../../electron/main/trusted-sender.ts';
import { consoleWindowOptions, isAppUrl, isExternalLinkAllowed, isPermissionAllowed } from '../../electron/main/window.ts';
import { openCore, REPO_ROOT, value, writeRunbook } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const ENTRY = 'file:///opt/Switchyard/resources/app/out/renderer/index.html';

describe('permissions', () => {
  it('grants the app page notifications (incident clocks) and nothing else; no other page anything', () => {
    expect(isPermissionAllowed('notifications', `${ENTRY}#/incidents`, ENTRY)).toBe(true);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'midi']) expect(isPermissionAllowed(p, ENTRY, ENTRY), p).toBe(false);
    expect(isPermissionAllowed('notifications', 'https://evil.example/', ENTRY)).toBe(false);
    expect(isPermissionAllowed('notifications', 'file:///tmp/other.html', ENTRY)).toBe(false);
    expect(isPermissionAllowed('notifications', '', ENTRY)).toBe(false);
  });
});

describe('the console window', () => {
  it.each([false, true])('is isolated and sandboxed with no Node in the page (wall: %s)', (wall) => {
    const o = consoleWindowOptions('/app/out/preload/index.cjs', { wall });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('a wall display runs in kiosk, full screen, without dev tools', () => {
    expect(consoleWindowOptions('/p.cjs', { wall: true })).toMatchObject({ kiosk: true, fullscreen: true, webPreferences: { devTools: false } });
  });

  it('an operator window is a normal window', () => {
    expect(consoleWindowOptions('/p.cjs', { wall: false })).toMatchObject({ kiosk: false, fullscreen: false });
  });
});

describe('where a window may go', () => {
  it('the app entry itself, with a route in the hash or query, is the app', () => {
    expect(isAppUrl(ENTRY, ENTRY)).toBe(true);
    expect(isAppUrl(`${ENTRY}#/runbooks/rail-latency-spike`, ENTRY)).toBe(true);
    expect(isAppUrl(`${ENTRY}?wall=1`, ENTRY)).toBe(true);
  });

  it.each([
    ['another file in the same folder', 'file:///opt/Switchyard/resources/app/out/renderer/other.html'],
    ['a file elsewhere on disk', 'file:///etc/passwd'],
    ['a file on another host (UNC share)', 'file://attacker/opt/Switchyard/resources/app/out/renderer/index.html'],
    ['a web page', 'https://evil.example/index.html'],
    ['a web page with the same path', 'https://evil.example/opt/Switchyard/resources/app/out/renderer/index.html'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['garbage', 'not a url'],
    ['empty', ''],
  ])('refuses %s', (_what, url) => {
    expect(isAppUrl(url, ENTRY)).toBe(false);
  });

  it('the dev server entry refuses another port on the same host', () => {
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('links in runbooks open externally only for http(s)', () => {
    expect(isExternalLinkAllowed('https://grafana.internal/d/rails')).toBe(true);
    expect(isExternalLinkAllowed('http://status.example/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://share/x', 'vscode://open?x', 'ms-msdt:/id', 'not a url']) {
      expect(isExternalLinkAllowed(url), url).toBe(false);
    }
  });
});

describe('which IPC sender is trusted', () => {
  const from = (url: string | null): SenderEvent => ({ senderFrame: url === null ? null : { url } });

  it('the app entry, with a route in the hash or query, is trusted', () => {
    for (const url of [ENTRY, `${ENTRY}#/levers`, `${ENTRY}?wall=1#/wall`]) expect(isTrustedSender(from(url), ENTRY), url).toBe(true);
    expect(trustedSenderFor(ENTRY)(from(`${ENTRY}#/audit`))).toBe(true);
  });

  it.each([
    ['a frame that has gone away (senderFrame null)', null],
    ['another file beside the entry', 'file:///opt/Switchyard/resources/app/out/renderer/bench.html'],
    ['a file elsewhere', 'file:///tmp/attack.html'],
    ['the entry path on another host', 'file://attacker/opt/Switchyard/resources/app/out/renderer/index.html'],
    ['a web page', 'https://evil.example/'],
    ['the dev server on another port', 'http://localhost:5174/'],
    ['about:blank (a fresh iframe)', 'about:blank'],
    ['an empty URL', ''],
  ])('refuses %s', (_what, url) => {
    expect(isTrustedSender(from(url), ENTRY)).toBe(false);
    expect(trustedSenderFor(ENTRY)(from(url))).toBe(false);
  });

  it('is the predicate electron/main registers, and loads without Electron', () => {
    const main = readFileSync(join(REPO_ROOT, 'electron/main/index.ts'), 'utf8');
    expect(main).toMatch(/isTrustedSender: trustedSenderFor\(entryUrl\)/);
    // Type-only imports from 'electron': this test imported it in plain Node above.
    const own = readFileSync(join(REPO_ROOT, 'electron/main/trusted-sender.ts'), 'utf8');
    expect(own).not.toMatch(/^import (?!type )[^;]*from 'electron'/m);
  });

  it('is bound to the entry it was made for', () => {
    const devEntry = 'http://localhost:5173/';
    expect(trustedSenderFor(devEntry)(from('http://localhost:5173/#/runbooks'))).toBe(true);
    expect(trustedSenderFor(devEntry)(from(ENTRY))).toBe(false);
    expect(trustedSenderFor(ENTRY)(from(devEntry))).toBe(false);
  });
});

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Records handlers the way Electron's ipcMain does, including its refusal of a second handler. */
class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** A call from a frame showing `fromUrl`, or (null) from a frame that has already gone away. */
  invoke(channel: string, fromUrl: string | null, ...args: unknown[]): Promise<Result<unknown>> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: fromUrl === null ? null : { url: fromUrl } } as unknown as IpcMainInvokeEvent;
    return Promise.resolve(listener(event, ...args)) as Promise<Result<unknown>>;
  }
}

function ipcOver(role: ConsoleRole) {
  const core = openCore(scratch);
  const ipc = new FakeIpcMain();
  // The predicate electron/main/index.ts hands to registerConsoleIpc, not a copy of it.
  const unregister = registerConsoleIpc(ipc, core.handlers, { role, isTrustedSender: trustedSenderFor(ENTRY) });
  return { core, ipc, unregister };
}

describe('the IPC door', () => {
  it('registers exactly one handler per contract method, and unregisters them all', () => {
    const { ipc, unregister } = ipcOver('operator');
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map((n) => `${IPC_PREFIX}${n}`).sort());
    expect(methodNames.map(channelOf)).toEqual(methodNames.map((n) => `switchyard:${n}`));
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('the app window gets answers', async () => {
    const { ipc } = ipcOver('operator');
    expect(await ipc.invoke(channelOf('app.info'), ENTRY, {})).toMatchObject({ ok: true, value: { transport: 'ipc', role: 'operator' } });
    const search = await ipc.invoke(channelOf('runbooks.search'), `${ENTRY}#/runbooks`, { query: 'latency' });
    expect(search).toMatchObject({ ok: true });
  });

  it('arguments are validated: bad ones are invalid and name the field', async () => {
    const { ipc } = ipcOver('operator');
    const r = await ipc.invoke(channelOf('runbooks.get'), ENTRY, { id: '' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(r.ok ? '' : r.error.message).toMatch(/id/);
    expect(await ipc.invoke(channelOf('runbooks.search'), ENTRY, 'latency')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('a call from any other frame (an embedded page, another file) is forbidden and changes nothing', async () => {
    const { ipc, core } = ipcOver('operator');
    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'upi.md', { id: 'upi-timeouts', title: 'UPI timeouts' });
    for (const from of ['https://evil.example/', 'file:///tmp/attack.html', 'about:blank', null]) {
      const r = await ipc.invoke(channelOf('runbooks.addFolder'), from, { dir: folder });
      expect(r, String(from)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await ipc.invoke(channelOf('app.info'), from, {}), String(from)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await value(core, 'runbooks.sources')).map((s) => s.kind)).toEqual(['bundled']);
  });

  it('a wall window cannot call any write method', async () => {
    const { ipc, core } = ipcOver('wall');
    const folder = scratch.tempDir('runbooks-');
    writeRunbook(folder, 'upi.md', { id: 'upi-timeouts', title: 'UPI timeouts' });
    const writes = methodNames.filter((n) => contract[n].access === 'write');
    expect(writes.length).toBeGreaterThan(0);
    for (const name of writes) {
      const args = name === 'runbooks.addFolder' ? { dir: folder } : name === 'runbooks.removeFolder' ? { sourceId: 1 } : {};
      expect(await ipc.invoke(channelOf(name), ENTRY, args), name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await value(core, 'runbooks.sources')).map((s) => s.kind)).toEqual(['bundled']);
    expect(await ipc.invoke(channelOf('runbooks.list'), ENTRY, {})).toMatchObject({ ok: true });
  });
});
