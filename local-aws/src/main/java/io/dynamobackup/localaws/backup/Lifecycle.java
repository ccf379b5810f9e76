package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import java.time.Duration;
import java.time.Instant;

/** A recovery point lifecycle: MoveToColdStorageAfterDays / DeleteAfterDays (both optional). */
public record Lifecycle(Long moveToColdStorageAfterDays, Long deleteAfterDays, Boolean optInToArchive) {
  public static final Lifecycle NONE = new Lifecycle(null, null, null);

  /** Parses and validates like AWS Backup (cold storage needs at least 90 days before deletion). */
  public static Lifecycle parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return NONE;
    }
    Lifecycle l = new Lifecycle(Json.longValue(node, "MoveToColdStorageAfterDays"),
        Json.longValue(node, "DeleteAfterDays"), Json.bool(node, "OptInToArchiveForSupportedResources"));
    if (l.moveToColdStorageAfterDays != null && l.moveToColdStorageAfterDays < 1) {
      throw ApiException.invalidParameter("MoveToColdStorageAfterDays must be at least 1");
    }
    if (l.deleteAfterDays != null && l.deleteAfterDays < 1) {
      throw ApiException.invalidParameter("DeleteAfterDays must be at least 1");
    }
    if (l.moveToColdStorageAfterDays != null && l.deleteAfterDays != null
        && l.deleteAfterDays < l.moveToColdStorageAfterDays + 90) {
      throw ApiException.invalidParameter("Invalid lifecycle. DeleteAfterDays (" + l.deleteAfterDays
          + ") must be at least 90 days greater than MoveToColdStorageAfterDays (" + l.moveToColdStorageAfterDays + ")");
    }
    return l;
  }

  public boolean isEmpty() {
    return moveToColdStorageAfterDays == null && deleteAfterDays == null;
  }

  public Instant coldAt(Instant creation) {
    return moveToColdStorageAfterDays == null ? null : creation.plus(Duration.ofDays(moveToColdStorageAfterDays));
  }

  public Instant deleteAt(Instant creation) {
    return deleteAfterDays == null ? null : creation.plus(Duration.ofDays(deleteAfterDays));
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    if (moveToColdStorageAfterDays != null) {
      n.put("MoveToColdStorageAfterDays", moveToColdStorageAfterDays);
    }
    if (deleteAfterDays != null) {
      n.put("DeleteAfterDays", deleteAfterDays);
    }
    if (optInToArchive != null) {
      n.put("OptInToArchiveForSupportedResources", optInToArchive);
    }
    return n;
  }

  public ObjectNode calculated(Instant creation) {
    ObjectNode n = Json.object();
    Json.putTime(n, "MoveToColdStorageAt", coldAt(creation));
    Json.putTime(n, "DeleteAt", deleteAt(creation));
    return n;
  }
}
