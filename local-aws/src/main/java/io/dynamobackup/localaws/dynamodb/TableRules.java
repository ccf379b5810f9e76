package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.http.Request;
import io.dynamobackup.localaws.rules.ArnRules;
import io.dynamobackup.localaws.rules.Problem;
import io.dynamobackup.localaws.rules.TagRules;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's rules beyond its service model for the calls local-aws serves, each in one place with its AWS source.
 * Violations are {@code ValidationException}s worded like DynamoDB's ("One or more parameter values were invalid: ...")
 * or, for a KMS key the table's account may not use, {@code AccessDeniedException}.
 */
final class TableRules {
  /** Secondary indexes per table (default quotas). */
  static final int MAX_LSIS = 5;
  static final int MAX_GSIS = 20;
  /** Resource-based policy size limit, in bytes. */
  static final int MAX_POLICY_BYTES = 20 * 1024;

  private TableRules() {}

  static ApiException invalid(String message) {
    return ApiException.validation("One or more parameter values were invalid: " + message);
  }

  /**
   * Table tags (CreateTable Tags, TagResource): the AWS tag rules with DynamoDB's character set, at most 50 per
   * table; checked before anything is stored.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html#TaggingRestrictions
   */
  static void tags(Map<String, String> existing, Map<String, String> added) {
    String problem = TagRules.invalidTag(added, TagRules.Charset.DYNAMODB);
    if (problem == null) {
      problem = TagRules.tooMany(existing, added);
    }
    if (problem != null) {
      throw invalid(problem);
    }
  }

  /**
   * A key schema is one HASH element, optionally followed by one RANGE element.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html (KeySchema)
   */
  static void keySchema(JsonNode schema, String owner) {
    int n = schema.size();
    if (n < 1 || n > 2) {
      throw invalid("Invalid KeySchema" + owner + ": a key schema has one or two elements, not " + n);
    }
    if (!"HASH".equals(schema.get(0).path("KeyType").asText())) {
      throw invalid("Invalid KeySchema" + owner + ": The first KeySchemaElement is not a HASH key type");
    }
    if (n == 2 && !"RANGE".equals(schema.get(1).path("KeyType").asText())) {
      throw invalid("Invalid KeySchema" + owner + ": The second KeySchemaElement is not a RANGE key type");
    }
    if (n == 2 && schema.get(0).path("AttributeName").asText().equals(schema.get(1).path("AttributeName").asText())) {
      throw invalid("Invalid KeySchema" + owner + ": Both the Hash Key and the Range Key element in the KeySchema"
          + " have the same name");
    }
  }

  /**
   * Index names are unique within a table (local and global together), 3–255 characters of {@code [a-zA-Z0-9_.-]}
   * (the model checks names in requests); at most 5 local and 20 global secondary indexes.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html;
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-secondary-indexes
   */
  static void indexes(TableDefinition def) {
    Set<String> names = new HashSet<>();
    for (List<TableIndex> list : List.of(def.lsis, def.gsis)) {
      for (TableIndex i : list) {
        if (!names.add(i.name)) {
          throw invalid("Duplicate index name: " + i.name);
        }
      }
    }
    if (def.lsis.size() > MAX_LSIS) {
      throw invalid("Number of LocalSecondaryIndexes exceeds per-table limit of " + MAX_LSIS);
    }
    if (def.gsis.size() > MAX_GSIS) {
      throw invalid("Number of GlobalSecondaryIndexes exceeds per-table limit of " + MAX_GSIS);
    }
  }

  /**
   * Every attribute definition of CreateTable must be a key attribute of the table or one of its indexes.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html (AttributeDefinitions)
   */
  static void attributeDefinitionsUsed(TableDefinition def) {
    Set<String> keys = def.keyAttributes();
    for (JsonNode a : def.attributeDefinitions) {
      if (!keys.contains(a.path("AttributeName").asText())) {
        throw invalid("Number of attributes in KeySchema does not exactly match number of attributes defined in"
            + " AttributeDefinitions");
      }
    }
  }

