// The process's Prometheus registry and the one way other modules add a gauge
// to it. A module that owns a number (the purge queue's length, a pool's
// size) calls registerGauge once; the value is read only when Prometheus
// scrapes, so nothing is counted on the request path.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** One registry per process: the backend's metrics, and in a worker what the supervisor aggregates. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'tessera_' });

export interface GaugeSpec {
  /** Prometheus name, e.g. tessera_purge_queue_length. */
  name: string;
  help: string;
  /** Read at every scrape. */
  read: () => number | Promise<number>;
  /** How the values of several workers combine in the aggregated /metrics (default: sum). */
  aggregate?: 'sum' | 'max' | 'min' | 'average' | 'first' | 'omit';
}

const readers = new Map<string, GaugeSpec['read']>();

/**
 * Adds a gauge read at scrape time. Registering the same name again replaces
 * the reader (a module set up twice in one process, as in tests, keeps one gauge).
 */
export function registerGauge(spec: GaugeSpec): void {
  const known = readers.has(spec.name);
  readers.set(spec.name, spec.read);
  if (known) return;
  new Gauge({
    name: spec.name,
    help: spec.help,
    registers: [registry],
    aggregator: spec.aggregate ?? 'sum',
    async collect() {
      const read = readers.get(spec.name);
      if (read) this.set(await read());
    },
  });
}
