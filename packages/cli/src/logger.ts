// Structured JSON logs (pino) to stdout or to a file. With a file, SIGUSR2
// reopens it so logrotate can move it away.
import pino, { type Logger } from 'pino';

export function createLogger(opts: { level: string; file: string }): Logger {
  if (!opts.file) return pino({ level: opts.level });
  const dest = pino.destination({ dest: opts.file, sync: false, mkdir: true });
  process.on('SIGUSR2', () => dest.reopen());
  const logger = pino({ level: opts.level }, dest);
  // Flush buffered lines on exit.
  process.on('exit', () => dest.flushSync());
  return logger;
}
