import fc from 'fast-check';
import { gstinCheckCharacter, gstinProblem, STATE_CODE_PATTERN, STATE_CODES, stateName } from './gstin';

describe('gstinProblem', () => {
  it.each([
    ['27AAPFU0939F1ZV', '27'],
    ['29AAGCB7383J1Z4', '29'],
    ['33AAACH7409R1Z8', '33'],
  ])('%s is valid in state %s', (gstin, state) => {
    expect(gstinProblem(gstin, state)).toBeNull();
  });

  it.each([
    ['27AAPFU0939F1ZW', '27', 'check character'],
    ['27AAPFU0939F1Z0', '27', 'check character'],
    ['29AAGCB7383J1Z5', '29', 'check character'],
    ['29AAGCB7383J1ZA', '29', 'check character'],
    ['27AAPFU0939F1ZV', '29', 'not 29'],
    ['27AAPFU0939F1Z', '27', '15 characters'],
    ['27AAPFU0939F1ZVX', '27', '15 characters'],
    ['', '27', '15 characters'],
    ['27aapfu0939f1zv', '27', 'state code, a PAN'],
    ['27AAPF00939F1ZV', '27', 'state code, a PAN'],
    ['27AAPFU0939F1YV', '27', 'state code, a PAN'],
    ['27AAPFU0939F0ZV', '27', 'state code, a PAN'],
    ['27AAPFU 939F1ZV', '27', 'state code, a PAN'],
    ['39AAPFU0939F1ZV', '39', 'not a state code'],
    ['00AAPFU0939F1ZV', '00', 'not a state code'],
    ['99AAPFU0939F1ZV', '99', 'not a state code'],
  ])('%s in state %s is refused (%s)', (gstin, state, reason) => {
    expect(gstinProblem(gstin, state)).toContain(reason);
  });

  const pan = fc
    .tuple(
      fc.stringMatching(/^[A-Z]{5}$/),
      fc.stringMatching(/^[0-9]{4}$/),
      fc.stringMatching(/^[A-Z]$/),
      fc.stringMatching(/^[1-9A-Z]$/),
      fc.constantFrom(...STATE_CODES),
    )
    .map(([letters, digits, last, entity, state]) => {
      const first14 = `${state}${letters}${digits}${last}${entity}Z`;
      return { state, gstin: first14 + gstinCheckCharacter(first14) };
    });

  it('accepts every well-formed GSTIN with its own check character, and no other last character', () => {
    fc.assert(
      fc.property(pan, fc.stringMatching(/^[0-9A-Z]$/), ({ state, gstin }, other) => {
        expect(gstinProblem(gstin, state)).toBeNull();
        fc.pre(other !== gstin[14]);
        expect(gstinProblem(gstin.slice(0, 14) + other, state)).not.toBeNull();
      }),
    );
  });

  it('catches any one character mistyped anywhere', () => {
    fc.assert(
      fc.property(pan, fc.integer({ min: 0, max: 14 }), fc.stringMatching(/^[0-9A-Z]$/), ({ state, gstin }, at, typo) => {
        fc.pre(gstin[at] !== typo);
        expect(gstinProblem(gstin.slice(0, at) + typo + gstin.slice(at + 1), state)).not.toBeNull();
      }),
    );
  });
});

describe('state codes', () => {
  it('are 01 to 38, each with a name', () => {
    expect(STATE_CODES).toHaveLength(38);
    expect(STATE_CODES.every((c) => STATE_CODE_PATTERN.test(c))).toBe(true);
    expect(stateName('27')).toBe('Maharashtra');
    expect(stateName('29')).toBe('Karnataka');
    expect(STATE_CODE_PATTERN.test('39')).toBe(false);
    expect(STATE_CODE_PATTERN.test('00')).toBe(false);
  });
});
