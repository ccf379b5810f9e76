package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.localaws.ManualClock;
import io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.aws.AwsServices;
import io.dynamobackup.operator.aws.TableService;
import io.dynamobackup.operator.aws.TableSettingsService;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.Shard;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.limits.ApiLimits;
import io.dynamobackup.operator.reconcile.JitteredRetry;
import io.dynamobackup.operator.reconcile.ReconcileDependencies;
import io.dynamobackup.operator.testing.KubernetesApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DeletionPolicy Delete as the operator's cleanup sees it, reconcile by reconcile with the injectable clock: which
 * table it drops, what goes with it, and how a blocked deletion re-checks. AWS answers come from stand-ins that log
 * every call.
 */
class RestoreDeletionTest {
  private static final Instant ACTIVE = Instant.parse("2026-11-20T10:00:00Z");
  private static final String REGION = "eu-west-1";

  private final ManualClock clock = new ManualClock(ACTIVE.plus(Duration.ofHours(1)));
  private final KubernetesApi kubernetes = new KubernetesApi(clock);
  private final KubernetesClient client = kubernetes.client();
  private final List<String> calls = new ArrayList<>();
  private TableService.TableInfo table = table("id-restored", ACTIVE.minusSeconds(60), true);
  private final DynamoRestoreReconciler reconciler = reconciler();

  @AfterEach
  void close() {
    kubernetes.close();
  }

