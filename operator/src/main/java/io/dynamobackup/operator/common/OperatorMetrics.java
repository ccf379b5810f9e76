package io.dynamobackup.operator.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The operator's own metrics, named and described in one place. */
public final class OperatorMetrics {
  private final MeterRegistry registry;

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

  /** An AWS call failed in a way the operator retries (throttling, 5xx) or reports (AccessDenied, NotFound). */
  public void awsError(String kind, String code) {
    Counter.builder("dynamobackup_reconcile_aws_errors").description("AWS errors seen while reconciling, by code")
        .tag("kind", kind).tag("code", code).register(registry).increment();
  }
}
