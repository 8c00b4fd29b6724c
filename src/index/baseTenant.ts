/** The database tenant of the operator's corpus; a server's own corpus is the tenant of its id. */
export const BASE_TENANT = 'base';
