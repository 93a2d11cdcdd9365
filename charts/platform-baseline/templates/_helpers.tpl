{{/* Labels every object of this chart carries. */}}
{{- define "platform-baseline.labels" -}}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: strata
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
strata.io/environment: {{ .Values.environment }}
{{- end -}}
