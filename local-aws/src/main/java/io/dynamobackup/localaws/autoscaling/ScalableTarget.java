package io.dynamobackup.localaws.autoscaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One Application Auto Scaling scalable target. Guarded by the World lock. */
public final class ScalableTarget {
  public String serviceNamespace;
  public String resourceId;
  public String scalableDimension;
  public int minCapacity;
  public int maxCapacity;
  public String roleArn;
  public String arn;
  public Instant createdAt;
  public ObjectNode suspendedState;

  public String key() {
    return key(serviceNamespace, resourceId, scalableDimension);
  }

  public static String key(String namespace, String resourceId, String dimension) {
    return namespace + "|" + resourceId + "|" + dimension;
  }
}
