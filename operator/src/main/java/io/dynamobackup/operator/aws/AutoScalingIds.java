package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.ScalableDimension;
import java.util.Comparator;

/** Application Auto Scaling names for DynamoDB: resource ids, scalable dimensions, metric types, policy names. */
public final class AutoScalingIds {
  /** Table before its indexes, indexes by name, reads before writes. */
  public static final Comparator<AutoScalingSettings> ORDER = Comparator
      .comparing((AutoScalingSettings s) -> s.indexName == null ? "" : "~" + s.indexName)
      .thenComparing(s -> s.dimension == null ? "" : s.dimension.name());

  private AutoScalingIds() {}

  /** {@code table/T} or {@code table/T/index/I}. */
  public static String resourceId(String tableName, String indexName) {
    return "table/" + tableName + (indexName == null ? "" : "/index/" + indexName);
  }

  /** The table of a resource id ({@code table/T} or {@code table/T/index/I}), or null when it names no table. */
  public static String tableName(String resourceId) {
    if (!resourceId.startsWith("table/")) {
      return null;
    }
    String rest = resourceId.substring("table/".length());
    int i = rest.indexOf("/index/");
    return i < 0 ? rest : rest.substring(0, i);
  }

  /** The index of a resource id, or null for the table. */
  public static String indexName(String resourceId) {
    int i = resourceId.indexOf("/index/");
    return i < 0 ? null : resourceId.substring(i + "/index/".length());
  }

  /** {@code dynamodb:table:ReadCapacityUnits} etc. */
  public static String scalableDimension(String indexName, ScalableDimension dimension) {
    return "dynamodb:" + (indexName == null ? "table" : "index") + ":" + dimension.name();
  }

  /** The dimension of a scalable dimension string, or null when it is not a DynamoDB capacity. */
  public static ScalableDimension dimension(String scalableDimension) {
    if (scalableDimension == null) {
      return null;
    }
    for (ScalableDimension d : ScalableDimension.values()) {
      if (scalableDimension.equals("dynamodb:table:" + d.name()) || scalableDimension.equals("dynamodb:index:" + d.name())) {
        return d;
      }
    }
    return null;
  }

  /** DynamoDBReadCapacityUtilization / DynamoDBWriteCapacityUtilization. */
  static String metricType(ScalableDimension dimension) {
    return dimension == ScalableDimension.ReadCapacityUnits ? "DynamoDBReadCapacityUtilization"
        : "DynamoDBWriteCapacityUtilization";
  }

  /** The policy name the AWS console uses: {@code DynamoDBReadCapacityUtilization:table/T}. */
  static String policyName(String resourceId, ScalableDimension dimension) {
    return metricType(dimension) + ":" + resourceId;
  }
}
