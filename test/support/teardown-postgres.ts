import { teardownPostgres } from './global-db';

export default teardownPostgres;
