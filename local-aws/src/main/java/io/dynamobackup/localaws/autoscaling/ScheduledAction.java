package io.dynamobackup.localaws.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One scheduled action of a scalable target (it never runs). Guarded by the World lock. */
public final class ScheduledAction {
  public String name;
  public String arn;
  public String serviceNamespace;
  public String resourceId;
  public String scalableDimension;
  public String schedule;
  public String timezone;
  public JsonNode startTime;
  public JsonNode endTime;
  public JsonNode scalableTargetAction;
  public Instant createdAt;

  public String targetKey() {
    return ScalableTarget.key(serviceNamespace, resourceId, scalableDimension);
  }
}
