package io.dynamobackup.operator.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The operator's own metrics, named and described in one place. */
public final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<String, PlanGauges> plans = new ConcurrentHashMap<>();
  /** Per-plan drill meters (namespace/name → meters), removed with the plan's gauges. */
  private final Map<String, CopyOnWriteArrayList<Meter>> drillMeters = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A backup reached a terminal phase: Completed, Failed or Expired. */
  public void backupFinished(String namespace, String result, Duration jobDuration, Long sizeBytes) {
    Counter.builder("dynamobackup_backups").description("Backups by terminal result")
        .tag("namespace", namespace).tag("result", result).register(registry).increment();
    if (jobDuration != null) {
      Timer.builder("dynamobackup_backup_job_duration").description("AWS Backup job duration, creation to completion")
          .publishPercentileHistogram().tag("namespace", namespace).register(registry).record(jobDuration);
    }
    if (sizeBytes != null) {
      DistributionSummary.builder("dynamobackup_recovery_point_size").baseUnit("bytes")
          .description("Size of completed recovery points").tag("namespace", namespace).register(registry)
          .record(sizeBytes);
    }
  }

  /** A restore became Ready (its duration is the measured RTO) or Failed. */
  public void restoreFinished(String namespace, String table, String result, Duration took) {
    Counter.builder("dynamobackup_restores").description("Restores by terminal result")
        .tag("namespace", namespace).tag("result", result).register(registry).increment();
    if (took != null) {
      Timer.builder("dynamobackup_restore_duration").description("Time from restore request to an ACTIVE table with"
          + " every setting applied: the measured recovery time (RTO)")
          .publishPercentileHistogram().tag("namespace", namespace).tag("table", table).register(registry).record(took);
    }
  }

  /**
   * A restore drill of a plan ended: {@code dynamobackup_restore_drills_total{namespace,plan,result}} (result Succeeded
   * or Failed; the chart's DynamoRestoreDrillFailed alert reads it) and, when the drill's restore became Ready, its
   * measured restore time in {@code dynamobackup_drill_restore_duration_seconds{namespace,plan}} (a histogram) and
   * {@code dynamobackup_drill_restore_duration_recent_seconds{namespace,plan,quantile}} (p50, p95 of about the last 30
   * days), so a team can state its RTO per plan from measurements.
   */
  public void drillFinished(String namespace, String plan, String result, Duration restoreDuration) {
    CopyOnWriteArrayList<Meter> meters = drillMeters.computeIfAbsent(namespace + "/" + plan,
        key -> new CopyOnWriteArrayList<>());
    Counter counter = Counter.builder("dynamobackup_restore_drills").description("Restore drills by result")
        .tag("namespace", namespace).tag("plan", plan).tag("result", result).register(registry);
    counter.increment();
    meters.addIfAbsent(counter);
    if (restoreDuration != null) {
      // Micrometer's Prometheus registry exports a timer either as a histogram (buckets) or as a summary (client-side
      // quantiles), never both: the histogram serves histogram_quantile() over any range, the summary reads p50/p95
      // of the drills of roughly the last 30 days directly (drills are rare: the default 2-minute window is empty).
      Timer histogram = Timer.builder("dynamobackup_drill_restore_duration").description("Restore time measured by"
              + " restore drills, request to an ACTIVE table with every setting applied: the plan's measured RTO")
          .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
          .maximumExpectedValue(Duration.ofHours(24))
          .tag("namespace", namespace).tag("plan", plan).register(registry);
      Timer recent = Timer.builder("dynamobackup_drill_restore_duration_recent").description("p50 and p95 of the"
              + " restore time measured by the restore drills of about the last 30 days (the plan's RTO)")
          .publishPercentiles(0.5, 0.95).distributionStatisticExpiry(Duration.ofDays(30))
          .distributionStatisticBufferLength(3)
          .tag("namespace", namespace).tag("plan", plan).register(registry);
      histogram.record(restoreDuration);
      recent.record(restoreDuration);
      meters.addIfAbsent(histogram);
      meters.addIfAbsent(recent);
    }
  }

  /**
   * A plan was observed: the age of its newest completed recovery point (computed when scraped; NaN before the first
   * one) and whether its backups are overdue (1) or not (0).
   */
  public void planObserved(String namespace, String plan, Instant newestCompletion, boolean overdue, Clock clock) {
    PlanGauges gauges = plans.computeIfAbsent(namespace + "/" + plan, key -> {
      PlanGauges created = new PlanGauges(new AtomicReference<>(), new AtomicInteger(), clock,
          new CopyOnWriteArrayList<>(), new ConcurrentHashMap<>());
      created.meters().add(Gauge.builder("dynamobackup_plan_recovery_point_age_seconds",
              created, g -> g.newest().get() == null ? Double.NaN
                  : Duration.between(g.newest().get(), g.clock().instant()).toMillis() / 1000.0)
          .description("Age of the newest completed recovery point of a plan").baseUnit("seconds")
          .tag("namespace", namespace).tag("plan", plan).register(registry));
      created.meters().add(Gauge.builder("dynamobackup_plan_backup_overdue", created, g -> g.overdue().get())
          .description("1 when a plan's last successful backup is older than two schedule intervals")
          .tag("namespace", namespace).tag("plan", plan).register(registry));
      return created;
    });
    gauges.newest().set(newestCompletion);
    gauges.overdue().set(overdue ? 1 : 0);
  }

  /**
   * A plan's copies were observed, per destination Region: {@code dynamobackup_plan_copy_age_seconds{namespace,plan,
   * region}}, the age of the newest completed copy there (for several tables, the oldest of their newest copies;
   * computed when scraped; NaN while there is none), and {@code dynamobackup_plan_copies_overdue{namespace,plan,region}}
   * (1 when older than two schedule intervals): the recovery point objective when the source Region is lost.
   */
  public void planCopiesObserved(String namespace, String plan,
      List<io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus.CopyRegion> regions, Clock clock) {
    if (regions == null) {
      return;
    }
    PlanGauges gauges = plans.get(namespace + "/" + plan);
    if (gauges == null) {
      return; // planObserved registers a plan's gauges first
    }
    for (var region : regions) {
      CopyGauges copy = gauges.copies().computeIfAbsent(region.region, r -> {
        CopyGauges created = new CopyGauges(new AtomicReference<>(), new AtomicInteger());
        gauges.meters().add(Gauge.builder("dynamobackup_plan_copy_age_seconds", created,
                g -> g.newest().get() == null ? Double.NaN
                    : Duration.between(g.newest().get(), clock.instant()).toMillis() / 1000.0)
            .description("Age of the newest completed copy of a plan's backups in a destination Region")
            .baseUnit("seconds").tag("namespace", namespace).tag("plan", plan).tag("region", r).register(registry));
        gauges.meters().add(Gauge.builder("dynamobackup_plan_copies_overdue", created, g -> g.overdue().get())
            .description("1 when a plan's newest completed copy in a Region is older than two schedule intervals")
            .tag("namespace", namespace).tag("plan", plan).tag("region", r).register(registry));
        return created;
      });
      copy.newest().set(region.newestCopyTime == null ? null : Instant.parse(region.newestCopyTime));
      copy.overdue().set(Boolean.TRUE.equals(region.overdue) ? 1 : 0);
    }
  }

  /** Drops the gauges of plans that no longer exist; {@code existing} holds namespace/name keys. */
  public void retainPlans(Set<String> existing) {
    drillMeters.keySet().removeIf(key -> {
      if (existing.contains(key)) {
        return false;
      }
      drillMeters.get(key).forEach(registry::remove);
      return true;
    });
    plans.keySet().removeIf(key -> {
      if (existing.contains(key)) {
        return false;
      }
      plans.get(key).meters().forEach(registry::remove);
      return true;
    });
  }

  private record PlanGauges(AtomicReference<Instant> newest, AtomicInteger overdue, Clock clock, List<Meter> meters,
      Map<String, CopyGauges> copies) {}

  private record CopyGauges(AtomicReference<Instant> newest, AtomicInteger overdue) {}

  /**
   * The tenancy guard denied fields of an object: {@code dynamobackup_tenancy_denials_total{namespace,kind,field}}, one
   * per denied field (list indexes and notes in parentheses dropped, so spec.copies[].backupVaultArn is one series and
   * no ARN becomes a label value).
   */
  public void tenancyDenied(String namespace, String kind, List<TenancyGuard.Denial> denials) {
    denials.stream().map(d -> d.field().replaceAll("\\[\\d+]", "[]").replaceAll(" \\(.*\\)$", "")).distinct()
        .forEach(field ->
        Counter.builder("dynamobackup_tenancy_denials").description("Objects (reconciles) denied by the tenancy policy,"
            + " by denied field").tag("namespace", namespace).tag("kind", kind).tag("field", field).register(registry)
            .increment());
  }

  /**
   * Items an item restore handled: {@code dynamobackup_item_restore_items_total{namespace,outcome}} with outcome written,
   * skipped, failed or notFound, counted as the copy goes (a dry run counts skipped and notFound only).
   */
  public void itemsRestored(String namespace, String outcome, long count) {
    Counter.builder("dynamobackup_item_restore_items").description("Items handled by item restores, by outcome")
        .tag("namespace", namespace).tag("outcome", outcome).register(registry).increment(count);
  }

  /**
   * An item restore ended: {@code dynamobackup_item_restores_total{namespace,result}} (Completed, PartiallyFailed or
   * Failed) and its duration, request to scratch table deleted, in {@code dynamobackup_item_restore_duration_seconds}.
   */
  public void itemRestoreFinished(String namespace, String result, Duration took) {
    Counter.builder("dynamobackup_item_restores").description("Item restores by result")
        .tag("namespace", namespace).tag("result", result).register(registry).increment();
    if (took != null) {
      Timer.builder("dynamobackup_item_restore_duration").description("Time from item restore request to its scratch"
          + " table deleted").publishPercentileHistogram().tag("namespace", namespace).register(registry).record(took);
    }
  }

  /** An AWS call failed in a way the operator retries (throttling, 5xx) or reports (AccessDenied, NotFound). */
  public void awsError(String kind, String code) {
    Counter.builder("dynamobackup_reconcile_aws_errors").description("AWS errors seen while reconciling, by code")
        .tag("kind", kind).tag("code", code).register(registry).increment();
  }
}
