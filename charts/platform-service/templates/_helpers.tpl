{{/* Labels every object of this chart carries. */}}
{{- define "platform-service.labels" -}}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ .Values.labels.partOf }}
app.kubernetes.io/component: {{ .Values.name }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{ .Values.labels.domain }}/environment: {{ .Values.environment }}
{{ .Values.labels.domain }}/team: {{ .Values.owner }}
{{- end -}}

{{/* The image: a digest pins it exactly; a tag is immutable in the component's repository. */}}
{{- define "platform-service.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}
{{- end -}}

{{/* The hardened container settings every container of a component runs with. */}}
{{- define "platform-service.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Pod-level settings shared by the API pods and the workers. */}}
{{- define "platform-service.podSpec" -}}
serviceAccountName: {{ .Values.serviceAccount }}
# Pod Identity injects its own token; nothing here calls the Kubernetes API.
automountServiceAccountToken: false
priorityClassName: {{ .Values.priorityClassName }}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 256Mi
{{- end -}}

{{/* The prefix of the platform's own variables: PART_OF for part-of `part-of`. */}}
{{- define "platform-service.envPrefix" -}}
{{ .Values.labels.partOf | replace "-" "_" | upper }}
{{- end -}}

{{/* Environment every container gets: where it runs, its data, its telemetry. */}}
{{- define "platform-service.env" -}}
- name: {{ include "platform-service.envPrefix" . }}_COMPONENT
  value: {{ .Values.name | quote }}
- name: {{ include "platform-service.envPrefix" . }}_ENVIRONMENT
  value: {{ .Values.environment | quote }}
- name: AWS_REGION
  value: {{ .Values.region | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ .Values.name | quote }}
# Spans go to the platform's collector, which samples them; W3C trace context propagates
# between components, so log lines can carry the trace id the SDK puts in the context.
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .Values.telemetry.otlpEndpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: grpc
- name: OTEL_PROPAGATORS
  value: tracecontext,baggage
- name: OTEL_TRACES_SAMPLER
  value: parentbased_always_on
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "deployment.environment=%s,cloud.region=%s,service.namespace=%s" .Values.environment .Values.region .Values.labels.partOf | quote }}
{{- range .Values.secretEnv }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end }}
{{- end -}}

{{/* Probes on the component's health path. */}}
{{- define "platform-service.probes" -}}
startupProbe:
  httpGet: { path: {{ .Values.healthPath }}, port: http }
  periodSeconds: 5
  failureThreshold: 30
readinessProbe:
  httpGet: { path: {{ .Values.healthPath }}, port: http }
  periodSeconds: 5
  failureThreshold: 3
livenessProbe:
  httpGet: { path: {{ .Values.healthPath }}, port: http }
  periodSeconds: 10
  failureThreshold: 6
{{- end -}}
