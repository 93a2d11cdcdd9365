{{/* Pods and every controller that stamps them out, on create and update. */}}
{{- define "admission-policies.workloadRules" -}}
- apiGroups: [""]
  apiVersions: [v1]
  operations: [CREATE, UPDATE]
  resources: [pods]
- apiGroups: [apps]
  apiVersions: [v1]
  operations: [CREATE, UPDATE]
  resources: [deployments, statefulsets, daemonsets, replicasets]
- apiGroups: [batch]
  apiVersions: [v1]
  operations: [CREATE, UPDATE]
  resources: [jobs, cronjobs]
{{- end }}

{{/* The pod spec and its metadata, wherever the kind keeps them; every container, init ones included. */}}
{{- define "admission-policies.podVariables" -}}
- name: podTemplate
  expression: >-
    object.kind == 'Pod' ? object :
    (object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template)
- name: containers
  expression: >-
    variables.podTemplate.spec.containers +
    (has(variables.podTemplate.spec.initContainers) ? variables.podTemplate.spec.initContainers : [])
# Istio's gateway Deployments name the image `auto`; the injector sets the real one in each pod
# (mutating admission runs first), and the pod is checked with it.
- name: imagedContainers
  expression: >-
    variables.containers.filter(c, object.kind == 'Pod' || c.image != 'auto')
{{- end }}

{{- define "admission-policies.labels" -}}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ .Values.labels.partOf }}
{{- end }}

{{/* Every namespace but the exempt ones (EKS's own add-ons run in kube-system). */}}
{{- define "admission-policies.notExempt" -}}
namespaceSelector:
  matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values: {{ toJson .Values.exemptNamespaces }}
{{- end }}

{{- define "admission-policies.binding" -}}
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: {{ .name }}
  labels:
    {{- include "admission-policies.labels" .root | nindent 4 }}
spec:
  policyName: {{ .name }}
  validationActions: {{ toJson .root.Values.validationActions }}
{{- end }}
