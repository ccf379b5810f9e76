package io.dynamobackup.bench;

import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.operator.OperatorMain;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.sandbox.DemoAws;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Idle AWS traffic of a fleet at rest: P plans (a yearly schedule, whose slot is far away) and R Ready restores. After
 * start-up (each plan asks about its table once), local-aws's call log is counted over a window. A Ready restore calls
 * AWS only for a drift check (every drift.checkInterval, default PT12H): to see checks happen in minutes, this part
 * runs with drift.checkInterval = {@code interval} and the restores' last checks spread over the last interval, as in
 * a steady state; calls per object per hour at the default interval are the measured rate times interval / PT12H
 * (a check costs the same calls whatever the interval). Then again with drift checks off (PT0S): counted as measured.
 * Client-side rate limits are off here (0): the compressed interval would exceed CloudWatch's DescribeAlarms quota,
 * which at the real interval is far away.
 */
final class IdleCalls {
  record Result(int plans, int restores, Duration interval, Duration window, long calls,
      Map<String, Long> byOperation, long callsDriftOff, Duration windowDriftOff) {
    /** Calls per object (plan or restore) per hour with the default drift.checkInterval. */
    double perObjectPerHourAtDefault() {
      Duration defaultInterval = OperatorConfig.defaults().driftCheckInterval();
      double perObjectPerSecond = calls / (double) (plans + restores) / (window.toMillis() / 1000.0);
      return perObjectPerSecond * interval.toMillis() / defaultInterval.toMillis() * 3600;
    }
  }

  private IdleCalls() {}

