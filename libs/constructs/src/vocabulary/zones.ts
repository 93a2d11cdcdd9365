/**
 * The most availability zones the data stores span (MSK brokers, OpenSearch zone awareness,
 * DAX and cache placement): their services support three.
 */
export const MAX_DATA_STORE_ZONES = 3;
