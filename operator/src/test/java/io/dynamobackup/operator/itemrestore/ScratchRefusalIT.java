package io.dynamobackup.operator.itemrestore;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestore;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.DynamoItemRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestorePhase;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemRestoreTarget;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An item restore whose scratch restore is refused says so: it never claims to be restoring. */
class ScratchRefusalIT {
  private static final String REGION = "eu-west-1";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aScratchRestoreRefusedForAnExistingTableLeavesTheItemRestorePendingWithTheRefusal() {
    harness.createTable(REGION, "orders", 3);
    harness.dynamoDb(REGION).updateContinuousBackups(b -> b.tableName("orders")
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    harness.createTable(REGION, "orders-scratch", 1); // the scratch table's name is taken
    harness.startOperator();

    DynamoItemRestore restore = new DynamoItemRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName("taken").build());
    restore.setSpec(new DynamoItemRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.pointInTimeRecovery = new PointInTimeRecoverySource(TableReference.named("orders",
        REGION), null, true);
    restore.getSpec().target = new ItemRestoreTarget("orders", REGION);
    restore.getSpec().items = new ItemSelection();
    restore.getSpec().items.all = true;
    restore.getSpec().iamRoleArn = ROLE;
    restore.getSpec().scratchTableName = "orders-scratch";
    harness.create(restore);

    DynamoItemRestore refused = harness.advanceUntil(() -> harness.get(DynamoItemRestore.class, "taken"),
        r -> r != null && r.getStatus() != null && Conditions.find(r.getStatus().conditions, Conditions.READY)
            .map(c -> "TargetExists".equals(c.getReason())).orElse(false));
    assertThat(refused.getStatus().phase).isEqualTo(ItemRestorePhase.Pending);
    Condition ready = Conditions.find(refused.getStatus().conditions, Conditions.READY).orElseThrow();
    assertThat(ready.getMessage()).contains("table orders-scratch already exists");
    assertThat(harness.events("taken")).extracting(Event::getReason).doesNotContain("Restoring")
        .contains("StartingScratchRestore", "TargetExists");
    assertThat(harness.events("taken")).filteredOn(e -> "TargetExists".equals(e.getReason()))
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertThat(harness.dynamoDb(REGION).scan(b -> b.tableName("orders-scratch")).count()).isEqualTo(1);
  }
}
