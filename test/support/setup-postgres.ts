import { setupPostgres } from './global-db';

export default setupPostgres;
