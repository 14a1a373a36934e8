import { type AccessChangeFacts, usersWithChangedAccess } from './access-change';

const NOW = new Date('2026-03-10T00:00:00Z');
const CFG = { renewalLeewayHours: 48, gracePeriodDays: 7 };
const row = (over: Partial<AccessChangeFacts> = {}): AccessChangeFacts => ({
  userId: 'u1',
  planId: 'plan-a',
  status: 'active',
  currentPeriodEnd: new Date('2026-04-01T00:00:00Z'),
  cancelAtPeriodEnd: false,
  ...over,
});

describe('usersWithChangedAccess: whose access one subscription write changes', () => {
  it.each<[string, AccessChangeFacts | null, AccessChangeFacts, string[]]>([
    ['a new active subscription', null, row(), ['u1']],
    ['a new incomplete one (no access yet)', null, row({ status: 'incomplete' }), []],
    ['incomplete → active', row({ status: 'incomplete' }), row(), ['u1']],
    ['the same row again', row(), row(), []],
    ['renewed: only the end moves', row(), row({ currentPeriodEnd: new Date('2026-05-01T00:00:00Z') }), []],
    ['cancellation requested: still granted', row(), row({ cancelAtPeriodEnd: true }), []],
    ['past_due within the grace period', row(), row({ status: 'past_due' }), []],
    ['past_due past the grace period', row(), row({ status: 'past_due', currentPeriodEnd: new Date('2026-03-01T00:00:00Z') }), ['u1']],
    ['ended', row(), row({ status: 'canceled' }), ['u1']],
    ['plan changed while granted', row(), row({ planId: 'plan-b' }), ['u1']],
    ['plan changed while not granted', row({ status: 'canceled' }), row({ status: 'canceled', planId: 'plan-b' }), []],
    ['a row with no user', null, row({ userId: null }), []],
    ['linked to its user', row({ userId: null }), row(), ['u1']],
    ['moved from u0 to u1 while granting', row({ userId: 'u0' }), row(), ['u0', 'u1']],
    ['unlinked while granting', row(), row({ userId: null }), ['u1']],
  ])('%s', (_name, before, after, expected) => {
    expect(usersWithChangedAccess(before, after, NOW, CFG)).toEqual(expected);
  });
});
