import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from './api-key.entity';

export const ROLES_KEY = 'tollgate:roles';
export const PUBLIC_KEY = 'tollgate:public';

/** Restricts a controller or handler to API keys of these roles. */
export const Roles = (...roles: ApiKeyRole[]) => SetMetadata(ROLES_KEY, roles);

/** Marks a route as callable without an API key. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
