import { Clock } from './clock';

describe('Clock.elapsedMs (cache ages)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('follows real time and advance(), but not set(); reset() drops the advances', () => {
    const real = jest.spyOn(Date, 'now').mockReturnValue(1_000);
    const clock = new Clock();
    clock.set('2026-11-15T12:00:00.000Z');
    expect(clock.elapsedMs()).toBe(1_000);
    real.mockReturnValue(1_500);
    expect(clock.elapsedMs()).toBe(1_500);
    expect(clock.now().toISOString()).toBe('2026-11-15T12:00:00.000Z');
    clock.advance(2_000);
    expect(clock.elapsedMs()).toBe(3_500);
    expect(clock.now().toISOString()).toBe('2026-11-15T12:00:02.000Z');
    clock.reset();
    expect(clock.elapsedMs()).toBe(1_500);
  });
});
