// A strict reader of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/). A scrape is used whole or
// not at all: the first line that breaks the format turns the whole answer into an error
// naming that line, because a half-read exposition (a truncated body, a histogram missing its
// tail) would draw wrong numbers that look right. parse-prometheus-text-format was rejected:
// it merges every labelled histogram series into one and drops an unterminated last line.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
const TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export type Labels = Readonly<Record<string, string>>;

export interface ExpositionSample {
  name: string;
  labels: Labels;
  /** The series' identity: the name and the labels in name order (not for display). */
  key: string;
  value: number;
  /** Milliseconds since the epoch, when the exporter gave one. */
  timestampMs: number | null;
  line: number;
}

export interface HistogramBucket {
  le: number;
  count: number;
}

/** One histogram series: its labels (without `le`), cumulative buckets ending in +Inf, _sum and _count. */
export interface HistogramSeries {
  labels: Labels;
  buckets: HistogramBucket[];
  sum: number;
  count: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string | null;
  samples: ExpositionSample[];
  /** Histogram families only: the samples grouped per label set. */
  histograms: HistogramSeries[];
}

export interface Exposition {
  families: Map<string, MetricFamily>;
  lines: number;
}

export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'ExpositionError';
  }
}

export type ParseOutcome = { ok: true; exposition: Exposition } | { ok: false; error: string; line: number };

/** Like parseExposition, with the error as a value. */
export function tryParseExposition(text: string): ParseOutcome {
  try {
    return { ok: true, exposition: parseExposition(text) };
  } catch (e) {
    if (e instanceof ExpositionError) return { ok: false, error: e.message, line: e.line };
    throw e;
  }
}

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
const isDigit = (c: number) => c >= 48 && c <= 57;
const isBlank = (c: number) => c === 32 || c === 9;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
// Go's strconv.ParseFloat as Prometheus uses it, minus hex floats and underscores.
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;
const INTEGER = /^\d{1,15}$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
const TIMESTAMP = /^-?\d{1,19}$/;

/** A sample value or `le` bound as the format writes it; null when it is not a number. */
export function parseFloatToken(token: string): number | null {
  if (INTEGER.test(token) || FLOAT.test(token)) return Number(token);
  const m = SPECIAL.exec(token);
  if (!m) return null;
  if (m[2]!.toLowerCase() === 'nan') return m[1] === '' ? NaN : null;
  return m[1] === '-' ? -Infinity : Infinity;
}

function snippet(line: string): string {
  const s = JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
  return s;
}

interface FamilyState extends MetricFamily {
  typeGiven: boolean;
  helpGiven: boolean;
}

