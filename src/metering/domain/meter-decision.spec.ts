import { CountedMonth, decideKnown, decideRead, MeterFacts, meterAnswer, MeterOutcome, MeterStep, recall, withCounted } from './meter-decision';

const month = (used: number, articles: string[], complete: boolean): CountedMonth => ({ used, articles, complete });

describe('decideRead', () => {
  it.each<[string, MeterFacts, MeterStep]>([
    ['entitled, count known', { entitled: true, limit: 5, used: 7, counted: false }, 'entitled'],
    ['entitled, even over the limit with an uncounted article', { entitled: true, limit: 0, used: 3, counted: null }, 'entitled'],
    ['entitled, count unknown: looked up to be shown', { entitled: true, limit: 5, used: null, counted: null }, 'look'],
    ['nothing known', { entitled: false, limit: 5, used: null, counted: null }, 'look'],
    ['re-read under the limit', { entitled: false, limit: 5, used: 2, counted: true }, 'reread'],
    ['re-read at the limit', { entitled: false, limit: 5, used: 5, counted: true }, 'reread'],
    ['re-read past a lowered limit', { entitled: false, limit: 0, used: 3, counted: true }, 'reread'],
    ['count known, article unknown', { entitled: false, limit: 5, used: 5, counted: null }, 'look'],
    ['new article under the limit', { entitled: false, limit: 5, used: 4, counted: false }, 'count'],
    ['new article, first of the month', { entitled: false, limit: 1, used: 0, counted: false }, 'count'],
    ['new article at the limit', { entitled: false, limit: 5, used: 5, counted: false }, 'refuse'],
    ['new article past a lowered limit', { entitled: false, limit: 2, used: 3, counted: false }, 'refuse'],
    ['limit 0, nothing counted', { entitled: false, limit: 0, used: 0, counted: false }, 'refuse'],
  ])('%s → %s', (_, facts, step) => {
    expect(decideRead(facts)).toBe(step);
  });
});

describe('decideKnown (the stored month: count and article known)', () => {
  it.each<[boolean, number, number, boolean, MeterOutcome]>([
    [true, 5, 9, false, 'entitled'],
    [false, 5, 0, false, 'count'],
    [false, 5, 4, false, 'count'],
    [false, 5, 5, false, 'refuse'],
    [false, 5, 5, true, 'reread'],
    [false, 0, 0, false, 'refuse'],
    [false, 0, 1, true, 'reread'],
  ])('entitled %p, limit %p, count %p, article counted %p → %s', (entitled, limit, used, counted, step) => {
    expect(decideKnown({ entitled, limit, used, counted })).toBe(step);
  });
});

describe('recall', () => {
  it.each<[string, CountedMonth | undefined, string, ReturnType<typeof recall>]>([
    ['nothing remembered', undefined, 'a', { used: null, counted: null }],
    ['a remembered article', month(2, ['a', 'b'], false), 'a', { used: 2, counted: true }],
    ['another article, partial set', month(2, ['a'], false), 'c', { used: 2, counted: null }],
    ['another article, complete set', month(2, ['a', 'b'], true), 'c', { used: 2, counted: false }],
  ])('%s', (_, remembered, articleId, known) => {
    expect(recall(remembered, articleId)).toEqual(known);
  });
});

describe('withCounted', () => {
  it.each<[string, CountedMonth | undefined, string, number, boolean, CountedMonth]>([
    ["the month's first count", undefined, 'a', 1, true, month(1, ['a'], true)],
    ['a later count with nothing remembered', undefined, 'c', 3, true, month(3, ['c'], false)],
    ['the next count after a complete month', month(2, ['a', 'b'], true), 'c', 3, true, month(3, ['a', 'b', 'c'], true)],
    ['a count after one made elsewhere', month(2, ['a', 'b'], true), 'd', 4, true, month(4, ['a', 'b', 'd'], false)],
    ['a count answered after a later one', month(4, ['a', 'b', 'd'], false), 'c', 3, true, month(4, ['a', 'b', 'd', 'c'], false)],
    ['an article seen counted', month(2, ['a', 'b'], true), 'x', 2, false, month(2, ['a', 'b', 'x'], false)],
  ])('%s', (_, before, articleId, used, countedNow, after) => {
    expect(withCounted(before, articleId, used, countedNow, 50)).toEqual(after);
  });

  it('keeps at most maxArticles, and a month missing one is no longer complete', () => {
    expect(withCounted(month(3, ['a', 'b', 'c'], true), 'd', 4, true, 3)).toEqual(month(4, ['a', 'b', 'c'], false));
    expect(withCounted(month(3, ['a', 'b', 'c'], false), 'c', 3, false, 3)).toEqual(month(3, ['a', 'b', 'c'], false));
  });
});

describe('meterAnswer', () => {
  const at = '2026-11-30T18:30:00.000Z';
  it.each<[MeterOutcome, number, number, object]>([
    ['entitled', 5, 0, { allowed: true, reason: 'entitled', freeLimit: 5, used: 0, remaining: 5 }],
    ['reread', 5, 5, { allowed: true, reason: 'free_quota', freeLimit: 5, used: 5, remaining: 0 }],
    ['count', 5, 3, { allowed: true, reason: 'free_quota', freeLimit: 5, used: 3, remaining: 2 }],
    ['refuse', 2, 3, { allowed: false, reason: 'limit_reached', freeLimit: 2, used: 3, remaining: 0 }],
  ])('%s with limit %p and count %p', (step, limit, used, shown) => {
    expect(meterAnswer(step, limit, used, at)).toEqual({ ...shown, resetsAt: at });
  });
});
