/** A date as the API shows it (ISO 8601, UTC), or null. */
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
