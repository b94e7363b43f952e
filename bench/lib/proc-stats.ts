// Memory and CPU time of a process, read from /proc (Linux).
import { readFileSync } from 'node:fs';

export interface ProcStats {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size since start (VmHWM), bytes. */
  peakRss: number;
  /** User + system CPU time since start, seconds. */
  cpuSeconds: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux Node supports

export function procStats(pid: number): ProcStats | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rss: kb('VmRSS'), peakRss: kb('VmHWM'), cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}
