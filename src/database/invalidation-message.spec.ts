import { decodeInvalidation, encodeInvalidation, reconnectDelayMs } from './invalidation-message';

describe('encodeInvalidation / decodeInvalidation', () => {
  it.each([
    [{ cache: 'entitlements', key: 'user-1' }, '["i1","entitlements","user-1"]'],
    [{ cache: 'api-keys', key: 'ab12' }, '["i1","api-keys","ab12"]'],
    [{ cache: 'settings' }, '["i1","settings"]'],
    [{ cache: 'entitlements', key: 'ü"\\' }, '["i1","entitlements","ü\\"\\\\"]'],
  ] as const)('round-trips %j', (invalidation, payload) => {
    expect(encodeInvalidation('i1', invalidation)).toBe(payload);
    expect(decodeInvalidation(payload)).toEqual({ from: 'i1', ...invalidation });
  });

  it('leaves out a key too long for a NOTIFY payload, which forgets the whole cache', () => {
    const payload = encodeInvalidation('i1', { cache: 'entitlements', key: 'x'.repeat(8000) });
    expect(payload).toBe('["i1","entitlements"]');
    expect(encodeInvalidation('i1', { cache: 'entitlements', key: 'é'.repeat(3970) })).toBe('["i1","entitlements","' + 'é'.repeat(3970) + '"]');
    expect(encodeInvalidation('i1', { cache: 'entitlements', key: 'é'.repeat(3990) })).toBe('["i1","entitlements"]');
  });

  it.each([undefined, '', 'not json', '{}', '[]', '["i1"]', '["i1","meter"]', '[1,"settings"]', '["i1","settings",5]', '["i1","settings","k","x"]'])(
    'ignores a payload it did not write: %p',
    (payload) => {
      expect(decodeInvalidation(payload)).toBeNull();
    },
  );
});

describe('reconnectDelayMs', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [6, 3200],
    [7, 5000],
    [100, 5000],
  ])('attempt %i waits %i ms', (attempt, ms) => {
    expect(reconnectDelayMs(attempt)).toBe(ms);
  });
});
