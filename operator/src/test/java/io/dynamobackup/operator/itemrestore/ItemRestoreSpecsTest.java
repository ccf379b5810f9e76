package io.dynamobackup.operator.itemrestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ConflictPolicy;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestoreTarget;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection.KeyAttributeValue;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.UnchangedSince;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.WriteRate;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.aws.ItemService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an item restore checks before any AWS call, and how it decides and paces its writes. */
class ItemRestoreSpecsTest {
  static final ItemService.TableShape ORDERS = new ItemService.TableShape("arn:aws:dynamodb:eu-west-1:1:table/orders",
      "orderId", "S", "createdAt", "S", false, 40);

  @Test
  void aValidSpecHasNoProblems() {
    assertThat(ItemRestoreSpecs.validate(spec(), "team-a", false)).isEmpty();
  }

  @Test
  void everyProblemNamesItsField() {
    DynamoItemRestoreSpec spec = spec();
    spec.items.all = true;
    spec.conflictPolicy = ConflictPolicy.OverwriteIfUnchangedSince;
    spec.target.region = "Europe";
    spec.scratchTableName = "orders";
    spec.writeRate = new WriteRate();
    spec.writeRate.percentOfCapacity = 0;
    spec.source.region = "eu-west-1";
    assertThat(ItemRestoreSpecs.validate(spec, "team-a", false)).containsExactlyInAnyOrder(
        "spec.items: set exactly one of keys, filter or all: true",
        "spec.unchangedSince: is required with conflictPolicy OverwriteIfUnchangedSince, and only then",
        "spec.target.region: 'Europe' is not a valid AWS Region",
        "spec.scratchTableName: must not be the target table",
        "spec.writeRate.percentOfCapacity: must be at least 1, not 0",
        "spec.source.region: is the Region of a recovery point; pointInTimeRecovery.table names its own Region");
  }

  @Test
  void theAwsRulesOfKeysFiltersRegionsAndRolesAreCheckedBeforeAnyCall() {
    DynamoItemRestoreSpec spec = spec();
    spec.items.keys = List.of(Map.of("orderId", KeyAttributeValue.s("")),
        Map.of("orderId", KeyAttributeValue.n("1")), Map.of("orderId", KeyAttributeValue.n("1.0")));
    spec.target = new ItemRestoreTarget("orders", "cn-north-1");
    spec.scratchTableName = "ab";
    assertThat(ItemRestoreSpecs.validate(spec, "team-a", false)).containsExactlyInAnyOrder(
        "spec.scratchTableName: 'ab' is not a valid DynamoDB table name (3 to 255 letters, digits, '_', '.', '-')",
        "spec.target.region: a point-in-time restore of a table in eu-west-1 can only create a table in a Region of"
                + " aws, not in cn-north-1 (aws-cn): RestoreTableToPointInTime stays inside the source's partition",
        "spec.items.keys[0].orderId.S: a key attribute cannot be an empty string",
        "spec.items.keys[2]: the same key as spec.items.keys[1]: DynamoDB refuses a batch that names an item twice");

    spec = spec();
    spec.source = new RestoreSource();
    spec.source.recoveryPointArn = "arn:aws:backup:eu-west-1:111122223333:recovery-point:abc";
    spec.iamRoleArn = "arn:aws:iam::444455556666:role/restore";
    spec.target = new ItemRestoreTarget("orders", "eu-wset-1");
    spec.items = new ItemSelection();
    spec.items.filter = new ItemSelection.ItemFilter();
    spec.items.filter.expression = "#s = :c";
    spec.items.filter.names = Map.of("#s", "status");
    spec.conflictPolicy = ConflictPolicy.OverwriteIfUnchangedSince;
    spec.unchangedSince = new UnchangedSince("", "2026-11-20T14:00:00Z", UnchangedSince.TimeFormat.RFC3339);
    assertThat(ItemRestoreSpecs.validate(spec, "team-a", false)).containsExactlyInAnyOrder(
        "spec.unchangedSince.attribute: must name an attribute",
        "spec.iamRoleArn: the role belongs to account 444455556666, but the recovery point is in account"
            + " 111122223333: AWS Backup runs the job there and can only be passed (iam:PassRole) a role of that"
            + " account",
        "spec.target.region: " + io.dynamobackup.operator.aws.Partitions.regionProblem("eu-wset-1"),
        "spec.items.filter.values: :c is used in the expression but not defined");
  }

  @Test
  void theExamplesPassTheUpFrontChecks() throws java.io.IOException {
    for (String example : List.of("item-restore-filter.yaml", "item-restore-keys.yaml")) {
      var restore = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(java.nio.file.Files.readString(
          io.dynamobackup.operator.api.CrdFiles.projectRoot().resolve("examples").resolve(example)),
          io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore.class);
      assertThat(ItemRestoreSpecs.validate(restore.getSpec(), "default", false)).as(example).isEmpty();
    }
  }

  @Test
  void keysMustFitTheTargetsKeySchema() {
    List<Map<String, KeyAttributeValue>> keys = List.of(
        Map.of("orderId", KeyAttributeValue.s("o-1"), "createdAt", KeyAttributeValue.s("2026-11-20")),
        Map.of("orderId", KeyAttributeValue.n("1"), "createdAt", KeyAttributeValue.s("2026-11-20")),
        Map.of("orderId", KeyAttributeValue.s("o-2")),
        Map.of("orderId", KeyAttributeValue.s("o-3"), "createdAt", KeyAttributeValue.s("x".repeat(1025))));
    assertThat(ItemRestoreSpecs.keyProblems(keys, ORDERS, "orders")).containsExactly(
        "table orders has the key orderId (S), createdAt (S)",
        "spec.items.keys[1]: orderId is N, the table declares S",
        "spec.items.keys[2]: names [orderId], not [orderId, createdAt]",
        "spec.items.keys[3]: createdAt is the sort key: at most 1024 bytes");
    assertThat(ItemRestoreSpecs.keyProblems(keys.subList(0, 1), ORDERS, "orders")).isEmpty();
  }

