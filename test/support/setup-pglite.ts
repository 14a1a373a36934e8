import { setupPglite } from './global-db';

export default setupPglite;
