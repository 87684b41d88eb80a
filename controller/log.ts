/**
 * A small leveled logger: one line per record, text or JSON lines. Callers
 * on the hot path check `enabled(level)` first (or never log per message);
 * formatting only happens for records that are written.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export type LogFields = Record<string, string | number | boolean | bigint | null | undefined>;

export interface LoggerOptions {
  level?: LogLevel;
  json?: boolean;
  /** Where lines go (default process.stdout). */
  write?: (line: string) => void;
}

export class Logger {
  readonly level: LogLevel;
  readonly json: boolean;
  private readonly rank: number;
  private readonly write: (line: string) => void;

  constructor(opts: LoggerOptions = {}) {
    this.level = opts.level ?? 'info';
    this.json = opts.json ?? false;
    this.rank = RANK[this.level];
    this.write = opts.write ?? ((line) => void process.stdout.write(line));
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= this.rank;
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (RANK[level] > this.rank) return;
    const time = new Date().toISOString();
    if (this.json) {
      const rec: Record<string, unknown> = { time, level, msg };
      if (fields) for (const k of Object.keys(fields)) {
        const v = fields[k];
        if (v !== undefined) rec[k] = typeof v === 'bigint' ? v.toString() : v;
      }
      this.write(JSON.stringify(rec) + '\n');
      return;
    }
    let line = `${time} ${level.toUpperCase().padEnd(5)} ${msg}`;
    if (fields) for (const k of Object.keys(fields)) {
      const v = fields[k];
      if (v === undefined) continue;
      const s = String(v);
      line += ` ${k}=${/[\s"=]/.test(s) ? JSON.stringify(s) : s}`;
    }
    this.write(line + '\n');
  }

  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
}

/** A logger that writes nothing (tests, embedding). */
export const silentLogger = new Logger({ level: 'error', write: () => {} });
