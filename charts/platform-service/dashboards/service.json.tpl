{{- $sel := printf "reporter=\\\"destination\\\",destination_service_namespace=\\\"%s\\\",destination_canonical_service=\\\"%s\\\"" .Release.Namespace .Values.name -}}
{
  "uid": "{{ .Values.labels.partOf }}-{{ .Values.name }}",
  "title": "{{ .Values.name }} ({{ .Values.environment }}, {{ .Values.region }})",
  "tags": [{{ .Values.labels.partOf | quote }}, "component", "team-{{ .Values.owner }}"],
  "schemaVersion": 39,
  "time": { "from": "now-6h", "to": "now" },
  "refresh": "1m",
  "panels": [
    {
      "id": 1, "type": "timeseries", "title": "Requests per second by response code",
      "gridPos": { "x": 0, "y": 0, "w": 12, "h": 8 },
      "targets": [{ "refId": "A", "legendFormat": "{{"{{"}}response_code{{"}}"}}",
        "expr": "sum by (response_code) (rate(istio_requests_total{ {{- $sel -}} }[5m]))" }]
    },
    {
      "id": 2, "type": "timeseries", "title": "Error ratio (objective {{ .Values.canary.analysis.maxErrorRate }})",
      "gridPos": { "x": 12, "y": 0, "w": 12, "h": 8 },
      "targets": [{ "refId": "A",
        "expr": "sum(rate(istio_requests_total{ {{- $sel -}},response_code=~\"5..\"}[5m])) / sum(rate(istio_requests_total{ {{- $sel -}} }[5m]))" }]
    },
    {
      "id": 3, "type": "timeseries", "title": "p99 latency, ms (objective {{ .Values.canary.analysis.p99LatencyMs }})",
      "gridPos": { "x": 0, "y": 8, "w": 12, "h": 8 },
      "targets": [{ "refId": "A", "legendFormat": "{{"{{"}}destination_canonical_revision{{"}}"}}",
        "expr": "histogram_quantile(0.99, sum by (le, destination_canonical_revision) (rate(istio_request_duration_milliseconds_bucket{ {{- $sel -}} }[5m])))" }]
    },
    {
      "id": 4, "type": "timeseries", "title": "CPU per pod, cores",
      "gridPos": { "x": 12, "y": 8, "w": 12, "h": 8 },
      "targets": [{ "refId": "A", "legendFormat": "{{"{{"}}pod{{"}}"}}",
        "expr": "sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=\"{{ .Release.Namespace }}\",container!=\"\"}[5m]))" }]
    },
    {
      "id": 5, "type": "stat", "title": "Pods not ready",
      "gridPos": { "x": 0, "y": 16, "w": 12, "h": 6 },
      "targets": [{ "refId": "A",
        "expr": "sum(kube_pod_status_ready{namespace=\"{{ .Release.Namespace }}\",condition=\"false\"})" }]
    }
  ]
}
