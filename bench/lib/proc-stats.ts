// Memory and CPU time of a process, read from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

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

/** The pids of a process's children (a `serve --workers` supervisor's workers). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** CPU seconds of a process and its children, as each accounts for itself (workers included). */
export function treeCpuSeconds(pid: number): number {
  let total = procStats(pid)?.cpuSeconds ?? 0;
  for (const child of childPids(pid)) total += procStats(child)?.cpuSeconds ?? 0;
  return total;
}

/** CPU seconds of every process of the database server (`postgres`, `mariadbd`) on this machine. */
export function databaseCpuSeconds(): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim();
      if (comm === 'postgres' || comm === 'mariadbd' || comm === 'mysqld')
        total += procStats(Number(name))?.cpuSeconds ?? 0;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}
