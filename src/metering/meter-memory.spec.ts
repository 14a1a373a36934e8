import { Clock } from '../common/clock';
import type { EnvDto } from '../config/env.schema';
import { MeterMemory } from './meter-memory';

const LIMIT = 5;

function memoryOn(embedded: boolean, cacheTtlSeconds = 2) {
  const clock = new Clock();
  const env = { CACHE_TTL_SECONDS: cacheTtlSeconds, METER_TIMEZONE: 'Asia/Kolkata' } as EnvDto;
  const memory = new MeterMemory(env, { embedded }, clock);
  // One article counted by this instance, the month well under the limit (so not final by itself).
  memory.counted('v1 2026-12', 'a1', 1, true, LIMIT);
  return { memory, clock };
}

describe('MeterMemory: how long a month under the limit is answered from memory', () => {
  it.each([
    // embedded, seconds later, what a re-read of a1 recalls
    [false, 1, { used: 1, counted: true }],
    [false, 3, { used: null, counted: null }], // PostgreSQL: another instance may have counted, so look after the TTL
    [true, 3, { used: 1, counted: true }], // embedded: the only instance, nothing it keeps can go stale
    [true, 7 * 60, { used: 1, counted: true }], // (entries lapse in the last quarter of their keep, 7.5-10 min)
    [true, 11 * 60, { used: null, counted: null }], // still let go in the end (bounded like a month at the limit)
  ])('embedded %p, %p s after counting: %p', (embedded, seconds, recalled) => {
    const { memory, clock } = memoryOn(embedded);
    clock.advance(seconds * 1000);
    expect(memory.recall('v1 2026-12', 'a1', LIMIT, false)).toEqual(recalled);
  });

  it.each([true, false])('embedded %p: an erasure or carry-over (forget) drops the month at once', (embedded) => {
    const { memory } = memoryOn(embedded);
    memory.forget('v1 2026-12');
    expect(memory.recall('v1 2026-12', 'a1', LIMIT, false)).toEqual({ used: null, counted: null });
  });

  it('keeps nothing with CACHE_TTL_SECONDS=0, embedded or not', () => {
    for (const embedded of [true, false]) {
      const { memory } = memoryOn(embedded, 0);
      expect(memory.recall('v1 2026-12', 'a1', LIMIT, false)).toEqual({ used: null, counted: null });
    }
  });
});