  static Result run(int plans, int restores, Duration interval, Duration window) throws Exception {
    Clock clock = Clock.systemUTC();
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).build());
        ApiServer api = new ApiServer(clock).start("127.0.0.1", 0);
        KubernetesClient client = BenchEnv.client(api.url())) {
      BenchEnv.vault(aws.endpoint());
      List<String> planTables = IntStream.range(0, plans).mapToObj(i -> String.format("idle-plan-%04d", i)).toList();
      List<String> restored = IntStream.range(0, restores).mapToObj(i -> String.format("idle-restored-%04d", i))
          .toList();
      BenchEnv.tables(aws.endpoint(), planTables, 0, Map.of("app", "idle"));
      BenchEnv.tables(aws.endpoint(), restored, 0, Map.of("team", "fleet"));
      BenchEnv.parallel(restores, i -> {
        try (var ddb = DemoAws.dynamoDb(aws.endpoint(), BenchEnv.REGION)) {
          ddb.updateTable(b -> b.tableName(restored.get(i)).deletionProtectionEnabled(true));
        }
      });
      BenchEnv.cluster(client);
      BenchEnv.parallel(plans, i -> client.resource(BenchEnv.plan(String.format("idle-%04d", i), planTables.get(i),
          "0 3 1 1 *")).create()); // yearly: no slot during the bench
      Instant now = clock.instant();
      RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
      BenchEnv.parallel(restores, i -> {
        TableDescription table;
        try (var ddb = DemoAws.dynamoDb(aws.endpoint(), BenchEnv.REGION)) {
          table = ddb.describeTable(b -> b.tableName(restored.get(i))).table();
        }
        DynamoRestore created = client.resource(restore(restored.get(i))).create();
        created.setStatus(readyStatus(table, now.minusMillis((long) (random.nextDouble() * interval.toMillis()))));
        client.resource(created).updateStatus();
      });
      Map<String, String> env = new HashMap<>();
      env.put("DYNAMOBACKUP_DRIFT_CHECK_INTERVAL", interval.toString());
      for (OperatorConfig.Option option : OperatorConfig.Option.values()) {
        if (option.key.startsWith("rateLimit.") && !option.key.equals("rateLimit.concurrentRestores")
            && !option.key.equals("rateLimit.maxWait")) {
          env.put(option.environmentVariable(), "0");
        }
      }
      long calls;
      Map<String, Long> byOperation;
      try (OperatorMain.Running operator = OperatorMain.start(BenchEnv.operatorConfig(aws.endpoint(), 1, env), client,
          clock, true, DemoAws.credentials())) {
        settle(client, aws, plans);
        aws.clearCalls();
        Thread.sleep(window.toMillis());
        List<CallRecord> log = aws.calls();
        calls = log.size();
        byOperation = log.stream().collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new,
            Collectors.counting()));
      }
      env.put("DYNAMOBACKUP_DRIFT_CHECK_INTERVAL", "PT0S");
      Duration offWindow = window.dividedBy(2);
      long off;
      try (OperatorMain.Running operator = OperatorMain.start(BenchEnv.operatorConfig(aws.endpoint(), 1, env), client,
          clock, true, DemoAws.credentials())) {
        settle(client, aws, plans);
        aws.clearCalls();
        Thread.sleep(offWindow.toMillis());
        off = aws.calls().size();
      }
      return new Result(plans, restores, interval, window, calls, byOperation, off, offWindow);
    }
  }

  /** Waits until every plan has a status and AWS has seen no call for 3 s (the start-up is over). */
  private static void settle(KubernetesClient client, LocalAws aws, int plans) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (client.resources(DynamoBackupPlan.class).list().getItems().stream()
        .filter(p -> p.getStatus() != null && p.getStatus().selectedTables != null).count() < plans) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the plans were not all reconciled within 3 minutes");
      }
      Thread.sleep(500);
    }
    int last = -1;
    while (aws.calls().size() != last && System.nanoTime() < deadline) {
      last = aws.calls().size();
      Thread.sleep(3000);
    }
  }

  /**
   * A restore that made {@code table} (its job ran the minute before the table's creation time) and was checked at
   * {@code checked}: the status the operator writes for Ready, with the table's identity.
   */
  private static DynamoRestoreStatus readyStatus(TableDescription table, Instant checked) {
    DynamoRestoreStatus status = new DynamoRestoreStatus();
    Instant created = table.creationDateTime();
    status.observedGeneration = 1L;
    status.phase = RestorePhase.Ready;
    status.recoveryPointArn = recoveryPoint();
    status.recoveryPointRegion = BenchEnv.REGION;
    status.restorePath = "AwsBackup: AWS Backup StartRestoreJob (target name and SSE in its metadata)";
    status.requestedTime = created.minusSeconds(60).toString();
    status.restoreStartedTime = status.requestedTime;
    status.tableActiveTime = created.toString();
    status.settingsAppliedTime = status.tableActiveTime;
    status.settingsCheckedTime = checked.toString();
    status.restoreDuration = "1m0s";
    status.tableArn = table.tableArn();
    status.tableId = table.tableId();
    status.tableCreationTime = created.toString();
    status.restoreJobId = "bench-" + table.tableName();
    String at = status.settingsAppliedTime;
    status.conditions = new ArrayList<>(List.of(
        new ConditionBuilder().withType("Ready").withStatus("True").withReason("Ready").withObservedGeneration(1L)
            .withMessage("table " + status.tableArn + " is restored and its settings are applied")
            .withLastTransitionTime(at).build(),
        new ConditionBuilder().withType("TableActive").withStatus("True").withReason("TableActive")
            .withObservedGeneration(1L).withMessage("table " + status.tableArn + " is ACTIVE").withLastTransitionTime(at)
            .build(),
        new ConditionBuilder().withType("SettingsApplied").withStatus("True").withReason("InSync")
            .withObservedGeneration(1L).withMessage("every desired setting is applied").withLastTransitionTime(at)
            .build()));
    return status;
  }

  private static String recoveryPoint() {
    return "arn:aws:backup:" + BenchEnv.REGION + ":" + DemoAws.ACCOUNT + ":recovery-point:bench-idle";
  }

  private static DynamoRestore restore(String table) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(table).withNamespace(BenchEnv.NAMESPACE).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.recoveryPointArn = recoveryPoint();
    restore.getSpec().iamRoleArn = BenchEnv.ROLE;
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = table;
    restore.getSpec().target.region = BenchEnv.REGION;
    restore.getSpec().settings = new RestoreSettings();
    restore.getSpec().settings.fromSource = false;
    restore.getSpec().settings.tags = Map.of("team", "fleet");
    restore.getSpec().settings.deletionProtection = true;
    return restore;
  }
}
