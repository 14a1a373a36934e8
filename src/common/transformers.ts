import type { ValueTransformer } from 'typeorm';

/** bigint columns come back from pg as strings; amounts and the audit sequence stay far below 2^53, so a number is exact. */
export const bigintNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? v : Number(v)),
};
