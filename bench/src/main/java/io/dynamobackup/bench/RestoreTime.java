package io.dynamobackup.bench;

import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.operator.OperatorMain;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.sandbox.DemoAws;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The recovery time the operator reports against the time AWS took: a table of 300 items with tags, TTL and PITR is
 * backed up, then restored {@code runs} times one after another (so no restore waits for another's turn). Ready time =
 * status.requestedTime to settingsAppliedTime (the RTO the operator reports: the job, the table ACTIVE, every setting
 * re-applied and read back once); emulator time = the restore job's CreationDate to CompletionDate in local-aws (its
 * table ACTIVE). The operator runs in-process on the system clock with its default restore polling.
 */
final class RestoreTime {
  record Run(String name, Duration ready, Duration emulator) {
    double ratio() {
      return ready.toMillis() / (double) emulator.toMillis();
    }
  }

  private RestoreTime() {}

  static List<Run> run(int runs) throws Exception {
    Clock clock = Clock.systemUTC();
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).build());
        ApiServer api = new ApiServer(clock).start("127.0.0.1", 0);
        KubernetesClient client = BenchEnv.client(api.url())) {
      BenchEnv.vault(aws.endpoint());
      BenchEnv.tables(aws.endpoint(), List.of("orders"), 300, Map.of("team", "payments", "app", "orders"));
      try (var ddb = DemoAws.dynamoDb(aws.endpoint(), BenchEnv.REGION)) {
        ddb.updateTimeToLive(b -> b.tableName("orders").timeToLiveSpecification(t -> t.enabled(true)
            .attributeName("expiresAt")));
        ddb.updateContinuousBackups(b -> b.tableName("orders")
            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
      }
      BenchEnv.cluster(client);
      // Default restore polling; the backup's first poll is shortened only to get to the restores sooner.
      var config = BenchEnv.operatorConfig(aws.endpoint(), 1, Map.of("DYNAMOBACKUP_POLL_INITIAL_INTERVAL", "PT2S"));
      try (OperatorMain.Running operator = OperatorMain.start(config, client, clock, true, DemoAws.credentials());
          var backup = DemoAws.backup(aws.endpoint(), BenchEnv.REGION)) {
        client.resource(backup()).create();
        await(() -> {
          DynamoBackup b = client.resources(DynamoBackup.class).withName("orders-now").get();
          return b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed;
        }, Duration.ofSeconds(120), "the source backup Completed");
        List<Run> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          String name = "orders-restored-" + i;
          client.resource(restore(name)).create();
          await(() -> {
            DynamoRestore r = client.resources(DynamoRestore.class).withName(name).get();
            return r.getStatus() != null && r.getStatus().phase == RestorePhase.Ready;
          }, Duration.ofSeconds(120), name + " Ready");
          DynamoRestoreStatus status = client.resources(DynamoRestore.class).withName(name).get().getStatus();
          var job = backup.describeRestoreJob(b -> b.restoreJobId(status.restoreJobId));
          results.add(new Run(name, Duration.between(Instant.parse(status.requestedTime),
              Instant.parse(status.settingsAppliedTime)), Duration.between(job.creationDate(), job.completionDate())));
        }
        return results;
      }
    }
  }

  static void print(List<Run> runs) {
    System.out.printf("%-20s %10s %10s %8s%n", "restore", "Ready", "AWS job", "ratio");
    for (Run r : runs) {
      System.out.printf("%-20s %9.2fs %9.2fs %8.2f%n", r.name(), r.ready().toMillis() / 1000.0,
          r.emulator().toMillis() / 1000.0, r.ratio());
    }
  }

  private static void await(Supplier<Boolean> condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not " + what + " within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  private static DynamoBackup backup() {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("orders-now").withNamespace(BenchEnv.NAMESPACE).build());
    DynamoBackupSpec spec = new DynamoBackupSpec();
    spec.table = TableReference.named("orders", BenchEnv.REGION);
    spec.backupVault = BenchEnv.VAULT;
    spec.iamRoleArn = BenchEnv.ROLE;
    backup.setSpec(spec);
    return backup;
  }

  private static DynamoRestore restore(String name) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(BenchEnv.NAMESPACE).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef("orders-now");
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = name;
    restore.getSpec().settings = new RestoreSettings();
    restore.getSpec().settings.deletionProtection = true;
    return restore;
  }
}
