// Optional error reporting to Sentry (docs/operations.md#sentry). Only when
// SENTRY_DSN is set is @sentry/node imported at all, so an installation
// without it pays nothing: no module load, no instrumentation.
import type { FastifyInstance } from 'fastify';

export type Capture = (err: unknown) => void;

/**
 * Starts Sentry when SENTRY_DSN is set: uncaught exceptions and unhandled
 * rejections are reported, and the returned function reports others
 * (a handler's 500). Tracing stays off: it would cost on every request.
 */
export async function reportErrors(
  logger: { info(msg: string): void },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Capture | undefined> {
  const dsn = env.SENTRY_DSN;
  if (!dsn) return undefined;
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn,
    environment: env.SENTRY_ENVIRONMENT,
    release: env.SENTRY_RELEASE,
    // Only the error integrations: no automatic HTTP/database instrumentation.
    defaultIntegrations: false,
    integrations: [
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.contextLinesIntegration(),
    ],
    tracesSampleRate: 0,
  });
  logger.info('error reporting to Sentry enabled');
  return (err) => Sentry.captureException(err);
}

/** Reports the errors of a Fastify app that end as a 500 (not refusals, not an unreachable database). */
export function captureServerErrors(app: FastifyInstance, capture: Capture): void {
  app.addHook('onError', (_req, _reply, err, done) => {
    const status = (err as { status?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (typeof status !== 'number' || (status >= 500 && status !== 503)) capture(err);
    done();
  });
}
