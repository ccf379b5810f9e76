package io.dynamobackup.operator.common;

import io.dynamobackup.operator.api.v1alpha1.backup.CapturedTableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a DynamoBackup keeps the table settings captured at backup time: in its status, or — when a large resource
 * policy or many alarms would bloat the object — in a ConfigMap owned by the backup.
 */
public final class CapturedSettings {
  static final int MAX_STATUS_BYTES = 16 * 1024;
  static final String KEY = "settings.json";

  private CapturedSettings() {}

  /**
   * Reads a table's settings now, with what a restore needs to re-point them at another table: the table's name and
   * ARN, its stream's ARN, and when they were read.
   */
  public static CapturedTableSettings capture(io.dynamobackup.operator.aws.TableService tables, String region,
      io.dynamobackup.operator.aws.TableService.TableInfo table, java.time.Instant now) {
    CapturedTableSettings captured = Serialization.unmarshal(Serialization.asJson(tables.readSettings(region, table)),
        CapturedTableSettings.class);
    captured.sourceTableName = table.name();
    captured.sourceTableArn = table.arn();
    captured.sourceStreamArn = Boolean.TRUE.equals(table.streamEnabled()) ? table.latestStreamArn() : null;
    captured.capturedTime = now.toString();
    return captured;
  }

  public static void store(KubernetesClient client, DynamoBackup backup, CapturedTableSettings settings) {
    storeLarge(client, backup, "-table-settings", "dynamobackup.io/backup", settings).ifPresentOrElse(
        name -> backup.getStatus().capturedSettingsConfigMap = name,
        () -> backup.getStatus().capturedSettings = settings);
  }

  /**
   * Keeps settings too large for {@code owner}'s status in a ConfigMap it owns, named after it with {@code suffix} and
   * labelled {@code label}: its name; empty when they fit in the status (nothing is written).
   */
  public static Optional<String> storeLarge(KubernetesClient client, HasMetadata owner, String suffix, String label,
      CapturedTableSettings settings) {
    String json = Serialization.asJson(settings);
    if (json.getBytes(StandardCharsets.UTF_8).length <= MAX_STATUS_BYTES) {
      return Optional.empty();
    }
    var metadata = owner.getMetadata();
    String name = metadata.getName() + suffix;
    ConfigMap configMap = new ConfigMapBuilder()
        .withNewMetadata().withName(name).withNamespace(metadata.getNamespace())
        .addToLabels(label, metadata.getName())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
            .withName(metadata.getName()).withUid(metadata.getUid()).build())
        .endMetadata()
        .addToData(KEY, json)
        .build();
    client.configMaps().inNamespace(metadata.getNamespace()).resource(configMap).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    return Optional.of(name);
  }

  /** Settings that {@link #storeLarge} kept in ConfigMap {@code name}; empty when it is gone. */
  public static Optional<CapturedTableSettings> loadLarge(KubernetesClient client, String namespace, String name) {
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(configMap).map(c -> c.getData().get(KEY))
        .map(json -> Serialization.unmarshal(json, CapturedTableSettings.class));
  }

  /**
   * The captured settings as one JSON document, as the recovery catalog stores them: whatever fields they have, so
   * settings captured by a newer operator flow through an older catalog unchanged.
   */
  public static String toJson(CapturedTableSettings settings) {
    return Serialization.asJson(settings);
  }

  /** Settings read back from {@link #toJson}; fields this operator does not know are ignored. */
  public static CapturedTableSettings fromJson(String json) {
    try {
      return LENIENT.readValue(json, CapturedTableSettings.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("captured settings are not a JSON document: " + e.getMessage(), e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper LENIENT = new com.fasterxml.jackson.databind.ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * Stands, in an informer cache that does not keep them (the restore controller's own informer of backups, which it
   * has only when no backup controller shares its cache, see SourceResolver), for the settings a backup captured:
   * {@link #load} reads them from the API server. Never applied.
   */
  public static final CapturedTableSettings KEPT_ELSEWHERE = new CapturedTableSettings();

  /**
   * The settings captured with {@code backup}; those of backups made before the source table's identity was captured
   * with them get it from the backup's status. A cached copy without them (the restore controller's own informer of
   * backups keeps no settings, see SourceResolver) is read again from the API server.
   */
  public static Optional<CapturedTableSettings> load(KubernetesClient client, DynamoBackup backup) {
    var status = backup.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    if (status.capturedSettings == KEPT_ELSEWHERE
        || status.capturedSettings == null && status.capturedSettingsConfigMap == null) {
      DynamoBackup current = client.resources(DynamoBackup.class).inNamespace(backup.getMetadata().getNamespace())
          .withName(backup.getMetadata().getName()).get();
      status = current == null || current.getStatus() == null ? status : current.getStatus();
    }
    var found = status;
    Optional<CapturedTableSettings> settings;
    if (found.capturedSettings == KEPT_ELSEWHERE) {
      return Optional.empty(); // the backup is gone from the API server
    } else if (found.capturedSettings != null) {
      settings = Optional.of(found.capturedSettings);
    } else if (found.capturedSettingsConfigMap == null) {
      return Optional.empty();
    } else {
      settings = loadLarge(client, backup.getMetadata().getNamespace(), found.capturedSettingsConfigMap);
    }
    settings.ifPresent(s -> {
      s.sourceTableName = s.sourceTableName != null ? s.sourceTableName : found.tableName;
      s.sourceTableArn = s.sourceTableArn != null ? s.sourceTableArn : found.tableArn;
    });
    return settings;
  }
}
