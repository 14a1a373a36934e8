import { teardownPglite } from './global-db';

export default teardownPglite;
