{{/* Labels every object of this chart carries. */}}
{{- define "platform-baseline.labels" -}}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ .Values.labels.partOf }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{ .Values.labels.domain }}/environment: {{ .Values.environment }}
{{- end -}}
