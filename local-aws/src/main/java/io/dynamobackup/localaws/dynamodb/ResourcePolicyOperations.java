package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.http.Request;

/**
 * PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy on a table ({@code ...:table/T}) or on its current
 * stream ({@code ...:table/T/stream/LABEL}), each with its own policy and revision id. A policy names only the resource
 * it is attached to ({@link TableRules#resourcePolicy}).
 */
final class ResourcePolicyOperations {
  /** The ExpectedRevisionId that means "only if no policy is attached yet". */
  static final String NO_POLICY = "NO_POLICY";

  /** A policy and its revision, attached to a table or to one of its streams. */
  static final class Attached {
    String policy;
    String revision;
  }

  /** What a ResourceArn names: the table, or one of its streams (then {@code streamLabel} is set). */
  private record Target(Table table, String streamLabel, String arn) {
    Attached attached(boolean create) {
      if (streamLabel == null) {
        return table.policy;
      }
      return create ? table.streamPolicies.computeIfAbsent(streamLabel, l -> new Attached())
          : table.streamPolicies.getOrDefault(streamLabel, new Attached());
    }

    String kind() {
      return streamLabel == null ? "table " + table.name : "stream " + arn;
    }
  }

  JsonNode putResourcePolicy(Request r) {
    Target target = target(r);
    String policy = r.requiredText("Policy");
    TableRules.resourcePolicy(policy, target.arn(), target.streamLabel() == null);
    Attached attached = target.attached(true);
    checkRevision(r, target, attached);
    if (!policy.equals(attached.policy)) { // the same document again is a no-op with the same revision (as in AWS)
      long previous = attached.revision == null ? 0 : Long.parseLong(attached.revision);
      attached.policy = policy;
      attached.revision = Long.toString(Math.max(r.now.toEpochMilli(), previous + 1));
    }
    ObjectNode out = Json.object();
    out.put("RevisionId", attached.revision);
    return out;
  }

  JsonNode getResourcePolicy(Request r) {
    Target target = target(r);
    Attached attached = target.attached(false);
    if (attached.policy == null) {
      throw notFound(target);
    }
    ObjectNode out = Json.object();
    out.put("Policy", attached.policy);
    out.put("RevisionId", attached.revision);
    return out;
  }

  JsonNode deleteResourcePolicy(Request r) {
    Target target = target(r);
    Attached attached = target.attached(false);
    if (attached.policy == null) {
      throw notFound(target);
    }
    checkRevision(r, target, attached);
    String revision = attached.revision;
    attached.policy = null;
    attached.revision = null;
    ObjectNode out = Json.object();
    out.put("RevisionId", revision);
    return out;
  }

  /** The table or stream a ResourceArn names; a stream must be the table's current one. */
  private static Target target(Request r) {
    String arn = r.requiredText("ResourceArn");
    Table t = DynamoDbService.tableByArn(r, arn);
    int stream = arn.indexOf("/stream/");
    if (stream < 0) {
      if (!arn.equals(t.arn)) {
        throw ApiException.ddbNotFound("Requested resource not found: ResourceArn: " + arn + " not found");
      }
      return new Target(t, null, arn);
    }
    String label = arn.substring(stream + "/stream/".length());
    if (!arn.startsWith(t.arn + "/stream/") || t.streamLabel == null || !t.streamLabel.equals(label)) {
      throw ApiException.ddbNotFound("Requested resource not found: Stream: " + arn + " not found");
    }
    return new Target(t, label, arn);
  }

  private static void checkRevision(Request r, Target target, Attached attached) {
    String expected = r.text("ExpectedRevisionId");
    if (expected == null) {
      return;
    }
    if (NO_POLICY.equals(expected)) {
      if (attached.policy != null) {
        throw new ApiException(400, "PolicyNotFoundException", "Resource-based policy not found for the provided"
            + " ResourceArn: Requested policy update expecting none to be present for " + target.kind()
            + ", but a policy exists with revision id " + attached.revision + ".");
      }
      return;
    }
    if (!expected.equals(attached.revision)) {
      throw new ApiException(400, "PolicyNotFoundException", "Resource-based policy not found for the provided"
          + " ResourceArn: Requested update for policy with revision id " + expected + ", but the policy associated to"
          + " target " + target.kind() + " has revision id " + attached.revision + ".");
    }
  }

  private static ApiException notFound(Target target) {
    return new ApiException(400, "PolicyNotFoundException",
        "Resource-based policy not found for the provided ResourceArn: " + target.arn());
  }
}
