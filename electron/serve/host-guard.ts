import { isIP } from 'node:net';
import type { networkInterfaces } from 'node:os';

export type InterfaceTable = ReturnType<typeof networkInterfaces>;

/** A serve option that cannot work (a malformed --allow-host): told at start, with the value. */
export class ServeOptionError extends Error {}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
/** At most this often, a Host naming an unknown address makes the interface table be read again. */
const INTERFACE_REREAD_MS = 1000;

export interface HostGuardOptions {
  /** The --host given: an address or a name. */
  bindHost: string;
  /** The address actually listened on (0.0.0.0 and :: mean every interface). */
  boundAddress: string;
  port: number;
  allowHosts: readonly string[];
  interfaces: () => InterfaceTable;
}

interface OwnAddress {
  /** As a browser writes it in a URL and sends it in Host: IPv6 in brackets. */
  name: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
}

/**
 * Which Host headers the console answers to. Bound to loopback, only the loopback names: a page
 * whose own name was pointed at 127.0.0.1 (DNS rebinding) gets a 421, not the console. Bound
 * elsewhere, also the addresses it listens on and the names given with --allow-host; never any
 * name, since any name can be rebound. The machine's hostname only with --allow-host: nothing
 * says the LAN resolves it to this machine, and common ones (raspberrypi, ubuntu) are anyone's.
 */
export class HostGuard {
  private readonly reach: 'loopback' | 'every interface' | 'one address';
  private readonly allowHosts: string[];
  private readonly names: Set<string>;
  private own = new Set<string>();
  private readAt = -Infinity;

  constructor(private readonly opts: HostGuardOptions) {
    const bound = opts.boundAddress;
    this.reach = bound === '0.0.0.0' || bound === '::' ? 'every interface' : isLoopbackAddress(bound) ? 'loopback' : 'one address';
    this.allowHosts = opts.allowHosts.map(normalizeHostName);
    if (this.reach === 'loopback' && this.allowHosts.length)
      throw new ServeOptionError(
        `--allow-host has no effect on a console bound to loopback (${opts.bindHost}): it answers only to 127.0.0.1, localhost and [::1]. Add --host 0.0.0.0 to open it from other machines.`,
      );
    this.names = new Set([...LOOPBACK_NAMES, ...this.allowHosts]);
    if (this.reach !== 'every interface') {
      this.names.add(inUrl(bound));
      const asGiven = tryNormalizeHostName(opts.bindHost); // --host wall-pc: the name it was bound by
      if (asGiven) this.names.add(asGiven);
    } else this.readInterfaces();
  }

  accepts(hostHeader: string | undefined): boolean {
    const h = hostHeader === undefined ? null : splitHost(hostHeader);
    // A browser leaves the port out only for 80.
    if (!h || !(h.port === String(this.opts.port) || (h.port === null && this.opts.port === 80))) return false;
    if (this.names.has(h.name) || this.own.has(h.name)) return true;
    // An address the machine got after start (a DHCP lease, a VPN coming up).
    if (this.reach !== 'every interface' || !isAddressInUrl(h.name) || Date.now() - this.readAt < INTERFACE_REREAD_MS) return false;
    this.readInterfaces();
    return this.own.has(h.name);
  }

  /** The 421 body. A rebinding page can read it, so it names the rules, not this machine's addresses. */
  refusal(hostHeader: string | undefined): string {
    const p = this.opts.port;
    const given = hostHeader === undefined ? 'a request without a Host header' : `the name ${JSON.stringify(hostHeader.slice(0, 120))}`;
    const why = `Switchyard: this console does not answer to ${given}. It checks the name the browser used, so that a web page whose name was pointed at this machine (DNS rebinding) cannot reach it.`;
    if (this.reach === 'loopback')
      return [
        why,
        `It is bound to loopback, so it answers only on this machine, at http://127.0.0.1:${p}, http://localhost:${p} or http://[::1]:${p}.`,
        'To open it from other machines, restart it with --host 0.0.0.0 (and --allow-host NAME to open it by a name of this machine).',
      ].join('\n');
    const where =
      this.reach === 'every interface' ? 'to the addresses of this machine (the "Open from the LAN" URLs printed when it started)' : `to the address it is bound to (${inUrl(this.opts.boundAddress)})`;
    const n = this.allowHosts.length;
    const named = n === 0 ? 'names given with --allow-host (none were)' : `the ${n} name${n === 1 ? '' : 's'} given with --allow-host`;
    return [
      why,
      `It answers, with port ${p}, ${where}, to 127.0.0.1, localhost and [::1], and to ${named}.`,
      'To open it under another name, such as a DNS name of this machine, restart it with --allow-host NAME (repeatable).',
    ].join('\n');
  }

