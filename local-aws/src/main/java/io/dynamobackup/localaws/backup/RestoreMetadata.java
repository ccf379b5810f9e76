package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.dynamodb.Restorer;
import io.dynamobackup.localaws.dynamodb.TableDefinition;
import io.dynamobackup.localaws.http.Request;
import io.dynamobackup.localaws.model.ModelValidator;
import io.dynamobackup.localaws.model.RequestValidator;
import io.dynamobackup.localaws.model.ServiceModel;
import io.dynamobackup.localaws.model.Violation;
import io.dynamobackup.localaws.rules.ArnRules;
import io.dynamobackup.localaws.rules.Problem;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code Metadata} of a DynamoDB StartRestoreJob, keys matched case-insensitively: {@code targetTableName}
 * (required, a valid DynamoDB table name), {@code encryptionType} ({@code Default}: an AWS owned key, or {@code KMS}:
 * then {@code kmsMasterKeyArn}, a KMS key ARN, is required); without {@code encryptionType} the source's encryption
 * is kept; {@code deletionProtection} ({@code true} or {@code false}) protects the new table from its creation. The key
 * must be usable in the target's Region and account; when it is not, AWS accepts the call and the
 * restore job fails ({@link #keyProblem}).
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html;
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html;
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
 */
record RestoreMetadata(String targetTableName, Restorer.Overrides overrides, String keyProblem,
    Boolean deletionProtection) {

  static RestoreMetadata parse(Request r, JsonNode metadata) {
    Map<String, String> md = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    md.putAll(Json.stringMap(metadata));
    String target = md.get("targetTableName");
    if (target == null || target.isEmpty()) {
      throw ApiException.invalidParameter("Restore metadata must contain targetTableName");
    }
    List<Violation> name = ModelValidator.check(ServiceModel.of("dynamodb").shape("TableName"), "targetTableName",
        TextNode.valueOf(target));
    if (!name.isEmpty()) {
      throw RequestValidator.refusal("backup", name);
    }
    Restorer.Overrides o = new Restorer.Overrides();
    String keyProblem = null;
    String encryption = md.get("encryptionType");
    if (encryption != null) {
      o.overrideSse = true;
      if ("KMS".equalsIgnoreCase(encryption)) {
        String key = md.get("kmsMasterKeyArn");
        if (key == null || key.isEmpty()) {
          throw ApiException.invalidParameter("kmsMasterKeyArn is required when encryptionType is KMS");
        }
        Problem format = ArnRules.kmsKeyFormat(key);
        if (format != null) {
          throw ApiException.invalidParameter(format.message());
        }
        Problem usable = ArnRules.kmsKey(key, r.scope, r.world.kms());
        keyProblem = usable == null ? null : usable.message();
        o.sse = new TableDefinition.Sse(key);
      } else if (!"Default".equalsIgnoreCase(encryption)) {
        throw ApiException.invalidParameter("Invalid encryptionType " + encryption + ": must be Default or KMS");
      }
    }
    // deletionProtection: listed with DynamoDB's restore metadata in "Restore testing inferred metadata".
    String protection = md.get("deletionProtection");
    if (protection != null && !protection.equalsIgnoreCase("true") && !protection.equalsIgnoreCase("false")) {
      throw ApiException.invalidParameter("Invalid deletionProtection " + protection + ": must be true or false");
    }
    return new RestoreMetadata(target, o, keyProblem, protection == null ? null : Boolean.valueOf(protection));
  }
}
