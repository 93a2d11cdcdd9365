/**
 * The ports workloads reach the data stores on (inside the data subnets): the stores'
 * security groups, the component namespaces' network policies and the mesh's egress all read
 * them from here.
 */
export const DATA_STORE_PORTS = {
  /** Aurora PostgreSQL and its RDS Proxy. */
  postgres: 5432,
  /** ElastiCache Redis, TLS. */
  redis: 6379,
  /** MSK brokers, TLS with IAM authentication. */
  kafkaIam: 9098,
  /** DAX, TLS endpoint. */
  dax: 9111,
  /** OpenSearch VPC endpoint, HTTPS. */
  https: 443,
} as const;