  /** Where to open it: this machine's URL first, then one per address and name other machines can use. */
  urls(): string[] {
    const at = (name: string) => `http://${name}:${this.opts.port}`;
    const bound = this.opts.boundAddress;
    if (this.reach === 'loopback') return [at(inUrl(this.opts.bindHost))];
    const names = this.allowHosts.filter((n) => !LOOPBACK_NAMES.includes(n));
    if (this.reach === 'one address') return unique([at(inUrl(this.opts.bindHost)), ...names.map(at)]);
    // 0.0.0.0 takes IPv4 only; :: takes both. Link-local IPv6 needs a zone no browser takes.
    const lan = this.readInterfaces().filter((a) => !a.internal);
    const v4 = lan.filter((a) => a.family === 'IPv4');
    const v6 = bound === '::' ? lan.filter((a) => a.family === 'IPv6' && !/^\[fe[89ab]/.test(a.name)) : [];
    return unique([at(bound === '::' ? '[::1]' : '127.0.0.1'), ...[...v4, ...v6].map((a) => at(a.name)), ...names.map(at)]);
  }

  private readInterfaces(): OwnAddress[] {
    let table: InterfaceTable = {};
    try {
      table = this.opts.interfaces();
    } catch {
      // No interface table (some sandboxes): loopback names and --allow-host still work.
    }
    this.readAt = Date.now();
    const list = Object.values(table)
      .flatMap((l) => l ?? [])
      .map((a): OwnAddress => ({ name: inUrl(a.address), family: a.family, internal: a.internal }));
    this.own = new Set(list.map((a) => a.name));
    return list;
  }
}

/** An --allow-host value as Host carries it: lowercase, IPv6 in canonical brackets, no trailing dot. */
export function normalizeHostName(raw: string): string {
  const name = tryNormalizeHostName(raw);
  if (name === null)
    throw new ServeOptionError(
      `--allow-host ${JSON.stringify(raw)} is not a host name or an IP address: give one like wall.noc.example or 192.168.1.20, without a scheme or a port.`,
    );
  return name;
}

function tryNormalizeHostName(raw: string): string | null {
  const lower = raw.trim().toLowerCase();
  const bare = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  if (isIP(bare) === 6) return bare.includes('%') ? null : inUrl(bare); // a zone (%eth0) no browser sends
  const name = bare.endsWith('.') ? bare.slice(0, -1) : bare;
  if (isIP(name) === 4) return name;
  const labels = name.split('.');
  // A name ending in a number is read as an IPv4 address by browsers (10.1.2, 0x7f.1).
  if (/^(\d+|0x[0-9a-f]*)$/.test(labels.at(-1) ?? '')) return null;
  const ok = name.length > 0 && name.length <= 253 && labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
  return ok ? name : null;
}

/** An address as a URL writes it: IPv6 canonical and in brackets. */
function inUrl(address: string): string {
  if (isIP(address) !== 6) return address;
  try {
    return new URL(`http://[${address}]/`).hostname;
  } catch {
    return `[${address}]`;
  }
}

function isAddressInUrl(name: string): boolean {
  return isIP(name) === 4 || (name.startsWith('[') && name.endsWith(']') && isIP(name.slice(1, -1)) === 6);
}

function isLoopbackAddress(address: string): boolean {
  return /^127\./.test(address) || /^::ffff:127\./i.test(address) || address === '::1';
}

/** Host as sent (`name:port`, `[v6]:port`, or a bare name), lowercased; null if it cannot be one. */
function splitHost(header: string): { name: string; port: string | null } | null {
  const h = header.toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    const rest = h.slice(end + 1);
    if (end < 0 || (rest !== '' && !rest.startsWith(':'))) return null;
    return { name: h.slice(0, end + 1), port: rest === '' ? null : rest.slice(1) };
  }
  const colon = h.indexOf(':');
  if (colon < 0) return { name: h, port: null };
  return h.indexOf(':', colon + 1) < 0 ? { name: h.slice(0, colon), port: h.slice(colon + 1) } : null;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
