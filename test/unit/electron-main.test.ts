import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../shared/api.ts';
import type { Result } from '../../shared/result.ts';
import type { ConsoleRole } from '../../shared/environment.ts';
import { IPC_PREFIX, channelOf, registerConsoleIpc } from '../../electron/main/ipc.ts';
import { consoleWindowOptions, isAppUrl, isExternalLinkAllowed } from '../../electron/main/window.ts';
import { openCore, value, writeRunbook } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();
const ENTRY = 'file:///opt/Switchyard/resources/app/out/renderer/index.html';

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
  invoke(channel: string, fromUrl: string, ...args: unknown[]): Promise<Result<unknown>> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: { url: fromUrl } } as unknown as IpcMainInvokeEvent;
    return Promise.resolve(listener(event, ...args)) as Promise<Result<unknown>>;
  }
}

function ipcOver(role: ConsoleRole) {
  const core = openCore(scratch);
  const ipc = new FakeIpcMain();
  const unregister = registerConsoleIpc(ipc, core.handlers, {
    role,
    isTrustedSender: (e) => e.senderFrame !== null && isAppUrl(e.senderFrame.url, ENTRY),
  });
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
    for (const from of ['https://evil.example/', 'file:///tmp/attack.html', 'about:blank']) {
      const r = await ipc.invoke(channelOf('runbooks.addFolder'), from, { dir: folder });
      expect(r, from).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await ipc.invoke(channelOf('app.info'), from, {}), from).toMatchObject({ ok: false, error: { code: 'forbidden' } });
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
