package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.aws.BackupService.RecoveryPoint;
import io.dynamobackup.operator.reconcile.ReconcileContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One listing of a vault (ListRecoveryPointsByBackupVault, all pages) serves every plan that searches it for its earlier
 * recovery points shortly after: a fleet of new plans in one vault (a cluster rebuilt, an estate applied at once) lists
 * it about once per {@link #FRESH} instead of once per plan. A listing is shared only with plans created before it
 * began, so each plan gets a view of the vault taken after it existed, as its own listing would be: the points its
 * earlier incarnations made are all there. Listings are kept per (identity, Region, vault) and only while fresh;
 * concurrent searches of one vault wait for one listing. A failed listing is not kept.
 */
final class VaultScans {
  /** How long one listing serves the searches of other plans. */
  static final Duration FRESH = Duration.ofSeconds(30);

  private record Key(AwsIdentity identity, String region, String vault) {}

  private static final class Listing {
    Instant startedAt;
    List<RecoveryPoint> points;
  }

  private final Map<Key, Listing> listings = new ConcurrentHashMap<>();

  /** The DynamoDB recovery points of {@code vault} for the plan of {@code context}, newest first. */
  List<RecoveryPoint> points(PlanHistory.Vault vault, ReconcileContext<DynamoBackupPlan> context) {
    DynamoBackupPlan plan = context.resource();
    Key key = new Key(context.dependencies().identityFor(plan.getMetadata().getNamespace()), vault.region(),
        vault.name());
    Instant created = createdAt(plan);
    Listing listing = listings.computeIfAbsent(key, k -> new Listing());
    synchronized (listing) {
      Instant now = context.dependencies().clock().instant(); // not the reconcile's start: it may have waited here
      if (listing.points != null && created != null && !listing.startedAt.isBefore(created.plusSeconds(1))
          && !now.isBefore(listing.startedAt) && !now.isAfter(listing.startedAt.plus(FRESH))) {
        return listing.points;
      }
      listing.points = null;
      List<RecoveryPoint> points = context.aws().backups().listRecoveryPoints(vault.region(), vault.name());
      listing.startedAt = now;
      listing.points = List.copyOf(points);
      return listing.points;
    }
  }

  /** Drops the listings that no longer serve anyone (a rebuilt estate's vault is not read again for long). */
  void forgetStale(Instant now) {
    listings.values().removeIf(l -> {
      synchronized (l) {
        return l.points == null || now.isAfter(l.startedAt.plus(FRESH)) || now.isBefore(l.startedAt);
      }
    });
  }

  /** The plan's creationTimestamp (whole seconds); null if the API server gave none or an unparseable one. */
  static Instant createdAt(DynamoBackupPlan plan) {
    try {
      String created = plan.getMetadata().getCreationTimestamp();
      return created == null ? null : Instant.parse(created);
    } catch (RuntimeException unparseable) {
      return null;
    }
  }
}
