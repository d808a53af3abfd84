{{/* The objects of one service; each takes (dict "root" $ "name" <service> "svc" <its values>). */}}

{{- define "fathom.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "fathom.fullname" . }}
  labels:
    {{- include "fathom.serviceLabels" . | nindent 4 }}
data:
  application.properties: |
    {{- include "fathom.applicationProperties" . | nindent 4 }}
{{- end }}

{{- define "fathom.deployment" -}}
{{- $values := .root.Values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "fathom.fullname" . }}
  labels:
    {{- include "fathom.serviceLabels" . | nindent 4 }}
spec:
  {{- if not .svc.autoscaling.enabled }}
  replicas: {{ .svc.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "fathom.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "fathom.selectorLabels" . | nindent 8 }}
      annotations:
        # a changed configuration rolls the pods
        checksum/config: {{ include "fathom.applicationProperties" . | sha256sum }}
    spec:
      securityContext:
        {{- toYaml $values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .name }}-service
          image: {{ include "fathom.image" . }}
          imagePullPolicy: {{ $values.image.pullPolicy }}
          securityContext:
            {{- toYaml $values.securityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ .svc.port }}
          env:
            - name: QUARKUS_CONFIG_LOCATIONS
              value: /etc/fathom/application.properties
            - name: JAVA_OPTS_APPEND
              value: {{ .svc.javaOpts | quote }}
          {{- with include "fathom.kafkaSecretName" .root }}
          envFrom:
            - secretRef:
                name: {{ . }}
          {{- end }}
          resources:
            {{- toYaml .svc.resources | nindent 12 }}
          volumeMounts:
            - name: config
              mountPath: /etc/fathom
              readOnly: true
            - name: tmp
              mountPath: /tmp
            {{- range $volumeName, $volume := .svc.volumes }}
            - name: {{ $volumeName }}
              mountPath: {{ $volume.mountPath }}
              {{- if $volume.readOnly }}
              readOnly: true
              {{- end }}
            {{- end }}
          startupProbe:
            httpGet: {path: /q/health/started, port: http}
            failureThreshold: 30
            periodSeconds: 5
          livenessProbe:
            httpGet: {path: /q/health/live, port: http}
          readinessProbe:
            # DOWN while Kafka (or, for the inference-service, a model) is not there
            httpGet: {path: /q/health/ready, port: http}
      volumes:
        - name: config
          configMap:
            name: {{ include "fathom.fullname" . }}
        - name: tmp
          emptyDir:
            sizeLimit: {{ $values.tmpSizeLimit }}
        {{- range $volumeName, $volume := .svc.volumes }}
        - name: {{ $volumeName }}
          {{- if $volume.claim }}
          persistentVolumeClaim:
            claimName: {{ $volume.claim.existingClaim | default (printf "%s-%s" (include "fathom.fullname" $) $volumeName) }}
          {{- else }}
          emptyDir:
            sizeLimit: {{ $volume.sizeLimit }}
          {{- end }}
        {{- end }}
{{- end }}

{{/* Claims the chart creates: volumes with a claim and no existingClaim. */}}
{{- define "fathom.claims" -}}
{{- range $volumeName, $volume := .svc.volumes }}
{{- if and $volume.claim (not $volume.claim.existingClaim) }}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ include "fathom.fullname" $ }}-{{ $volumeName }}
  labels:
    {{- include "fathom.serviceLabels" $ | nindent 4 }}
  annotations:
    # the data outlives an uninstall
    helm.sh/resource-policy: keep
spec:
  accessModes:
    {{- toYaml $volume.claim.accessModes | nindent 4 }}
  {{- with $volume.claim.storageClass }}
  storageClassName: {{ . }}
  {{- end }}
  resources:
    requests:
      storage: {{ $volume.claim.size }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fathom.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "fathom.fullname" . }}
  labels:
    {{- include "fathom.serviceLabels" . | nindent 4 }}
spec:
  type: ClusterIP
  ports:
    - name: http
      port: {{ .svc.port }}
      targetPort: http
  selector:
    {{- include "fathom.selectorLabels" . | nindent 4 }}
{{- end }}

{{/* KEDA scales the service on its consumer group's lag; the Deployment then has no replicas of its own. */}}
{{- define "fathom.scaledObject" -}}
{{- $values := .root.Values -}}
{{- $partitions := (get $values.topics.list .svc.consumer.topic).partitions | int -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "fathom.fullname" . }}
  labels:
    {{- include "fathom.serviceLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    name: {{ include "fathom.fullname" . }}
  minReplicaCount: {{ .svc.autoscaling.minReplicas }}
  # replicas beyond the topic's partitions would get none and sit idle
  maxReplicaCount: {{ min (.svc.autoscaling.maxReplicas | int) $partitions }}
  triggers:
    - type: kafka
      metadata:
        {{- with $values.kafka.bootstrapServers }}
        bootstrapServers: {{ . | quote }}
        {{- else }}
        bootstrapServersFromEnv: KAFKA_BOOTSTRAP_SERVERS
        {{- end }}
        consumerGroup: {{ .svc.consumer.group | quote }}
        topic: {{ include "fathom.consumedTopic" . | quote }}
        lagThreshold: {{ .svc.autoscaling.lagThreshold | quote }}
        # the services start a new group at the beginning of the topic: its whole backlog is lag
        offsetResetPolicy: earliest
      {{- with $values.kafka.kedaAuthentication }}
      authenticationRef:
        name: {{ . }}
      {{- end }}
{{- end }}

{{/* Ingress only to the HTTP port; egress only to DNS, Kafka and the service's own ports (Triton). */}}
{{- define "fathom.networkPolicy" -}}
{{- $policy := .root.Values.networkPolicy -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "fathom.fullname" . }}
  labels:
    {{- include "fathom.serviceLabels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "fathom.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    - ports:
        - port: http
      {{- with $policy.ingressFrom }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
  egress:
    - ports:
        - {port: 53, protocol: UDP}
        - {port: 53, protocol: TCP}
    - ports:
        {{- range concat $policy.kafkaPorts (.svc.egressPorts | default list) | uniq }}
        - {port: {{ . }}, protocol: TCP}
        {{- end }}
{{- end }}

{{- define "fathom.serviceMonitor" -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "fathom.fullname" . }}
  labels:
    {{- include "fathom.serviceLabels" . | nindent 4 }}
spec:
  selector:
    matchLabels:
      {{- include "fathom.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: /q/metrics
      interval: {{ .root.Values.serviceMonitor.interval }}
{{- end }}