  @Test
  void theHashCoversWhatCannotChangeButNotTheWriteRate() {
    DynamoItemRestoreSpec spec = spec();
    String hash = ItemRestoreSpecs.hash(spec);
    spec.writeRate = new WriteRate();
    spec.writeRate.unitsPerSecond = 5L;
    assertThat(ItemRestoreSpecs.hash(spec)).isEqualTo(hash);
    spec.items.keys = List.of(Map.of("orderId", KeyAttributeValue.s("o-9"), "createdAt", KeyAttributeValue.s("x")));
    assertThat(ItemRestoreSpecs.hash(spec)).isNotEqualTo(hash);
  }

  @Test
  void conditionsFollowTheConflictPolicy() {
    DynamoItemRestoreSpec spec = spec();
    WritePolicy skip = new WritePolicy(spec, ORDERS);
    assertThat(skip.condition().expression()).isEqualTo("attribute_not_exists(#key)");
    assertThat(skip.wouldWrite(null)).isTrue();
    assertThat(skip.wouldWrite(item("updatedAt", "S", "2026-11-20T13:00:00Z"))).isFalse();

    spec.conflictPolicy = ConflictPolicy.Overwrite;
    WritePolicy overwrite = new WritePolicy(spec, ORDERS);
    assertThat(overwrite.unconditional()).isTrue();
    assertThat(overwrite.condition()).isNull();
    assertThat(overwrite.wouldWrite(item("updatedAt", "S", "2026-11-20T15:00:00Z"))).isTrue();

    spec.conflictPolicy = ConflictPolicy.OverwriteIfUnchangedSince;
    spec.unchangedSince = new UnchangedSince("updatedAt", "2026-11-20T16:00:00+02:00", UnchangedSince.TimeFormat.RFC3339);
    WritePolicy ifUnchanged = new WritePolicy(spec, ORDERS);
    assertThat(ifUnchanged.condition().expression()).isEqualTo("attribute_not_exists(#key) OR #changed <= :since");
    assertThat(ifUnchanged.condition().values().get(":since").get("S").asText()).isEqualTo("2026-11-20T14:00:00Z");
    assertThat(ifUnchanged.wouldWrite(item("updatedAt", "S", "2026-11-20T13:59:59Z"))).isTrue();
    assertThat(ifUnchanged.wouldWrite(item("updatedAt", "S", "2026-11-20T14:00:01Z"))).isFalse();
    assertThat(ifUnchanged.wouldWrite(item("other", "S", "x"))).as("no attribute: left alone").isFalse();
    assertThat(ifUnchanged.wouldWrite(item("updatedAt", "N", "1"))).as("another type: left alone").isFalse();

    spec.unchangedSince.format = UnchangedSince.TimeFormat.EpochMillis;
    WritePolicy millis = new WritePolicy(spec, ORDERS);
    assertThat(millis.condition().values().get(":since").get("N").asText()).isEqualTo("1795183200000");
    assertThat(millis.wouldWrite(item("updatedAt", "N", "1795183199999"))).isTrue();
    assertThat(millis.wouldWrite(item("updatedAt", "N", "1795183200001"))).isFalse();
  }

  @Test
  void theWriteRateIsAShareOfTheSmallestCapacityCappedByUnitsPerSecond() {
    assertThat(WriteRates.of(null, ORDERS)).isEqualTo(new WriteRates(20, "20 WCU/s: 50% of 40 (the smallest"
        + " provisioned WriteCapacityUnits of the table and its GSIs)"));
    WriteRate rate = new WriteRate();
    rate.percentOfCapacity = 100;
    rate.unitsPerSecond = 25L;
    assertThat(WriteRates.of(rate, ORDERS).unitsPerSecond()).isEqualTo(25);
    assertThat(WriteRates.of(rate, ORDERS).description()).startsWith("25 WCU/s: writeRate.unitsPerSecond, below 40");
    var onDemand = new ItemService.TableShape("arn", "pk", "S", null, null, true, 0);
    assertThat(WriteRates.of(null, onDemand).unitsPerSecond()).isEqualTo(1000);
    rate.percentOfCapacity = 1;
    assertThat(WriteRates.of(rate, new ItemService.TableShape("arn", "pk", "S", null, null, false, 5))
        .unitsPerSecond()).as("never below one unit per second").isEqualTo(1);
  }

  private static ObjectNode item(String attribute, String type, String value) {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.putObject("orderId").put("S", "o-1");
    item.putObject("createdAt").put("S", "2026-11-20");
    item.putObject(attribute).put(type, value);
    return item;
  }

  private static DynamoItemRestoreSpec spec() {
    DynamoItemRestoreSpec spec = new DynamoItemRestoreSpec();
    spec.source = new RestoreSource();
    spec.source.pointInTimeRecovery = new PointInTimeRecoverySource(TableReference.named("orders", "eu-west-1"),
        "2026-11-20T14:00:00Z", null);
    spec.target = new ItemRestoreTarget("orders", "eu-west-1");
    spec.items = new ItemSelection();
    spec.items.keys = List.of(Map.of("orderId", KeyAttributeValue.s("o-1"), "createdAt", KeyAttributeValue.s("x")));
    return spec;
  }
}
