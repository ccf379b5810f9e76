package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.plan.ChildBackups;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A plan follows its children through the backup controller's cache, as it would through an informer of its own. */
class SharedCacheSourceTest {
  private final SharedCaches caches = new SharedCaches();
  private final MapCache cache = new MapCache();
  private final List<ResourceID> triggered = new ArrayList<>();
  private EventSource<Void, DynamoBackup> relay;
  private SharedCacheSource<DynamoBackup, DynamoBackupPlan> children;

  @BeforeEach
  void share() {
    relay = caches.share(DynamoBackup.class, cache);
    children = SharedCacheSource.over(caches, DynamoBackup.class, DynamoBackupPlan.class,
        SharedCacheSourceTest::owners, Duration.ofSeconds(1)).orElseThrow();
    children.setOnUpdateFilter((updated, previous) -> phase(updated) != phase(previous)
        && phase(updated) == BackupPhase.Completed);
    children.setEventHandler(event -> triggered.add(event.getRelatedCustomResourceID()));
  }

  @Test
  void aPlanSeesItsOwnChildrenOnly() {
    cache.add(child("daily-orders-1", "daily", BackupPhase.Completed));
    cache.add(child("daily-orders-2", "daily", BackupPhase.Running));
    cache.add(child("hourly-orders-1", "hourly", BackupPhase.Completed));

    assertThat(names(children.getSecondaryResources(plan("daily"))))
        .containsExactlyInAnyOrder("daily-orders-1", "daily-orders-2");
    assertThat(names(children.getSecondaryResources(plan("weekly")))).isEmpty();
  }

  @Test
  void onlyTheChangesThePlanActsOnReconcileIt() {
    DynamoBackup running = child("daily-orders-1", "daily", BackupPhase.Running);
    DynamoBackup started = child("daily-orders-1", "daily", BackupPhase.Running);
    started.getStatus().backupJobId = "job-1";
    relayUpdate(started, running);
    assertThat(triggered).as("a status update on the child's way").isEmpty();

    relayUpdate(child("daily-orders-1", "daily", BackupPhase.Completed), started);
    assertThat(triggered).containsExactly(new ResourceID("daily", "payments"));

    ((ResourceEventAware<DynamoBackup>) relay).onResourceDeleted(child("hourly-orders-1", "hourly",
        BackupPhase.Completed));
    assertThat(triggered).containsExactly(new ResourceID("daily", "payments"), new ResourceID("hourly", "payments"));
  }

  @Test
  void aChildThePlanCreatedIsSeenBeforeItsWatchEventAndOnceAfter() {
    DynamoBackup adopted = child("daily-orders-1", "daily", BackupPhase.Completed);
    children.created(adopted);
    assertThat(names(children.getSecondaryResources(plan("daily")))).containsExactly("daily-orders-1");

    cache.add(child("daily-orders-1", "daily", BackupPhase.Completed));
    ((ResourceEventAware<DynamoBackup>) relay).onResourceCreated(cache.get(id("daily-orders-1")).orElseThrow());
    assertThat(children.getSecondaryResources(plan("daily"))).hasSize(1)
        .allSatisfy(c -> assertThat(c).isSameAs(cache.get(id("daily-orders-1")).orElseThrow()));
  }

  private void relayUpdate(DynamoBackup updated, DynamoBackup previous) {
    cache.add(updated);
    ((ResourceEventAware<DynamoBackup>) relay).onResourceUpdated(updated, previous);
  }

  private static Set<ResourceID> owners(DynamoBackup child) {
    return child.getMetadata().getOwnerReferences().stream()
        .map(o -> new ResourceID(o.getName(), child.getMetadata().getNamespace())).collect(Collectors.toSet());
  }

  private static BackupPhase phase(DynamoBackup backup) {
    return backup.getStatus().phase;
  }

  private static List<String> names(Set<DynamoBackup> backups) {
    return backups.stream().map(b -> b.getMetadata().getName()).toList();
  }

  private static ResourceID id(String name) {
    return new ResourceID(name, "payments");
  }

  private static DynamoBackupPlan plan(String name) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("payments").withUid(name + "-uid").build());
    return plan;
  }

  private static DynamoBackup child(String name, String plan, BackupPhase phase) {
    DynamoBackup child = new DynamoBackup();
    child.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("payments")
        .addToLabels(ChildBackups.PLAN_LABEL, plan)
        .withOwnerReferences(new OwnerReferenceBuilder().withKind("DynamoBackupPlan").withName(plan)
            .withUid(plan + "-uid").build())
        .build());
    child.setStatus(new DynamoBackupStatus());
    child.getStatus().phase = phase;
    return child;
  }

  /** The shared cache: objects by id, with the indexes its readers add. */
  private static final class MapCache implements IndexerResourceCache<DynamoBackup> {
    private final Map<ResourceID, DynamoBackup> objects = new LinkedHashMap<>();
    private final Map<String, Function<DynamoBackup, List<String>>> indexers = new HashMap<>();

    void add(DynamoBackup backup) {
      objects.put(ResourceID.fromResource(backup), backup);
    }

    @Override
    public void addIndexers(Map<String, Function<DynamoBackup, List<String>>> more) {
      indexers.putAll(more);
    }

    @Override
    public List<DynamoBackup> byIndex(String indexName, String indexKey) {
      return objects.values().stream().filter(o -> indexers.get(indexName).apply(o).contains(indexKey)).toList();
    }

    @Override
    public Optional<DynamoBackup> get(ResourceID resourceID) {
      return Optional.ofNullable(objects.get(resourceID));
    }

    @Override
    public Stream<ResourceID> keys() {
      return objects.keySet().stream();
    }

    @Override
    public Stream<DynamoBackup> list(Predicate<DynamoBackup> predicate) {
      return objects.values().stream().filter(predicate);
    }

    @Override
    public Stream<DynamoBackup> list(String namespace, Predicate<DynamoBackup> predicate) {
      return list(predicate.and(o -> namespace.equals(o.getMetadata().getNamespace())));
    }
  }
}
