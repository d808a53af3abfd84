{{- define "fathom.labels" -}}
app.kubernetes.io/part-of: fathom
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* The per-service templates below take (dict "root" $ "name" <key of .Values.services> "svc" <its values>). */}}

{{- define "fathom.fullname" -}}
{{ .root.Release.Name }}-{{ .name }}
{{- end }}

{{- define "fathom.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}-service
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "fathom.serviceLabels" -}}
{{ include "fathom.labels" .root }}
{{ include "fathom.selectorLabels" . }}
{{- end }}

{{- define "fathom.image" -}}
{{ .root.Values.image.registry }}/{{ .svc.image }}:{{ default .root.Chart.AppVersion .root.Values.image.tag }}
{{- end }}

{{/* The name of the Secret with the Kafka credentials, or nothing when there is none. */}}
{{- define "fathom.kafkaSecretName" -}}
{{- if .Values.kafka.existingSecret }}{{ .Values.kafka.existingSecret }}
{{- else if .Values.kafka.secretConfig }}{{ .Release.Name }}-kafka
{{- end }}
{{- end }}

{{/* A kafka.* setting as the environment variable Quarkus' Kafka configuration reads: sasl.jaas.config -> KAFKA_SASL_JAAS_CONFIG. */}}
{{- define "fathom.kafkaEnvName" -}}
KAFKA_{{ regexReplaceAll "[^A-Za-z0-9]" . "_" | upper }}
{{- end }}

{{/* The topic the service's consumer group reads, by name. */}}
{{- define "fathom.consumedTopic" -}}
{{- $topic := get .root.Values.topics.list .svc.consumer.topic }}
{{- if not $topic }}{{ fail (printf "services.%s.consumer.topic %q is not a key of topics.list" .name .svc.consumer.topic) }}{{ end }}
{{- $topic.name }}
{{- end }}

{{/* Nested values as property lines under a prefix; lists become comma-separated values. */}}
{{- define "fathom.properties" -}}
{{- range $key, $value := .values }}
{{- if kindIs "map" $value }}
{{- include "fathom.properties" (dict "prefix" (printf "%s%s." $.prefix $key) "values" $value) }}
{{- else if kindIs "slice" $value }}
{{ $.prefix }}{{ $key }}={{ join "," $value }}
{{- else }}
{{ $.prefix }}{{ $key }}={{ $value }}
{{- end }}
{{- end }}
{{- end }}

{{/* Models (or judges) on Triton, each with the chart's default address unless it names its own. */}}
{{- define "fathom.tritonProperties" -}}
{{- range $model, $settings := .models }}
{{- $triton := $settings.triton | default dict }}
{{- if not (or $.address ($.isModel | ternary $triton.address $settings.address)) }}
{{- fail (printf "Triton model %q has no address: set triton.address or its own" $model) }}
{{- end }}
{{- if $.isModel }}
{{ $.prefix }}"{{ $model }}".backend=triton
{{- $settings = set (deepCopy $settings) "triton" (merge (deepCopy $triton) (dict "address" $.address)) }}
{{- else }}
{{- $settings = merge (deepCopy $settings) (dict "address" $.address) }}
{{- end }}
{{- include "fathom.properties" (dict "prefix" (printf "%s\"%s\"." $.prefix $model) "values" $settings) }}
{{- end }}
{{- end }}

{{/*
The service's application.properties. It is read through quarkus.config.locations and outranks the
jar's own (ordinal 250); environment variables (the Kafka Secret) outrank it (300).
*/}}
{{- define "fathom.applicationProperties" -}}
{{- $values := .root.Values -}}
config_ordinal=260
quarkus.http.port={{ .svc.port }}
{{- with $values.kafka.bootstrapServers }}
kafka.bootstrap.servers={{ . }}
{{- end }}
{{- include "fathom.properties" (dict "prefix" "kafka." "values" $values.kafka.config) }}
{{- range $key, $topic := $values.topics.list }}
fathom.messaging.topics.{{ kebabcase $key }}={{ $topic.name }}
{{- end }}
{{- with .svc.consumer }}
{{ .groupSetting }}={{ .group }}
{{- end }}
{{- range $_, $volume := .svc.volumes }}
{{- with $volume.setting }}
{{ . }}={{ $volume.mountPath }}
{{- end }}
{{- end }}
{{- include "fathom.properties" (dict "prefix" "" "values" .svc.settings) }}
{{- with .svc.tritonModels }}
{{- include "fathom.tritonProperties" (dict "prefix" "fathom.inference.models." "models" . "isModel" true "address" $values.triton.address) }}
{{- end }}
{{- with .svc.judges }}
{{- include "fathom.tritonProperties" (dict "prefix" "fathom.scoring.judges." "models" . "isModel" false "address" $values.triton.address) }}
{{- end }}
{{- end }}
