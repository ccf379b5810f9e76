{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "dynamo-backup-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-<chart>, or the release name when it already contains the chart name. */}}
{{- define "dynamo-backup-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "dynamo-backup-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "dynamo-backup-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dynamo-backup-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "dynamo-backup-operator.labels" -}}
helm.sh/chart: {{ include "dynamo-backup-operator.chart" . }}
{{ include "dynamo-backup-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: dynamo-backup-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "dynamo-backup-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "dynamo-backup-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "dynamo-backup-operator.image" -}}
{{- printf "%s:%v" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The rules the operator needs on its own API and the objects it writes, in every namespace it watches: exactly what its
code calls (RbacTest derives these from the code and compares them with helm/rendered/operator-rbac.yaml both ways).
Plans: watched, status written. Backups and restores: also read, finalizers patched (JOSDK), created and deleted (a plan's
children, restore drills and item restores' scratch restores), spec patched (retention switches a child to
deletionPolicy Delete). Item restores: read, watched, finalizers patched (JOSDK), status written. Plans' and item
restores' finalizers subresource: their children carry blockOwnerDeletion. ConfigMaps: captured table settings too large for a status are created,
read and updated by name, never listed, watched or deleted (garbage collection removes them with their backup). Events:
created for every transition and AWS call, patched to count repeats.
*/}}
{{- define "dynamo-backup-operator.rules" -}}
- apiGroups: ["dynamobackup.io"]
  resources: ["dynamobackupplans"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["dynamobackup.io"]
  resources: ["dynamobackups", "dynamorestores"]
  verbs: ["get", "list", "watch", "patch", "create", "delete"]
- apiGroups: ["dynamobackup.io"]
  resources: ["dynamoitemrestores"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["dynamobackup.io"]
  resources: ["dynamobackupplans/status", "dynamobackups/status", "dynamorestores/status", "dynamoitemrestores/status"]
  verbs: ["patch"]
- apiGroups: ["dynamobackup.io"]
  resources: ["dynamobackupplans/finalizers", "dynamoitemrestores/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "create", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* The leader-election Lease: leaderElection.leaseName, else the release's full name, so every release (shard) has its own. */}}
{{- define "dynamo-backup-operator.leaseName" -}}
{{- .Values.leaderElection.leaseName | default (include "dynamo-backup-operator.fullname" .) -}}
{{- end }}
