{{/* Labels every object of this chart carries. */}}
{{- define "front-door.labels" -}}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: strata
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
