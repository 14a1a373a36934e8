import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const MIGRATIONS = [InitialSchema1764000000000];