  /**
   * A customer managed KMS key of a table (SSESpecification KMSMasterKeyId; a key id or alias without ARN means the
   * caller's Region and account) must be in the table's Region, and another account's key needs a grant.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
   */
  static TableDefinition.Sse sse(Request r, JsonNode spec) {
    if (spec == null || !spec.path("Enabled").asBoolean(false)) {
      return null;
    }
    String type = spec.path("SSEType").asText("KMS");
    if (!"KMS".equals(type)) {
      throw invalid("Unsupported SSEType " + type);
    }
    String key = DynamoDbService.kmsKeyArn(r.scope, spec.path("KMSMasterKeyId").asText(null));
    Problem p = ArnRules.kmsKey(key, r.scope, r.world.kms());
    if (p != null) {
      throw p.denied() ? ApiException.accessDenied(p.message()) : ApiException.validation(p.message());
    }
    return new TableDefinition.Sse(key);
  }

  /**
   * A table ARN (in TableName or ResourceArn) names a table of the Region the call is sent to: an ARN of another
   * partition or Region is refused.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
   */
  static void tableArnRegion(Scope caller, io.dynamobackup.localaws.core.Arns.Arn arn, String text) {
    if (!arn.partition().equals(caller.partition()) || !arn.region().equals(caller.region())) {
      throw ApiException.validation("Invalid table ARN " + text + ": the table is in Region " + arn.region()
          + " (partition " + arn.partition() + "), but this request was sent to Region " + caller.region()
          + " (partition " + caller.partition() + ")");
    }
  }

  /**
   * A resource-based policy is a JSON document of at most 20 KB whose statements name only the resource it is attached
   * to: a table's policy governs the table and its indexes ({@code Resource} the table ARN, {@code TABLE/index/NAME},
   * {@code TABLE/*} or {@code *}); a stream's policy governs that stream (its ARN or {@code *}). A statement naming
   * another resource would never apply to this one, so it is refused rather than stored to no effect. AWS does not
   * document the wording of this refusal; local-aws words its own under ValidationException.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-considerations.html;
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html (ResourceArn)
   */
  static void resourcePolicy(String policy, String attachedTo, boolean table) {
    int bytes = policy.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_POLICY_BYTES) {
      throw ApiException.validation("Policy document is " + bytes + " bytes: the maximum size of a resource-based"
          + " policy is " + MAX_POLICY_BYTES + " bytes");
    }
    JsonNode document;
    try {
      document = io.dynamobackup.localaws.core.Json.MAPPER.readTree(policy);
    } catch (java.io.IOException e) {
      throw ApiException.validation("Invalid policy document: " + e.getMessage());
    }
    JsonNode statements = document == null ? null : document.get("Statement");
    if (statements == null || !(statements.isArray() || statements.isObject())) {
      throw ApiException.validation("Invalid policy document: a policy has a Statement element (an object or a list)");
    }
    int index = 0;
    for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
      for (String field : List.of("Resource", "NotResource")) {
        JsonNode value = statement.get(field);
        for (JsonNode resource : value == null ? List.<JsonNode>of() : value.isArray() ? value : List.of(value)) {
          String arn = resource.asText();
          boolean own = arn.equals("*") || arn.equals(attachedTo)
              || (table && arn.startsWith(attachedTo + "/") && !arn.startsWith(attachedTo + "/stream/"));
          if (!own) {
            String sid = statement.hasNonNull("Sid") ? " (Sid " + statement.get("Sid").asText() + ")" : "";
            throw invalid("Invalid resource-based policy: Statement[" + index + "]" + sid + " names " + field + " "
                + arn + ", but the policy is attached to " + attachedTo + (table
                    ? "; a table's policy may name only the table, its indexes or *"
                    : "; a stream's policy may name only the stream or *"));
          }
        }
      }
      index++;
    }
  }

  /**
   * UpdateTable must change something.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
   */
  static void somethingToUpdate(Request r) {
    for (String field : List.of("ProvisionedThroughput", "BillingMode", "StreamSpecification",
        "GlobalSecondaryIndexUpdates", "SSESpecification", "ReplicaUpdates", "DeletionProtectionEnabled",
        "TableClass", "OnDemandThroughput", "WarmThroughput", "MultiRegionConsistency")) {
      if (r.node(field) != null) {
        return;
      }
    }
    throw ApiException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled,"
        + " GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  }

  /**
   * A batch may not name the same item twice.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
   */
  static void distinctKeys(Set<ItemKey> seen, ItemKey key) {
    if (!seen.add(key)) {
      throw ApiException.validation("Provided list of item keys contains duplicates");
    }
  }
}
