/**
 * Where the mesh sends its spans: the OpenTelemetry collector's Service. The collector
 * add-on names its Service with it; istiod's tracing provider and the component namespaces'
 * network policies point at it.
 */
export const OTEL_COLLECTOR_SERVICE = {
  name: 'otel-collector',
  namespace: 'monitoring',
  otlpGrpcPort: 4317,
} as const;
