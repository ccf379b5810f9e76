package io.dynamobackup.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestorePhase;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestoreTarget;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenancy policy applies to item restores as to restores: the target table, the scratch table and the source
 * (here another team's table's point-in-time recovery) are checked before any AWS call; what is allowed runs, and its
 * scratch table is dropped even for a tenant that may not delete data.
 */
class ItemRestoreTenancyIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void anItemRestoreMayOnlyReadAndWriteTheTablesOfItsTenant(@TempDir Path dir) throws Exception {
    harness.createTable(REGION, "team-a-orders", 4);
    harness.createTable(REGION, "team-b-orders", 4);
    for (String table : new String[] {"team-a-orders", "team-b-orders"}) {
      harness.dynamoDb(REGION).updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(p -> p
          .pointInTimeRecoveryEnabled(true)));
    }
    // team-a may not delete data: its item restore's scratch table, the operator's own copy, is still dropped.
    String noDeletion = TenancyIT.POLICY.replace("readRecoveryPointsOf: [team-a-staging]\n",
        "readRecoveryPointsOf: [team-a-staging]\n    allowDataDeletion: false\n");
    assertThat(noDeletion).contains("allowDataDeletion");
    Path policy = Files.writeString(dir.resolve("tenancy.yaml"), noDeletion);
    harness.startOperator(Map.of("DYNAMOBACKUP_TENANCY_POLICY_FILE", policy.toString()));
    harness.aws.clearCalls();

    harness.create("team-a", itemRestore("into-shared", "team-a-orders", "orders"));
    harness.create("team-a", itemRestore("from-team-b", "team-b-orders", "team-a-orders"));
    assertThat(TenancyTests.notPermitted(harness, DynamoItemRestore.class, "team-a", "into-shared",
        r -> r.getStatus().conditions))
        .contains("spec.target.tableName: orders not allowed for namespace team-a (tenancy rule tables: [team-a-*])")
        .contains("spec.scratchTableName (default orders-items-");
    assertThat(TenancyTests.notPermitted(harness, DynamoItemRestore.class, "team-a", "from-team-b",
        r -> r.getStatus().conditions))
        .isEqualTo("spec.source.pointInTimeRecovery.table.name: team-b-orders not allowed for namespace team-a"
            + " (tenancy rule tables: [team-a-*])");
    assertThat(TenancyTests.dataCalls(harness)).as("no AWS call changed anything for a denied item restore").isEmpty();
    assertThat(harness.aws.calls()).noneMatch(c -> c.names("orders") || c.names("team-b-orders"));

    harness.create("team-a", itemRestore("allowed", "team-a-orders", "team-a-orders"));
    DynamoItemRestore done = harness.advanceUntil(() -> harness.get(DynamoItemRestore.class, "team-a", "allowed"),
        r -> r != null && r.getStatus() != null && r.getStatus().phase == ItemRestorePhase.Completed);
    assertThat(done.getStatus().itemsSkipped).isEqualTo(4);
    assertThat(done.getStatus().scratchTable).startsWith("team-a-orders-items-");
    harness.advanceUntil(() -> harness.dynamoDb(REGION).listTables().tableNames(),
        tables -> !tables.contains(done.getStatus().scratchTable));
    assertThat(harness.client().v1().events().inNamespace("team-a").list().getItems())
        .noneMatch(e -> "DeletionNotPermitted".equals(e.getReason()));
  }

  private static DynamoItemRestore itemRestore(String name, String source, String target) {
    DynamoItemRestore restore = new DynamoItemRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).build());
    restore.setSpec(new DynamoItemRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.pointInTimeRecovery = new PointInTimeRecoverySource(TableReference.named(source, REGION),
        null, true);
    restore.getSpec().target = new ItemRestoreTarget(target, REGION);
    restore.getSpec().items = new ItemSelection();
    restore.getSpec().items.all = true;
    return restore;
  }
}