  @Test
  void aBlockedDeletionRechecksWithJitteredBackOffAndWarnsOnce() {
    DynamoRestore restore = deleting(status("id-restored"));
    List<Duration> waits = new ArrayList<>();
    for (Duration blockedFor : List.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofMinutes(2),
        Duration.ofMinutes(8), Duration.ofHours(1), Duration.ofHours(5))) {
      clock.set(deletionTime(restore).plus(blockedFor));
      DeleteControl control = reconciler.cleanup(latest(), josdk());
      assertThat(control.isRemoveFinalizer()).isFalse();
      waits.add(Duration.ofMillis(control.getScheduleDelay().orElseThrow()));
    }
    // errorRetry: 10 s initial, 10 min max (the defaults); each wait in [step/2, step] of a step as long as the wait so far
    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertThat(waits.get(1)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    assertThat(waits.get(2)).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
    assertThat(waits.subList(3, 6)).allSatisfy(w -> assertThat(w).isBetween(Duration.ofMinutes(4),
        Duration.ofMinutes(10)));
    assertThat(waits).as("jittered, not a fixed poll").doesNotHaveDuplicates();
    assertThat(calls).containsOnly("DescribeTable scratch").hasSize(6);

    DynamoRestore blocked = latest();
    assertThat(blocked.getStatus().phase).isEqualTo(RestorePhase.Deleting);
    assertThat(Conditions.find(blocked.getStatus().conditions, Conditions.READY).orElseThrow().getReason())
        .isEqualTo("DeletionProtected");
    assertThat(events()).filteredOn(e -> "DeletionProtected".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void aTableCreatedAgainUnderTheSameNameIsKeptAndTheObjectGoes() {
    table = table("id-new", ACTIVE.plus(Duration.ofMinutes(30)), false);
    DynamoRestore restore = deleting(status("id-restored"));

    DeleteControl control = reconciler.cleanup(restore, josdk());

    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(calls).containsExactly("DescribeTable scratch");
    assertThat(events()).filteredOn(e -> "TableReplaced".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .satisfies(e -> assertThat(e.getMessage()).contains("TableId id-restored", "TableId id-new",
            "the table and its data stay"));
    assertThat(Conditions.find(latest().getStatus().conditions, Conditions.READY).orElseThrow().getMessage())
        .contains("id-restored", "id-new");
  }

  @Test
  void withoutARecordedIdTheCreationTimeDecides() {
    table = table(null, ACTIVE.plus(Duration.ofMinutes(30)), false); // created after the restore saw its table ACTIVE
    assertThat(reconciler.cleanup(deleting(status(null)), josdk()).isRemoveFinalizer()).isTrue();
    assertThat(calls).containsExactly("DescribeTable scratch");
    assertThat(events()).extracting(Event::getReason).contains("TableReplaced");
  }

  @Test
  void theRestoredTableGoesWithTheScalableTargetsAndAlarmsTheOperatorPutOnIt() {
    table = table("id-restored", ACTIVE.minusSeconds(60), false);
    DynamoRestoreStatus status = status(null); // restored before ids were recorded: created before it was ACTIVE
    status.managedAlarms = List.of("scratch-throttled");
    status.managedScalableTargets = List.of("table/scratch|dynamodb:table:ReadCapacityUnits",
        "table/scratch/index/by-data|dynamodb:index:WriteCapacityUnits");

    assertThat(reconciler.cleanup(deleting(status), josdk()).isRemoveFinalizer()).isTrue();

    assertThat(calls).containsExactly("DescribeTable scratch", "DeleteTable scratch",
        "DeregisterScalableTarget scratch null ReadCapacityUnits",
        "DeregisterScalableTarget scratch by-data WriteCapacityUnits", "DeleteAlarms [scratch-throttled]");
    assertThat(events()).filteredOn(e -> "TableDeleted".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("scratch-throttled", "table/scratch/index/by-data"));
  }

  private DynamoRestoreStatus status(String tableId) {
    DynamoRestoreStatus status = new DynamoRestoreStatus();
    status.phase = RestorePhase.Ready;
    status.requestedTime = ACTIVE.minus(Duration.ofMinutes(10)).toString();
    status.tableActiveTime = ACTIVE.toString();
    status.targetTableName = "scratch";
    status.targetRegion = REGION;
    status.tableArn = "arn:aws:dynamodb:eu-west-1:111122223333:table/scratch";
    status.tableId = tableId;
    return status;
  }

  /** A Delete restore with this status, created with the operator's finalizer and then deleted. */
  private DynamoRestore deleting(DynamoRestoreStatus status) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
        .serverSideApply();
    DynamoRestore restore = RestoreFixtures.restore("scratch", "orders-now", "scratch");
    restore.setMetadata(new ObjectMetaBuilder().withName("scratch").withNamespace("default")
        .withFinalizers("dynamorestores.dynamobackup.io/finalizer").build());
    restore.getSpec().deletionPolicy = DeletionPolicy.Delete;
    DynamoRestore created = client.resource(restore).create();
    created.setStatus(status);
    client.resource(created).updateStatus();
    client.resource(created).delete();
    return latest();
  }

  private DynamoRestore latest() {
    return client.resources(DynamoRestore.class).inNamespace("default").withName("scratch").get();
  }

  private static Instant deletionTime(DynamoRestore restore) {
    return Instant.parse(restore.getMetadata().getDeletionTimestamp());
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("default").list().getItems();
  }

  private static TableService.TableInfo table(String id, Instant created, boolean deletionProtection) {
    return new TableService.TableInfo("scratch", "arn:aws:dynamodb:eu-west-1:111122223333:table/scratch", "ACTIVE",
        0, 0, false, null, deletionProtection, "PROVISIONED", 5L, 5L, List.of("by-data"), List.of(), null, null,
        "STANDARD", null, null, List.of(), List.of(), null, List.of(), null, id, created);
  }

  private DynamoRestoreReconciler reconciler() {
    TableService tables = standIn(TableService.class, (name, args) -> switch (name) {
      case "describeTable" -> table;
      case "deleteTable" -> null;
      default -> throw new AssertionError("unexpected " + name);
    });
    TableSettingsService settings = standIn(TableSettingsService.class, (name, args) -> null);
    RetrySchedule schedule = new RetrySchedule(OperatorConfig.defaults());
    return new DynamoRestoreReconciler(new ReconcileDependencies(
        identity -> new AwsServices(null, tables, settings, null, null, null), TenancyGuard.singleTenant(),
        new EventRecorder(client, clock), new OperatorMetrics(new SimpleMeterRegistry()), schedule,
        new JitteredRetry(schedule, new SplittableRandom(7)), clock, ApiLimits.defaults(), Shard.all()));
  }

  private interface Answer {
    Object answer(String method, Object[] args);
  }

  /** An AWS service whose calls are logged as AWS names them, with the arguments that matter here. */
  @SuppressWarnings("unchecked")
  private <T> T standIn(Class<T> type, Answer answer) {
    return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      switch (method.getName()) {
        case "describeTable" -> calls.add("DescribeTable " + args[1]);
        case "deleteTable" -> calls.add("DeleteTable " + args[1]);
        case "deregisterAutoScaling" -> calls.add("DeregisterScalableTarget " + args[1] + " " + args[2] + " "
            + ((AutoScalingSettings.ScalableDimension) args[3]).name());
        case "deleteAlarms" -> calls.add("DeleteAlarms " + args[1]);
        default -> calls.add(method.getName());
      }
      return answer.answer(method.getName(), args);
    });
  }

  @SuppressWarnings("unchecked")
  private Context<DynamoRestore> josdk() {
    return (Context<DynamoRestore>) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Context.class}, (proxy, method, args) -> "getClient".equals(method.getName()) ? client : null);
  }
}
