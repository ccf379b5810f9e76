package io.dynamobackup.operator.itemrestore;

import io.dynamobackup.operator.api.v1alpha1.ApiPatterns;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ConflictPolicy;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection.KeyAttributeValue;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.UnchangedSince;
import io.dynamobackup.operator.aws.ItemService;
import io.dynamobackup.operator.common.ShortHash;
import io.dynamobackup.operator.common.SpecValidation;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.restore.RestoreSourceSpecs;
import io.dynamobackup.operator.rules.ArnRules;
import io.dynamobackup.operator.rules.ItemRules;
import io.dynamobackup.operator.rules.Scope;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a DynamoItemRestore's spec before any AWS call, and its keys against the target's key schema. */
final class ItemRestoreSpecs {
  /** At most this many key problems are listed; the rest are counted. */
  private static final int MAX_KEY_PROBLEMS = 10;

  private ItemRestoreSpecs() {}

  static List<String> validate(DynamoItemRestoreSpec spec, String namespace, boolean tenancyPolicy) {
    if (spec == null) {
      return List.of("spec: required");
    }
    SpecValidation v = new SpecValidation()
        .required(spec.source, "spec.source")
        .required(spec.target, "spec.target")
        .required(spec.items, "spec.items")
        .matches(spec.iamRoleArn, ApiPatterns.IAM_ROLE_ARN, "spec.iamRoleArn", "IAM role ARN")
        .tableName(spec.scratchTableName, "spec.scratchTableName");
    Scope source = null;
    boolean pointInTime = spec.source != null && spec.source.pointInTimeRecovery != null;
    if (spec.source != null) {
      RestoreSourceSpecs.validate(spec.source, "spec.source", namespace, tenancyPolicy, v);
      source = RestoreSourceSpecs.scope(spec.source, "spec.source", v);
    }
    // The scratch restore is an AWS Backup restore (a point-in-time one runs as the operator and uses no role).
    ArnRules.role(v, spec.iamRoleArn, "spec.iamRoleArn", pointInTime ? null : source);
    if (spec.target != null) {
      v.required(spec.target.tableName, "spec.target.tableName")
          .tableName(spec.target.tableName, "spec.target.tableName")
          .required(spec.target.region, "spec.target.region")
          .region(spec.target.region, "spec.target.region")
          .check(spec.scratchTableName == null || !spec.scratchTableName.equals(spec.target.tableName),
              "spec.scratchTableName", "must not be the target table");
      // The scratch table is restored in the target's Region, so the source must reach it.
      if (source != null && Scope.of(spec.target.region, null, "") != null) {
        RestoreSourceSpecs.fitsTargetRegion(v, source, pointInTime, spec.target.region, "spec.target.region");
      }
    }
    if (spec.items != null) {
      items(spec.items, v);
    }
    boolean ifUnchanged = spec.conflictPolicy == ConflictPolicy.OverwriteIfUnchangedSince;
    v.check(ifUnchanged == (spec.unchangedSince != null), "spec.unchangedSince",
        "is required with conflictPolicy OverwriteIfUnchangedSince, and only then");
    if (spec.unchangedSince != null) {
      UnchangedSince since = spec.unchangedSince;
      v.required(since.attribute, "spec.unchangedSince.attribute").required(since.time, "spec.unchangedSince.time")
          // It goes into the condition's ExpressionAttributeNames, where DynamoDB refuses an empty name.
          .check(since.attribute == null || !since.attribute.isEmpty(), "spec.unchangedSince.attribute",
              "must name an attribute");
      if (since.time != null) {
        try {
          OffsetDateTime.parse(since.time);
        } catch (DateTimeParseException e) {
          v.check(false, "spec.unchangedSince.time", "'" + since.time + "' is not an RFC 3339 time");
        }
      }
    }
    if (spec.writeRate != null) {
      v.atLeast(spec.writeRate.percentOfCapacity, 1, "spec.writeRate.percentOfCapacity")
          .check(spec.writeRate.percentOfCapacity == null || spec.writeRate.percentOfCapacity <= 100,
              "spec.writeRate.percentOfCapacity", "must be at most 100")
          .atLeast(spec.writeRate.unitsPerSecond, 1, "spec.writeRate.unitsPerSecond");
    }
    return v.problems();
  }