/** Parses a whole exposition; throws ExpositionError at the first thing the format does not allow. */
export function parseExposition(text: string): Exposition {
  const families = new Map<string, FamilyState>();
  const seriesSeen = new Set<string>();
  const closed = new Set<string>();
  let current: string | null = null;
  const lines = text.split('\n');
  // The format ends every line with a line feed: a body without one was cut off in transit.
  if (text.length > 0 && !text.endsWith('\n')) {
    throw new ExpositionError(lines.length, `the answer ends in the middle of a line (no final line feed): truncated; last line ${snippet(lines.at(-1)!)}`);
  }
  const total = text.length === 0 ? 0 : lines.length - 1;

  const family = (name: string, lineNo: number): FamilyState => {
    if (current !== name) {
      if (closed.has(name)) throw new ExpositionError(lineNo, `lines of metric "${name}" are not grouped together (it appeared before another metric)`);
      if (current !== null) closed.add(current);
      current = name;
    }
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', help: null, samples: [], histograms: [], typeGiven: false, helpGiven: false };
      families.set(name, f);
    }
    return f;
  };

  // Which family a sample name belongs to: histogram and summary samples carry suffixes.
  const familyOf = (sample: string, lineNo: number): string => {
    const own = families.get(sample);
    if (own && (own.typeGiven || own.helpGiven || own.samples.length)) {
      if (own.type === 'histogram' || own.type === 'summary') {
        // A sample named exactly like a histogram or summary is none of its parts.
        throw new ExpositionError(lineNo, `a sample named "${sample}" is not part of the ${own.type} "${sample}" (expected _bucket, _sum or _count)`);
      }
      return sample;
    }
    for (const suffix of ['_bucket', '_sum', '_count', '_total']) {
      if (!sample.endsWith(suffix)) continue;
      const base = families.get(sample.slice(0, -suffix.length));
      if (!base) continue;
      if (base.type === 'histogram' && suffix !== '_total') return base.name;
      if (base.type === 'summary' && (suffix === '_sum' || suffix === '_count')) return base.name;
      if (base.type === 'counter' && suffix === '_total') return base.name;
    }
    return sample;
  };

  for (let i = 0; i < total; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    let p = 0;
    while (p < raw.length && isBlank(raw.charCodeAt(p))) p++;
    if (p === raw.length) continue; // blank line
    if (raw.charCodeAt(p) === 35 /* # */) {
      const rest = raw.slice(p + 1).replace(/^[ \t]+/, '');
      const keyword = /^(HELP|TYPE)(?:[ \t]|$)/.exec(rest);
      if (!keyword) continue; // any other comment
      const after = rest.slice(keyword[0].length).replace(/^[ \t]+/, '');
      const nameEnd = after.search(/[ \t]|$/);
      const name = after.slice(0, nameEnd);
      if (!METRIC_NAME.test(name)) throw new ExpositionError(lineNo, `# ${keyword[1]} needs a valid metric name: ${snippet(raw)}`);
      const tail = after.slice(nameEnd);
      if (keyword[1] === 'HELP') {
        const f = family(name, lineNo);
        if (f.helpGiven) throw new ExpositionError(lineNo, `a second # HELP for "${name}"`);
        f.helpGiven = true;
        f.help = unescapeHelp(tail.replace(/^[ \t]/, ''));
      } else {
        const type = tail.trim();
        if (!TYPES.has(type)) throw new ExpositionError(lineNo, `unknown metric type "${type}" for "${name}" (counter, gauge, histogram, summary or untyped)`);
        const existing = families.get(name);
        if (existing?.typeGiven) throw new ExpositionError(lineNo, `a second # TYPE for "${name}"`);
        const parts = ['', '_bucket', '_sum', '_count', '_total'].map((suffix) => families.get(name + suffix));
        if (parts.some((x) => x && x.samples.length)) throw new ExpositionError(lineNo, `# TYPE for "${name}" comes after its samples`);
        const f = family(name, lineNo);
        f.typeGiven = true;
        f.type = type as MetricType;
      }
      continue;
    }
    const sample = parseSampleLine(raw, p, lineNo);
    const f = family(familyOf(sample.name, lineNo), lineNo);
    if (seriesSeen.has(sample.key)) throw new ExpositionError(lineNo, `the series ${snippet(seriesKey(sample.name, sample.labels))} appears twice`);
    seriesSeen.add(sample.key);
    f.samples.push(sample);
  }

  for (const f of families.values()) {
    if (f.type === 'histogram') f.histograms = groupHistogram(f);
  }
  const out = new Map<string, MetricFamily>();
  for (const [name, f] of families) {
    const { typeGiven: _t, helpGiven: _h, ...family } = f;
    out.set(name, family);
  }
  return { families: out, lines: total };
}

