// What backup, restore and convert share: reporting an OpsError with its
// exit code, --date parsing, progress on stderr.
import { ops } from '@tessera/storage';

/** Runs an operation, turning its failures into a message and an exit code. */
export async function reported(command: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    const code = err instanceof ops.OpsError ? err.exitCode : 1;
    process.stderr.write(`tessera ${command}: ${(err as Error).message}\n`);
    return code;
  }
}

/** An ISO 8601 time; a date alone means the end of that day (UTC). Undefined when unparseable. */
export function parseDate(text: string): Date | undefined {
  const d = /^\d{4}-\d\d-\d\d$/.test(text) ? new Date(`${text}T23:59:59.999Z`) : new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export const progress = (quiet: unknown) =>
  quiet ? undefined : (m: string) => process.stderr.write(`  ${m}\n`);

export function usage(command: string, message: string, help: string): number {
  process.stderr.write(`tessera ${command}: ${message}\n\n${help}`);
  return 2;
}
