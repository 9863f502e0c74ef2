import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection kept, in percent. Left to itself V8 grows it up to
 * fourfold when collections look cheap: over a 10,000-report batch the extracting process, whose live heap is about
 * 130 MB (the gazetteer, registries and models), reached 730 MB of resident memory, almost all of it garbage waiting.
 * At 50% the same batch peaks near 400 MB and runs no slower (measured: scripts/bench.ts, phase (b)).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Bound heap growth for this process. A process-wide V8 setting, so only entry points call it (the CLI, which runs
 * ingest, watch and worker, and the benchmark's phases, which measure what the CLI does); V8 reads it at each
 * collection, so calling it at start-up is enough.
 */
export function boundHeapGrowth(percent: number = HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