function unescapeHelp(s: string): string {
  return s.replace(/\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** name{a="1",b="2"}: labels sorted, so the same series always has the same key. */
export function seriesKey(name: string, labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return `${name}{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}

function failLine(line: string, lineNo: number, why: string): never {
  throw new ExpositionError(lineNo, `${why}: ${snippet(line)}`);
}

function parseSampleLine(line: string, start: number, lineNo: number): ExpositionSample {
  const n = line.length;
  let p = start;
  const c0 = line.charCodeAt(p);
  if (!(isNameStart(c0) || c0 === 58)) failLine(line, lineNo, 'expected a metric name');
  while (p < n) {
    const c = line.charCodeAt(p);
    if (isNameStart(c) || isDigit(c) || c === 58) p++;
    else break;
  }
  const name = line.slice(start, p);
  const nameEnd = p;
  while (p < n && isBlank(line.charCodeAt(p))) p++;
  // Null prototype: a label called "__proto__" is a label like any other.
  const labels = Object.create(null) as Record<string, string>;
  const order: string[] = [];
  if (line.charCodeAt(p) === 123 /* { */) {
    p++;
    for (;;) {
      while (p < n && isBlank(line.charCodeAt(p))) p++;
      if (p >= n) failLine(line, lineNo, 'the label set is not closed with "}"');
      if (line.charCodeAt(p) === 125 /* } */) {
        p++;
        break;
      }
      const ls = p;
      if (!isNameStart(line.charCodeAt(p))) failLine(line, lineNo, 'expected a label name');
      while (p < n && (isNameStart(line.charCodeAt(p)) || isDigit(line.charCodeAt(p)))) p++;
      const label = line.slice(ls, p);
      while (p < n && isBlank(line.charCodeAt(p))) p++;
      if (line.charCodeAt(p) !== 61 /* = */) failLine(line, lineNo, `expected "=" after the label name "${label}"`);
      p++;
      while (p < n && isBlank(line.charCodeAt(p))) p++;
      if (line.charCodeAt(p) !== 34 /* " */) failLine(line, lineNo, `expected a quoted value for the label "${label}"`);
      p++;
      let value = '';
      let chunk = p;
      let closedQuote = false;
      while (p < n) {
        const c = line.charCodeAt(p);
        if (c === 34) {
          value += line.slice(chunk, p);
          closedQuote = true;
          p++;
          break;
        }
        if (c === 92 /* \ */) {
          value += line.slice(chunk, p);
          const next = line[p + 1];
          if (next === '\\') value += '\\';
          else if (next === '"') value += '"';
          else if (next === 'n') value += '\n';
          else failLine(line, lineNo, `invalid escape "\\${next ?? ''}" in the value of the label "${label}" (only \\\\, \\" and \\n)`);
          p += 2;
          chunk = p;
          continue;
        }
        p++;
      }
      if (!closedQuote) failLine(line, lineNo, `the value of the label "${label}" is not closed`);
      if (label in labels) failLine(line, lineNo, `the label "${label}" is given twice`);
      labels[label] = value;
      order.push(label);
      while (p < n && isBlank(line.charCodeAt(p))) p++;
      const sep = line.charCodeAt(p);
      if (sep === 44 /* , */) {
        p++;
        continue;
      }
      if (sep === 125) {
        p++;
        break;
      }
      failLine(line, lineNo, 'expected "," or "}" after a label');
    }
  } else if (p === nameEnd && p < n) {
    failLine(line, lineNo, 'expected a blank between the metric name and the value');
  }
  // value [timestamp], separated by blanks
  const tokens: string[] = [];
  while (p < n) {
    while (p < n && isBlank(line.charCodeAt(p))) p++;
    if (p >= n) break;
    const ts = p;
    while (p < n && !isBlank(line.charCodeAt(p))) p++;
    tokens.push(line.slice(ts, p));
    if (tokens.length > 2) failLine(line, lineNo, 'unexpected text after the timestamp');
  }
  if (tokens.length === 0) failLine(line, lineNo, 'the sample has no value');
  const value = parseFloatToken(tokens[0]!);
  if (value === null) failLine(line, lineNo, `"${tokens[0]}" is not a number`);
  let timestampMs: number | null = null;
  if (tokens.length === 2) {
    if (!TIMESTAMP.test(tokens[1]!)) failLine(line, lineNo, `"${tokens[1]}" is not a timestamp (integer milliseconds)`);
    timestampMs = Number(tokens[1]);
    if (!Number.isSafeInteger(timestampMs)) failLine(line, lineNo, `the timestamp "${tokens[1]}" is out of range`);
  }
  if (order.length > 1) order.sort();
  let key = name;
  for (const k of order) key += `\u0000${k}\u0001${labels[k]}`;
  return { name, labels, key, value: value!, timestampMs, line: lineNo };
}

