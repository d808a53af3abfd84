{{- define "fathom.labels" -}}
app.kubernetes.io/part-of: fathom
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{- define "fathom.image" -}}
{{ .root.Values.image.registry }}/{{ .image }}:{{ default .root.Chart.AppVersion .root.Values.image.tag }}
{{- end }}
