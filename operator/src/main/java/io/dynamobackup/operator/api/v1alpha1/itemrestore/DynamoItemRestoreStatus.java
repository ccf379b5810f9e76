package io.dynamobackup.operator.api.v1alpha1.itemrestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dynamobackup.operator.api.v1alpha1.ConditionSchema;
import io.dynamobackup.operator.api.v1alpha1.FailureInfo;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaPatch.class, input = SchemaPatch.CONDITIONS_MAP)
@SchemaCustomizer(value = SchemaPatch.DateTime.class,
    input = "requestedTime scratchReadyTime copyCompletedTime completionTime")
public class DynamoItemRestoreStatus {
  @JsonPropertyDescription("The generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Pending (checking the target, creating the scratch restore and until it has started; a"
      + " refused scratch restore, e.g. TargetExists or NotPermitted, stays Pending with that reason), Restoring (the"
      + " scratch restore runs), Copying, CleaningUp, Completed, PartiallyFailed or Failed.")
  public ItemRestorePhase phase;

  @JsonPropertyDescription("Ready, ScratchTableDeleted, SpecLocked and the kstatus conditions: Reconciling=True while"
      + " the operator works (restoring, copying, a throttled target), Stalled=True when it cannot go on until"
      + " someone acts, with the reason and message of Ready.")
  @SchemaFrom(type = ConditionSchema.Conditions.class)
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The scratch table the source is restored into; deleted when the item restore ends.")
  public String scratchTable;

  @JsonPropertyDescription("ARN of the scratch table, once it is restored.")
  public String scratchTableArn;

  @JsonPropertyDescription("The DynamoRestore (owned by this object) that restores the source into the scratch table.")
  public String scratchRestore;

  @JsonPropertyDescription("What was restored into the scratch table: a recovery point ARN, or a table and the second"
      + " of its point-in-time recovery.")
  public String restoredFrom;

  @JsonPropertyDescription("Selected items found in the restored copy.")
  public Long itemsMatched;

  @JsonPropertyDescription("Items written into the target table.")
  public Long itemsWritten;

  @JsonPropertyDescription("Selected items left as they are in the target under the conflict policy (in a dry run:"
      + " that would be left).")
  public Long itemsSkipped;

  @JsonPropertyDescription("Selected items that could not be written; the first ones are in failures.")
  public Long itemsFailed;

  @JsonPropertyDescription("Keys listed in spec.items.keys that the restored copy does not hold.")
  public Long itemsNotFound;

  @JsonPropertyDescription("Dry run: items that would be written into the target.")
  public Long wouldWrite;

  @JsonPropertyDescription("Up to 10 keys (DynamoDB JSON) of items written, or in a dry run that would be written.")
  public List<String> sampleKeys;

  @JsonPropertyDescription("The first items that could not be written (up to 10), with the AWS error.")
  public List<ItemFailure> failures;

  @JsonPropertyDescription("The write rate in force, in write capacity units per second, and what it is derived from.")
  public String writeRate;

  @JsonPropertyDescription("Writes the target throttled (ProvisionedThroughputExceededException); each was retried after"
      + " a jittered back-off.")
  public Long throttledWrites;

  @JsonPropertyDescription("Where the copy continues after a restart: the next index into spec.items.keys, or the last"
      + " key (DynamoDB JSON) of the scratch table's scan that was handled.")
  public Progress progress;

  @JsonPropertyDescription("Hash of the spec fields that cannot change once the item restore started.")
  public String specHash;

  @JsonPropertyDescription("When the item restore was requested (RFC 3339).")
  public String requestedTime;

  @JsonPropertyDescription("When the scratch table was ACTIVE with the restored items (RFC 3339).")
  public String scratchReadyTime;

  @JsonPropertyDescription("When the last selected item was handled (RFC 3339).")
  public String copyCompletedTime;

  @JsonPropertyDescription("When the item restore ended, its scratch table deleted (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Time from request to end, e.g. 4m12s.")
  public String duration;

  @JsonPropertyDescription("Why the item restore failed.")
  public FailureInfo failure;

  /** The copy's position, written with the counters after every batch. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Progress {
    @JsonPropertyDescription("With spec.items.keys: the index of the next key to handle.")
    public Integer nextKeyIndex;

    @JsonPropertyDescription("With a filter or all: the key (DynamoDB JSON) of the last scanned item that was handled;"
        + " the scan continues after it.")
    public String lastEvaluatedKey;

    @JsonPropertyDescription("Every selected item has been handled.")
    public Boolean done;
  }

  /** One item that could not be written. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ItemFailure {
    @JsonPropertyDescription("The item's primary key, in DynamoDB JSON.")
    public String key;

    @JsonPropertyDescription("The AWS error code, e.g. ValidationException.")
    public String code;

    @JsonPropertyDescription("The AWS error message.")
    public String message;

    public ItemFailure() {}

    public ItemFailure(String key, String code, String message) {
      this.key = key;
      this.code = code;
      this.message = message;
    }
  }
}
