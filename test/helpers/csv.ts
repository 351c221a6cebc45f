/** An RFC 4180 reader, strict enough to catch a CSV writer that escapes wrongly. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') throw new Error(`CSV: text after a closing quote at ${i}`);
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (!atCellStart) throw new Error(`CSV: a quote inside an unquoted cell at ${i}`);
      quoted = true;
      atCellStart = false;
      i++;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      atCellStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] !== '\n') throw new Error(`CSV: a bare CR at ${i}`);
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i += ch === '\r' ? 2 : 1;
    } else {
      cell += ch;
      atCellStart = false;
      i++;
    }
  }
  if (quoted) throw new Error('CSV: unterminated quoted cell');
  if (!atCellStart || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The rows as objects keyed by the header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => {
    if (r.length !== header.length) throw new Error(`CSV: a row has ${r.length} cells, the header ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]!]));
  });
}
