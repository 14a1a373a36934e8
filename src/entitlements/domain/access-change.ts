import { type AccessFacts, type AccessPolicyConfig, decideAccess } from '../../subscriptions/domain/access-policy';

/** The fields of a subscription row that decide whose access one write of it changes. */
export interface AccessChangeFacts extends AccessFacts {
  userId: string | null;
  planId: string | null;
}

/**
 * The users whose access one write of a subscription changes at `now` (for entitlements.changed): the row starts or
 * stops granting its plan's benefits, grants another plan's, or moves from one user to another while granting. A
 * renewal that only moves the end of access is no change of what the user may read.
 */
export function usersWithChangedAccess(before: AccessChangeFacts | null, after: AccessChangeFacts, now: Date, cfg: AccessPolicyConfig): string[] {
  const grants = (s: AccessChangeFacts | null) => !!s && decideAccess(s, now, cfg).granted;
  const was = grants(before);
  const is = grants(after);
  if (before && before.userId !== after.userId) {
    return [was ? before.userId : null, is ? after.userId : null].filter((u): u is string => !!u);
  }
  if (!after.userId) return [];
  return was !== is || (is && before?.planId !== after.planId) ? [after.userId] : [];
}
