/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4),
 * for tests: every line must be a HELP, a TYPE or a sample of the metric
 * family the last TYPE announced; names and labels must be valid; values
 * must be numbers; no series twice. Throws with the line on any problem.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SUFFIXES: Record<string, readonly string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count', ''] };

function parseLabels(s: string, line: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    const eq = s.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels in: ${line}`);
    const k = s.slice(i, eq).trim();
    if (!LABEL.test(k)) throw new Error(`bad label name '${k}' in: ${line}`);
    if (s[eq + 1] !== '"') throw new Error(`label value not quoted in: ${line}`);
    let j = eq + 2;
    let v = '';
    while (j < s.length && s[j] !== '"') {
      if (s[j] === '\\') {
        const c = s[j + 1];
        v += c === 'n' ? '\n' : c;
        j += 2;
      } else v += s[j++];
    }
    if (s[j] !== '"') throw new Error(`unterminated label value in: ${line}`);
    if (k in out) throw new Error(`label ${k} twice in: ${line}`);
    out[k] = v;
    j++;
    if (s[j] === ',') j++;
    i = j;
  }
  return out;
}

export function parsePromText(text: string): Map<string, Family> {
  const fams = new Map<string, Family>();
  const seen = new Set<string>();
  let cur: Family | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^# HELP (\S+) (.*)$/.exec(line))) {
      if (!NAME.test(m[1]!)) throw new Error(`bad metric name in: ${line}`);
      const f = fams.get(m[1]!) ?? { name: m[1]!, type: 'untyped', help: '', samples: [] };
      f.help = m[2]!;
      fams.set(f.name, f);
      cur = f;
      continue;
    }
    if ((m = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
      const f = fams.get(m[1]!) ?? { name: m[1]!, type: 'untyped', help: '', samples: [] };
      if (f.samples.length > 0) throw new Error(`TYPE after samples: ${line}`);
      f.type = m[2]!;
      fams.set(f.name, f);
      cur = f;
      continue;
    }
    if (line.startsWith('#')) throw new Error(`unknown comment line: ${line}`);
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (m === null) throw new Error(`not a sample line: ${line}`);
    const [, name, labelText, valueText] = m;
    if (cur === undefined) throw new Error(`sample before any TYPE: ${line}`);
    const okName = (SUFFIXES[cur.type] ?? ['']).some((suf) => name === cur!.name + suf);
    if (!okName) throw new Error(`sample ${name} is not of family ${cur.name} (${cur.type})`);
    // Prometheus reads values with Go's ParseFloat: special values in any case (prom-client writes an empty mean as "Nan")
    const special = /^([+-]?)(inf|infinity)$/i.exec(valueText!);
    const isNaN = /^nan$/i.test(valueText!);
    const value = special ? (special[1] === '-' ? -Infinity : Infinity) : isNaN ? NaN : Number(valueText);
    if (Number.isNaN(value) && !isNaN) throw new Error(`bad value in: ${line}`);
    const labels = labelText ? parseLabels(labelText, line) : {};
    const key = `${name}{${Object.entries(labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;
    if (seen.has(key)) throw new Error(`series twice: ${key}`);
    seen.add(key);
    cur.samples.push({ name: name!, labels, value });
  }
  return fams;
}

/** The value of one series (undefined if absent). */
export function valueOf(fams: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const f of fams.values()) {
    for (const s of f.samples) {
      if (s.name !== name) continue;
      if (Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
    }
  }
  return undefined;
}
