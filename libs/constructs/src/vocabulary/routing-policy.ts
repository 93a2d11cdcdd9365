/** How Route53 spreads a host over regions. */
export enum RoutingPolicy {
  /** All traffic to the primary; the secondary only while the primary's health check fails. */
  FAILOVER = 'failover',
  /** Each client to the region with the lowest latency, skipping unhealthy regions. */
  LATENCY = 'latency',
  /** Fixed shares per region, skipping unhealthy regions. */
  WEIGHTED = 'weighted',
}
