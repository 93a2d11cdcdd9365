/**
 * Where the mesh sends its spans: the OpenTelemetry collector's Service. The collector
 * add-on names its Service with it; istiod's tracing provider and the component namespaces'
 * network policies point at it.
 */
export const OTEL_COLLECTOR_SERVICE = {
  /** The Service's (and the release's) name. */
  name: 'otel-collector',
  /** Its namespace. */
  namespace: 'monitoring',
  /** Its OTLP gRPC port. */
  otlpGrpcPort: 4317,
} as const;
