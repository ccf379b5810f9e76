package io.dynamobackup.localaws.autoscaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One target-tracking scaling policy of a scalable target. Guarded by the World lock. */
public final class ScalingPolicy {
  public String name;
  public String arn;
  public String serviceNamespace;
  public String resourceId;
  public String scalableDimension;
  public String policyType;
  /** The TargetTrackingScalingPolicyConfiguration as sent. */
  public ObjectNode configuration;
  /** Names of the CloudWatch alarms the policy created. */
  public List<String> alarmNames = new ArrayList<>();
  public Instant createdAt;

  public String targetKey() {
    return ScalableTarget.key(serviceNamespace, resourceId, scalableDimension);
  }
}
