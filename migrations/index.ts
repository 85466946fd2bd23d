import { Foundation1763900000000 } from './1763900000000-foundation';

/** Every migration, in order. Listed here so the api, the CLI and the tests load the same set. */
export const MIGRATIONS = [Foundation1763900000000];
