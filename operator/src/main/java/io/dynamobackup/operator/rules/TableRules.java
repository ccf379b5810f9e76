package io.dynamobackup.operator.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.common.SpecValidation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DynamoDB's rules for what the operator asks of a restored table: index names and counts of the restore's overrides,
 * and the settings it re-applies (tags, TTL, stream, resource policy, auto scaling, alarms).
 */
public final class TableRules {
  /** Secondary indexes per table (default quotas). */
  public static final int MAX_GLOBAL_SECONDARY_INDEXES = 20;
  public static final int MAX_LOCAL_SECONDARY_INDEXES = 5;
  /** A resource-based policy is at most 20 KB. */
  public static final int MAX_RESOURCE_POLICY_BYTES = 20 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableRules() {}

  /**
   * The indexes a restore keeps: valid index names (3–255 of [a-zA-Z0-9_.-]), each once, none both global and local,
   * at most 20 GSIs and 5 LSIs. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html;
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-secondary-indexes
   */
  public static void indexes(SpecValidation v, List<String> global, List<String> local, String parent) {
    Set<String> globalNames = names(v, global, parent + ".globalSecondaryIndexes", MAX_GLOBAL_SECONDARY_INDEXES);
    Set<String> localNames = names(v, local, parent + ".localSecondaryIndexes", MAX_LOCAL_SECONDARY_INDEXES);
    Set<String> both = new HashSet<>(globalNames);
    both.retainAll(localNames);
    v.check(both.isEmpty(), parent + ".localSecondaryIndexes", "index names are unique across a table's global and"
        + " local secondary indexes: " + both.stream().sorted().toList() + " named in both");
  }

  /** A resource-based policy: a JSON object of at most 20 KB; "" means no policy. */
  private static void policy(SpecValidation v, String policy, String field) {
    if (policy == null || policy.isEmpty()) {
      return;
    }
    try {
      v.check(JSON.readTree(policy).isObject(), field, "is not a JSON policy document");
    } catch (IOException e) {
      v.check(false, field, "is not a JSON document (\"\" means no policy)");
    }
    int bytes = policy.getBytes(StandardCharsets.UTF_8).length;
    v.check(bytes <= MAX_RESOURCE_POLICY_BYTES, field, "a resource-based policy is at most 20 KB ("
        + MAX_RESOURCE_POLICY_BYTES + " bytes), not " + bytes);
  }

  private static Set<String> names(SpecValidation v, List<String> names, String field, int max) {
    Set<String> seen = new HashSet<>();
    if (names == null) {
      return seen;
    }
    v.check(names.size() <= max, field, "a table has at most " + max + " of them, not " + names.size());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      v.required(name, field + "[" + i + "]")
          .matches(name, ApiPatterns.TABLE_NAME, field + "[" + i + "]", "index name (3 to 255 letters, digits, '_',"
              + " '.', '-')")
          .check(name == null || seen.add(name), field + "[" + i + "]", "duplicate index " + name);
    }
    return seen;
  }

  /**
   * Every setting the operator applies to a table in {@code table}.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html;
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-considerations.html
   */
  public static void settings(SpecValidation v, TableSettings settings, String field, Scope table) {
    if (settings == null) {
      return;
    }
    if (settings.stream != null) {
      v.check(!Boolean.TRUE.equals(settings.stream.enabled) || settings.stream.viewType != null,
          field + ".stream.viewType", "required when the stream is enabled");
    }
    if (settings.timeToLive != null) {
      v.check(!Boolean.TRUE.equals(settings.timeToLive.enabled) || settings.timeToLive.attributeName != null,
          field + ".timeToLive.attributeName", "required when TTL is enabled")
          .length(settings.timeToLive.attributeName, 1, 255, field + ".timeToLive.attributeName");
    }
    TagRules.tags(v, settings.tags, field + ".tags", TagRules.Charset.DYNAMODB, TagRules.MAX_TAGS, false);
    policy(v, settings.resourcePolicy, field + ".resourcePolicy");
    policy(v, settings.streamResourcePolicy, field + ".streamResourcePolicy");
    ScalingRules.autoScaling(v, settings.autoScaling, field + ".autoScaling");
    AlarmRules.alarms(v, settings.alarms, field + ".alarms", table);
  }
}