function groupHistogram(f: MetricFamily): HistogramSeries[] {
  interface Group {
    labels: Labels;
    buckets: HistogramBucket[];
    bucketLines: number[];
    sum: number | null;
    count: number | null;
    firstLine: number;
  }
  const groups = new Map<string, Group & { les: Set<number> }>();
  const groupOf = (labels: Labels, line: number) => {
    const names = Object.keys(labels).sort();
    let key = '';
    for (const k of names) if (k !== 'le') key += `\u0000${k}\u0001${labels[k]}`;
    let g = groups.get(key);
    if (!g) {
      const own = Object.create(null) as Record<string, string>;
      for (const k of names) if (k !== 'le') own[k] = labels[k]!;
      g = { labels: own, buckets: [], bucketLines: [], sum: null, count: null, firstLine: line, les: new Set<number>() };
      groups.set(key, g);
    }
    return g;
  };
  for (const s of f.samples) {
    if (s.name === `${f.name}_bucket`) {
      const leText = s.labels.le;
      if (leText === undefined) throw new ExpositionError(s.line, `the bucket of "${f.name}" has no "le" label`);
      const le = parseFloatToken(leText);
      if (le === null || Number.isNaN(le)) throw new ExpositionError(s.line, `the bucket bound le="${leText}" of "${f.name}" is not a number`);
      const g = groupOf(s.labels, s.line);
      if (g.les.has(le)) throw new ExpositionError(s.line, `the bucket le="${leText}" of "${f.name}" appears twice`);
      g.les.add(le);
      g.buckets.push({ le, count: s.value });
      g.bucketLines.push(s.line);
    } else if (s.name === `${f.name}_sum`) {
      groupOf(s.labels, s.line).sum = s.value;
    } else if (s.name === `${f.name}_count`) {
      groupOf(s.labels, s.line).count = s.value;
    }
  }
  const out: HistogramSeries[] = [];
  for (const g of groups.values()) {
    const where = `histogram "${f.name}"${Object.keys(g.labels).length ? ` ${seriesKey('', g.labels)}` : ''}`;
    const order = g.buckets.map((b, i) => ({ b, line: g.bucketLines[i]! })).sort((x, y) => x.b.le - y.b.le);
    let lastLine = g.firstLine;
    for (const l of g.bucketLines) if (l > lastLine) lastLine = l;
    if (order.length === 0) throw new ExpositionError(g.firstLine, `${where} has no buckets`);
    if (order.at(-1)!.b.le !== Infinity) throw new ExpositionError(lastLine, `${where} has no le="+Inf" bucket (truncated?)`);
    for (let i = 0; i < order.length; i++) {
      const { b, line } = order[i]!;
      if (!(b.count >= 0)) throw new ExpositionError(line, `${where}: the bucket le="${b.le}" holds ${b.count}, not a count`);
      if (i > 0 && b.count < order[i - 1]!.b.count) throw new ExpositionError(line, `${where}: buckets are not cumulative (le="${b.le}" holds less than the bucket below it)`);
    }
    if (g.count === null) throw new ExpositionError(lastLine, `${where} has no _count (truncated?)`);
    if (g.sum === null) throw new ExpositionError(lastLine, `${where} has no _sum (truncated?)`);
    const inf = order.at(-1)!.b.count;
    if (inf !== g.count) throw new ExpositionError(lastLine, `${where}: the le="+Inf" bucket (${inf}) differs from _count (${g.count})`);
    out.push({ labels: g.labels, buckets: order.map((o) => o.b), sum: g.sum, count: g.count });
  }
  return out;
}
