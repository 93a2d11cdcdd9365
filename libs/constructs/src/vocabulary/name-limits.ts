/** CloudWatch Synthetics canary names are limited to 21 characters. */
export const CANARY_NAME_LIMIT = 21;

/** DAX cluster names are limited to 20 characters. */
export const DAX_NAME_LIMIT = 20;
