import { setFlagsFromString } from 'node:v8';

/** After each full GC, V8 lets the old generation grow to this much more than what survived before the next one. */
const HEAP_GROWING_PERCENT = 50;

/**
 * Caps how far V8 lets garbage pile up between full GCs. Under load many request objects outlive two scavenges (they
 * wait on the database or on 49 other connections) and are promoted, then die in the old generation; V8's default
 * factor, up to 4× what survived the last full GC, let a ~50 MB live heap reach ~200 MB before it was collected, and
 * the pages stay in the RSS. At 1.5× the heap stays near 110 MB after `npm run bench`, with no measurable cost in
 * service CPU per request (full GCs are more frequent but mark the same ~50 MB live heap).
 *
 * V8 reads the factor each time it sets a new limit, so setting it at start-up takes effect (unlike the heap sizes,
 * which are fixed when the isolate starts and are set on the command line: see the `start` script). A
 * `--heap-growing-percent` given on the command line wins.
 */
export function limitHeapGrowth(): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
