// The Prometheus text format reader: the demo's real exposition, every rule of format 0.0.4
// that matters for numbers on a dashboard, clear line-numbered errors, and fuzzing.
import { describe, expect, it } from 'vitest';
import { ExpositionError, parseExposition, parseFloatToken, seriesKey, tryParseExposition } from '../../electron/core/metrics/exposition.ts';
import { extract } from '../../electron/core/metrics/scrape-derive.ts';
import { parseExposition as kitParse } from '../integration/demo-platform-kit.ts';
import { SeededRandom } from '../bench/seeded-random.ts';
import { DemoExporter } from '../helpers/metrics-fixtures.ts';

const HIST = 'payment_rail_request_duration_seconds';

async function demoText(seconds = 60): Promise<string> {
  const demo = new DemoExporter();
  await demo.render();
  demo.now += seconds * 1000;
  return demo.render();
}

function errorOf(text: string): ExpositionError {
  try {
    parseExposition(text);
  } catch (e) {
    if (e instanceof ExpositionError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${JSON.stringify(text)}`);
}

describe('exposition: the demo gateway\'s real /metrics', () => {
  it('reads every family, and groups the histogram per rail × brand with cumulative buckets, _sum and _count', async () => {
    const text = await demoText();
    const e = parseExposition(text);
    expect(Object.fromEntries([...e.families].map(([n, f]) => [n, f.type]))).toEqual({
      [HIST]: 'histogram',
      payment_rail_requests_total: 'counter',
      gateway_http_requests_total: 'counter',
      webhook_backlog: 'gauge',
    });
    const hist = e.families.get(HIST)!;
    expect(hist.help).toBe('Payment rail request duration in seconds, by rail and brand.');
    // 6 rails × 4 brands, each its own series: never merged into one.
    expect(hist.histograms).toHaveLength(24);
    expect(new Set(hist.histograms.map((h) => `${h.labels.rail}/${h.labels.brand}`)).size).toBe(24);
    const kit = kitParse(text);
    for (const h of hist.histograms) {
      expect(Object.keys(h.labels).sort()).toEqual(['brand', 'rail']);
      expect(h.buckets).toHaveLength(16);
      expect(h.buckets.at(-1)!.le).toBe(Infinity);
      for (let i = 1; i < h.buckets.length; i++) {
        expect(h.buckets[i]!.le).toBeGreaterThan(h.buckets[i - 1]!.le);
        expect(h.buckets[i]!.count).toBeGreaterThanOrEqual(h.buckets[i - 1]!.count);
      }
      expect(h.count).toBe(h.buckets.at(-1)!.count);
      expect(h.count).toBeGreaterThan(60);
      // Same numbers as the demo tests' independent line reader.
      const kitCount = kit.samples.find((s) => s.name === `${HIST}_count` && s.labels.rail === h.labels.rail && s.labels.brand === h.labels.brand)!;
      expect(h.count).toBe(kitCount.value);
    }
    // Every sample of the kit's reader is here, with the same value: the last line included.
    const mine = new Map<string, number>();
    for (const f of e.families.values()) for (const s of f.samples) mine.set(seriesKey(s.name, s.labels), s.value);
    expect(mine.size).toBe(kit.samples.length);
    for (const s of kit.samples) expect(mine.get(seriesKey(s.name, s.labels)), seriesKey(s.name, s.labels)).toBe(s.value);
    const last = text.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(/^webhook_backlog\{provider="billdesk"\} \d+$/);
    expect(e.families.get('webhook_backlog')!.samples.at(-1)!.labels.provider).toBe('billdesk');
  });

  it('every cut of the real text either fails with a line number or is missing a family the dashboard needs', async () => {
    const text = await demoText();
    const lastFamilyStart = text.indexOf('# HELP webhook_backlog');
    let failed = 0;
    let flagged = 0;
    for (let cut = 1; cut < lastFamilyStart; cut += 7) {
      const prefix = text.slice(0, cut);
      const r = tryParseExposition(prefix);
      if (!r.ok) {
        expect(r.error).toMatch(/^line \d+: /);
        expect(r.line).toBeGreaterThan(0);
        failed++;
        continue;
      }
      // Cut exactly at a line boundary between two whole histogram series: still never used,
      // because a family the dashboard reads is missing.
      const p = extract(r.exposition).problems;
      expect(p.histogram ?? p.requests ?? p.codes ?? p.backlog, `cut at ${cut}`).not.toBeNull();
      flagged++;
    }
    expect(failed).toBeGreaterThan(100);
    expect(failed + flagged).toBe(Math.ceil((lastFamilyStart - 1) / 7));
  });
});

describe('exposition: the format', () => {
  it('label values unescape \\\\, \\" and \\n; a trailing comma and blanks inside the braces are allowed', () => {
    const e = parseExposition('m{a="back\\\\slash",b="say \\"hi\\"",c="two\\nlines", d = "x" ,} 1\n');
    expect(e.families.get('m')!.samples[0]!.labels).toEqual({ a: 'back\\slash', b: 'say "hi"', c: 'two\nlines', d: 'x' });
  });

  it('values: integers, decimals, exponents, NaN, +Inf, -Inf; an optional integer timestamp', () => {
    const e = parseExposition(
      ['a 1', 'b -0.5', 'c .25', 'd 1.5e3', 'e 2E-2', 'f NaN', 'g +Inf', 'h -Inf', 'i 7 1700000000123', 'j 8 -5', 'k\t9\t\t42', ''].join('\n'),
    );
    const v = (n: string) => e.families.get(n)!.samples[0]!;
    expect([v('a').value, v('b').value, v('c').value, v('d').value, v('e').value]).toEqual([1, -0.5, 0.25, 1500, 0.02]);
    expect(v('f').value).toBeNaN();
    expect(v('g').value).toBe(Infinity);
    expect(v('h').value).toBe(-Infinity);
    expect(v('i')).toMatchObject({ value: 7, timestampMs: 1700000000123 });
    expect(v('j').timestampMs).toBe(-5);
    expect(v('k')).toMatchObject({ value: 9, timestampMs: 42 });
    expect(v('a').timestampMs).toBeNull();
  });

  it('parseFloatToken refuses what Number() would quietly accept', () => {
    for (const bad of ['', ' ', '0x10', '1,5', '1_000', 'Infinityy', '-NaN', '1e', '--1', 'one', '1.2.3']) expect(parseFloatToken(bad), bad).toBeNull();
    expect(parseFloatToken('inf')).toBe(Infinity);
    expect(parseFloatToken('-Infinity')).toBe(-Infinity);
    expect(parseFloatToken('+1')).toBe(1);
  });

  it('blank lines, indentation and stray comments are ignored; HELP unescapes; a HELP-only metric is untyped', () => {
    const e = parseExposition(['', '   ', '# a comment', '#no space comment', '# HELP x Line one\\nwith a \\\\ backslash', 'x 3', '  # indented comment', '\t y 4', '# EOF-looking comment', ''].join('\n'));
    expect(e.families.get('x')).toMatchObject({ type: 'untyped', help: 'Line one\nwith a \\ backslash' });
    expect(e.families.get('y')!.samples[0]!.value).toBe(4);
    expect(e.lines).toBe(9);
  });

  it('an empty body is an empty exposition', () => {
    expect(parseExposition('').families.size).toBe(0);
  });

  it('groups a labelled histogram per label set (excluding le), sorting buckets, and counters named with or without _total', () => {
    const text = [
      '# TYPE lat histogram',
      'lat_bucket{rail="upi",le="0.5"} 7',
      'lat_bucket{rail="upi",le="0.1"} 3',
      'lat_bucket{rail="upi",le="+Inf"} 9',
      'lat_sum{rail="upi"} 2.5',
      'lat_count{rail="upi"} 9',
      'lat_bucket{rail="imps",le="0.1"} 1',
      'lat_bucket{rail="imps",le="+Inf"} 1',
      'lat_sum{rail="imps"} 0.05',
      'lat_count{rail="imps"} 1',
      '# TYPE reqs counter',
      'reqs_total{code="200"} 10',
      '# TYPE plain_total counter',
      'plain_total 4',
      '',
    ].join('\n');
    const e = parseExposition(text);
    expect(e.families.get('lat')!.histograms).toEqual([
      { labels: { rail: 'upi' }, buckets: [{ le: 0.1, count: 3 }, { le: 0.5, count: 7 }, { le: Infinity, count: 9 }], sum: 2.5, count: 9 },
      { labels: { rail: 'imps' }, buckets: [{ le: 0.1, count: 1 }, { le: Infinity, count: 1 }], sum: 0.05, count: 1 },
    ]);
    expect(e.families.get('reqs')!.samples[0]!.name).toBe('reqs_total');
    expect(e.families.get('plain_total')!.type).toBe('counter');
  });
});

describe('exposition: malformed input is refused whole, with the line', () => {
  const cases: [string, string, number, RegExp][] = [
    ['no final line feed (truncated)', 'a 1\nb 2', 2, /ends in the middle of a line/],
    ['a sample with no value', 'a 1\nb\n', 2, /no value/],
    ['an unclosed label set', 'a{x="1" 2\n', 1, /"," or "}"/],
    ['an unclosed label value', 'a{x="1} 2\n', 1, /not closed/],
    ['a bad escape', 'a{x="\\t"} 1\n', 1, /invalid escape/],
    ['a label twice', 'a{x="1",x="2"} 1\n', 1, /given twice/],
    ['a label without quotes', 'a{x=1} 1\n', 1, /quoted value/],
    ['a label without =', 'a{x "1"} 1\n', 1, /"="/],
    ['text after the timestamp', 'a 1 2 3\n', 1, /after the timestamp/],
    ['a value that is not a number', 'ok 1\na one\n', 2, /"one" is not a number/],
    ['a fractional timestamp', 'a 1 1.5\n', 1, /not a timestamp/],
    ['a bad metric name', '1abc 2\n', 1, /metric name/],
    ['a name glued to its value', 'abc+Inf\n', 1, /blank between/],
    ['an unknown type', '# TYPE a gauges\n', 1, /unknown metric type/],
    ['a second TYPE', '# TYPE a gauge\n# TYPE a gauge\n', 2, /second # TYPE/],
    ['a TYPE after the samples', 'a 1\n# TYPE a gauge\n', 2, /after its samples/],
    ['a TYPE after the histogram samples', 'h_bucket{le="+Inf"} 1\n# TYPE h histogram\n', 2, /after its samples/],
    ['a second HELP', '# HELP a x\n# HELP a y\n', 2, /second # HELP/],
    ['HELP without a name', '# HELP\n', 1, /valid metric name/],
    ['the same series twice', 'a{x="1"} 1\na{x="1"} 2\n', 2, /appears twice/],
    ['the same series twice, labels reordered', 'a{x="1",y="2"} 1\na{y="2",x="1"} 2\n', 2, /appears twice/],
    ['a metric split in two groups', 'a{x="1"} 1\nb 1\na{x="2"} 1\n', 3, /not grouped together/],
    ['a CR line ending', 'a 1\r\n', 1, /not a number/],
  ];
  it.each(cases)('%s', (_name, text, line, reason) => {
    const e = errorOf(text);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(reason);
    expect(e.message.startsWith(`line ${line}: `)).toBe(true);
  });

  const hist = (lines: string[]) => ['# TYPE h histogram', ...lines, ''].join('\n');
  const histCases: [string, string[], RegExp][] = [
    ['no +Inf bucket', ['h_bucket{le="1"} 1', 'h_sum 1', 'h_count 1'], /no le="\+Inf" bucket/],
    ['buckets not cumulative', ['h_bucket{le="1"} 5', 'h_bucket{le="2"} 3', 'h_bucket{le="+Inf"} 5', 'h_sum 1', 'h_count 5'], /not cumulative/],
    ['+Inf differs from _count', ['h_bucket{le="+Inf"} 5', 'h_sum 1', 'h_count 6'], /differs from _count/],
    ['no _count', ['h_bucket{le="+Inf"} 5', 'h_sum 1'], /no _count/],
    ['no _sum', ['h_bucket{le="+Inf"} 5', 'h_count 5'], /no _sum/],
    ['a bucket without le', ['h_bucket{x="1"} 5', 'h_sum 1', 'h_count 5'], /no "le" label/],
    ['a non-numeric le', ['h_bucket{le="fast"} 5', 'h_sum 1', 'h_count 5'], /not a number/],
    ['the same le twice', ['h_bucket{le="1"} 1', 'h_bucket{le="1.0"} 1', 'h_bucket{le="+Inf"} 1', 'h_sum 1', 'h_count 1'], /appears twice/],
    ['a negative bucket', ['h_bucket{le="1"} -1', 'h_bucket{le="+Inf"} 1', 'h_sum 1', 'h_count 1'], /not a count/],
    ['_sum and _count without buckets', ['h_sum 1', 'h_count 1'], /no buckets/],
    ['a sample named like the histogram itself', ['h 1'], /not part of the histogram/],
  ];
  it.each(histCases)('histogram: %s', (_name, lines, reason) => {
    expect(errorOf(hist(lines)).message).toMatch(reason);
  });

  it('a histogram series missing its tail is caught even when the next series is complete', () => {
    const text = hist(['h_bucket{r="a",le="1"} 1', 'h_bucket{r="b",le="1"} 1', 'h_bucket{r="b",le="+Inf"} 1', 'h_sum{r="b"} 1', 'h_count{r="b"} 1']);
    const e = errorOf(text);
    expect(e.message).toMatch(/r="a".*no le="\+Inf"/);
    expect(e.line).toBe(2);
  });
});

describe('exposition: fuzzing', () => {
  it('round-trips random well-formed expositions (labels with every escape, special values, timestamps)', () => {
    const rnd = new SeededRandom(42);
    const chars = ['a', 'Z', '0', ' ', '"', '\\', '\n', '{', '}', ',', '=', 'é', '#', '\t'];
    const value = () => rnd.pick([() => String(rnd.int(-1000, 1000)), () => (rnd.next() * 1e6).toExponential(3), () => 'NaN', () => '+Inf', () => '-Inf', () => `${rnd.int(0, 9)}.${rnd.int(0, 999)}`])();
    for (let round = 0; round < 300; round++) {
      const expected: { name: string; labels: Record<string, string>; value: string; ts: number | null }[] = [];
      const lines: string[] = [];
      const nFamilies = rnd.int(1, 5);
      for (let f = 0; f < nFamilies; f++) {
        const name = `m${f}_${rnd.pick(['x', 'y:z', '_q'])}`;
        if (rnd.chance(0.5)) lines.push(`# HELP ${name} help ${rnd.int(0, 9)}`);
        if (rnd.chance(0.5)) lines.push(`# TYPE ${name} ${rnd.pick(['counter', 'gauge', 'untyped'])}`);
        if (rnd.chance(0.3)) lines.push('', '# just a comment');
        const n = rnd.int(1, 6);
        for (let i = 0; i < n; i++) {
          const labels: Record<string, string> = { i: String(i) };
          for (let l = 0; l < rnd.int(0, 3); l++) labels[`l${l}`] = Array.from({ length: rnd.int(0, 8) }, () => rnd.pick(chars)).join('');
          const v = value();
          const ts = rnd.chance(0.3) ? rnd.int(0, 2 ** 40) : null;
          const body = Object.entries(labels)
            .map(([k, x]) => `${k}="${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
            .join(',');
          lines.push(`${name}{${body}${rnd.chance(0.2) ? ',' : ''}} ${v}${ts === null ? '' : ` ${ts}`}`);
          expected.push({ name, labels, value: v, ts });
        }
      }
      const e = parseExposition(`${lines.join('\n')}\n`);
      const got = [...e.families.values()].flatMap((f) => f.samples);
      expect(got.map((s) => ({ name: s.name, labels: s.labels, ts: s.timestampMs }))).toEqual(expected.map((x) => ({ name: x.name, labels: x.labels, ts: x.ts })));
      got.forEach((s, i) => {
        const want = parseFloatToken(expected[i]!.value)!;
        if (Number.isNaN(want)) expect(s.value).toBeNaN();
        else expect(s.value).toBe(want);
      });
    }
  });

  it('random damage to the real exposition either fails with ExpositionError or still yields only valid histograms', async () => {
    const text = await demoText();
    const lines = text.split('\n');
    const rnd = new SeededRandom(7);
    let refused = 0;
    for (let round = 0; round < 400; round++) {
      const damaged = [...lines];
      const i = rnd.int(0, damaged.length - 2);
      const line = damaged[i]!;
      switch (rnd.int(0, 5)) {
        case 0: // drop a character
          damaged[i] = line.slice(0, rnd.int(0, line.length)) + line.slice(rnd.int(0, line.length) + 1);
          break;
        case 1: // insert a character
          damaged[i] = `${line.slice(0, rnd.int(0, line.length))}${rnd.pick(['"', '{', '}', ' ', 'x', '\\', ',', '#', '9'])}${line.slice(rnd.int(0, line.length))}`;
          break;
        case 2: // drop a line
          damaged.splice(i, 1);
          break;
        case 3: // duplicate a line
          damaged.splice(i, 0, line);
          break;
        case 4: // swap two lines
          [damaged[i], damaged[i + 1]] = [damaged[i + 1]!, damaged[i]!];
          break;
        default: // cut the body
          damaged.length = i + 1;
      }
      let parsed;
      try {
        parsed = parseExposition(damaged.join('\n'));
      } catch (e) {
        expect(e).toBeInstanceOf(ExpositionError);
        refused++;
        continue;
      }
      for (const f of parsed.families.values()) {
        for (const h of f.histograms) {
          expect(h.buckets.at(-1)!.le).toBe(Infinity);
          expect(h.count).toBe(h.buckets.at(-1)!.count);
          for (let k = 1; k < h.buckets.length; k++) expect(h.buckets[k]!.count).toBeGreaterThanOrEqual(h.buckets[k - 1]!.count);
        }
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