  private static void items(ItemSelection items, SpecValidation v) {
    boolean all = Boolean.TRUE.equals(items.all);
    long set = (items.keys != null ? 1 : 0) + (items.filter != null ? 1 : 0) + (all ? 1 : 0);
    v.check(set == 1, "spec.items", "set exactly one of keys, filter or all: true");
    if (items.keys != null) {
      v.check(!items.keys.isEmpty(), "spec.items.keys", "must list at least one key")
          .check(items.keys.size() <= ItemSelection.MAX_KEYS, "spec.items.keys", "at most "
              + ItemSelection.MAX_KEYS + " keys, not " + items.keys.size() + "; use a filter or several objects");
      SpecValidation keys = new SpecValidation();
      for (int i = 0; i < items.keys.size(); i++) {
        Map<String, KeyAttributeValue> key = items.keys.get(i);
        for (var attribute : key == null ? Map.<String, KeyAttributeValue>of().entrySet() : key.entrySet()) {
          KeyAttributeValue value = attribute.getValue();
          long types = value == null ? 0 : (value.S != null ? 1 : 0) + (value.N != null ? 1 : 0) + (value.B != null ? 1 : 0);
          keys.check(types == 1, "spec.items.keys[" + i + "]." + attribute.getKey(), "a key attribute is exactly one of"
              + " S, N or B");
        }
      }
      keys.problems().stream().limit(MAX_KEY_PROBLEMS).forEach(v::problem);
      if (keys.ok()) {
        ItemRules.keys(v, items.keys, "spec.items.keys");
      }
    }
    if (items.filter != null) {
      v.required(items.filter.expression, "spec.items.filter.expression");
      ItemRules.filter(v, items.filter, "spec.items.filter");
    }
  }

  /**
   * What the tenancy policy says about the spec, before any AWS call: the target table (name, Region), as for a
   * DynamoRestore's target, the scratch table's name, the role, and the source (recovery point account and Region, other
   * namespaces, a point-in-time source's table). The scratch restore is checked again as any DynamoRestore.
   */
  static TenancyGuard.Check tenancy(TenancyGuard guard, DynamoItemRestore restore) {
    DynamoItemRestoreSpec spec = restore.getSpec();
    TenancyGuard.Check check = guard.check(restore.getMetadata().getNamespace())
        .tableName(spec.target.tableName, "spec.target.tableName")
        .region(spec.target.region, "spec.target.region")
        .tableName(ScratchRestores.scratchTableName(restore), spec.scratchTableName != null ? "spec.scratchTableName"
            : "spec.scratchTableName (default " + ScratchRestores.scratchTableName(restore) + ")")
        .role(spec.iamRoleArn, "spec.iamRoleArn");
    return RestoreSourceSpecs.tenancy(check, spec.source, "spec.source");
  }

  /** A hash of the fields that cannot change once the item restore started (all but writeRate). */
  static String hash(DynamoItemRestoreSpec spec) {
    Map<String, Object> locked = new LinkedHashMap<>();
    locked.put("source", spec.source);
    locked.put("target", spec.target);
    locked.put("items", spec.items);
    locked.put("conflictPolicy", spec.conflictPolicy);
    locked.put("unchangedSince", spec.unchangedSince);
    locked.put("dryRun", spec.dryRun);
    locked.put("scratchTableName", spec.scratchTableName);
    return ShortHash.of(Serialization.asJson(locked), 8);
  }

  /**
   * Problems of spec.items.keys against the target's key schema: each key names exactly the partition key (and sort
   * key) with the type the table declares. Empty when every key fits; at most ten listed.
   */
  static List<String> keyProblems(List<Map<String, KeyAttributeValue>> keys, ItemService.TableShape target,
      String table) {
    List<String> problems = new ArrayList<>();
    int wrong = 0;
    for (int i = 0; i < keys.size(); i++) {
      String problem = keyProblem(keys.get(i), target);
      if (problem != null && wrong++ < MAX_KEY_PROBLEMS) {
        problems.add("spec.items.keys[" + i + "]: " + problem);
      }
    }
    if (wrong > MAX_KEY_PROBLEMS) {
      problems.add("spec.items.keys: " + (wrong - MAX_KEY_PROBLEMS) + " more keys do not fit");
    }
    if (!problems.isEmpty()) {
      problems.add(0, "table " + table + " has the key " + describe(target));
    }
    return problems;
  }

  private static String keyProblem(Map<String, KeyAttributeValue> key, ItemService.TableShape target) {
    if (key == null || !key.keySet().equals(new java.util.HashSet<>(target.keyAttributes()))) {
      return "names " + (key == null ? "nothing" : key.keySet()) + ", not " + target.keyAttributes();
    }
    for (String attribute : target.keyAttributes()) {
      String expected = attribute.equals(target.partitionKey()) ? target.partitionKeyType() : target.sortKeyType();
      KeyAttributeValue value = key.get(attribute);
      String actual = value.S != null ? "S" : value.N != null ? "N" : "B";
      if (!actual.equals(expected)) {
        return attribute + " is " + actual + ", the table declares " + expected;
      }
      // The sort key's own limit: which attribute is the sort key only the table tells.
      if (attribute.equals(target.sortKey()) && ItemRules.keyValueBytes(value) > ItemRules.MAX_SORT_KEY_BYTES) {
        return attribute + " is the sort key: at most " + ItemRules.MAX_SORT_KEY_BYTES + " bytes";
      }
    }
    return null;
  }

  static String describe(ItemService.TableShape table) {
    return table.partitionKey() + " (" + table.partitionKeyType() + ")" + (table.sortKey() == null ? ""
        : ", " + table.sortKey() + " (" + table.sortKeyType() + ")");
  }
}
