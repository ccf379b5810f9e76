package io.dynamobackup.operator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.rules.AlarmRulesTest;
import io.dynamobackup.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The operator's audit trail, to match CloudTrail's: every AWS call that changes data or settings — start backup,
 * copy, restore, delete recovery point, delete table, settings writes — is one Normal event on the object it was made
 * for and one structured log line naming namespace, object, AWS account, Region, operation and resource ARN. Counted
 * against local-aws's own call log, so a call that escapes the trail fails the test.
 */
class AuditTrailIT {
  static final String EU = "eu-west-1";
  static final String US = "us-west-2";
  static final Set<String> READS = Set.of("Scan", "Query", "AssumeRole");
  private final OperatorHarness harness = new OperatorHarness();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger audit = (Logger) LoggerFactory.getLogger("dynamobackup.audit");

  @BeforeEach
  void captureAuditLog() {
    log.start();
    audit.addAppender(log);
  }

  @AfterEach
  void stop() throws Exception {
    audit.detachAppender(log);
    harness.close();
  }

  @Test
  void everyDataChangingCallIsOneEventOnItsObjectAndOneAuditLogLine() {
    String tableArn = harness.createTable(EU, "orders", 5);
    harness.createVault(EU, "prod-vault");
    harness.createVault(US, "dr");
    harness.startOperator();
    harness.aws.clearCalls();

    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("nightly").build());
    backup.setSpec(new DynamoBackupSpec());
    backup.getSpec().table = TableReference.named("orders", EU);
    backup.getSpec().backupVault = "prod-vault";
    backup.getSpec().iamRoleArn = OperatorHarness.ROLE;
    backup.getSpec().deletionPolicy = DeletionPolicy.Delete;
    CopyTarget copy = new CopyTarget();
    copy.backupVaultArn = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr";
    backup.getSpec().copies = List.of(copy);
    harness.create(backup);
    DynamoBackup done = harness.advanceUntil(() -> harness.get(DynamoBackup.class, "nightly"),
        b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed);

    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName("restored").build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().source.backupRef = new RestoreSource.ObjectRef("nightly");
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = "orders-restored";
    restore.getSpec().deletionPolicy = DeletionPolicy.Delete;
    restore.getSpec().settings = new RestoreSettings();
    restore.getSpec().settings.tags = Map.of("team", "payments");
    restore.getSpec().settings.pointInTimeRecovery = true;
    restore.getSpec().settings.timeToLive = new TableSettings.TimeToLiveSettings(true, "expiresAt");
    // A CloudWatch write, with no ARN in its request.
    restore.getSpec().settings.alarms = List.of(AlarmRulesTest.alarm("orders-restored-throttled"));
    harness.create(restore);
    DynamoRestore ready = harness.advanceUntil(() -> harness.get(DynamoRestore.class, "restored"),
        r -> r.getStatus() != null && r.getStatus().phase == RestorePhase.Ready);

    harness.client().resources(DynamoRestore.class).inNamespace(OperatorHarness.NAMESPACE).withName("restored")
        .delete();
    harness.advanceUntil(() -> harness.get(DynamoRestore.class, "restored"), r -> r == null);
    harness.client().resources(DynamoBackup.class).inNamespace(OperatorHarness.NAMESPACE).withName("nightly").delete();
    harness.advanceUntil(() -> harness.get(DynamoBackup.class, "nightly"), b -> b == null);

    // Every successful data call local-aws received is one audit event, on the object it was made for.
    Map<String, Long> calls = harness.aws.calls().stream()
        .filter(c -> c.httpStatus() == 200 && !c.operation().matches("(Describe|List|Get).*")
            && !READS.contains(c.operation()))
        .collect(Collectors.groupingBy(CallRecord::operation, TreeMap::new, Collectors.counting()));
    assertThat(calls).containsKeys("StartBackupJob", "StartCopyJob", "StartRestoreJob", "TagResource",
        "UpdateContinuousBackups", "UpdateTimeToLive", "PutMetricAlarm", "DeleteTable", "DeleteRecoveryPoint");
    // Item writes (the recovery catalog's PutItem) are data events: audit log lines, not Kubernetes events.
    Map<String, Long> resourceCalls = new TreeMap<>(calls);
    assertThat(resourceCalls.remove("PutItem")).as("catalog writes").isEqualTo(2L);
    Map<String, Long> events = auditEvents("nightly", "restored").stream()
        .collect(Collectors.groupingBy(Event::getReason, TreeMap::new, Collectors.counting()));
    assertThat(events).as("audit events by operation").isEqualTo(resourceCalls);
    Map<String, Long> lines = log.list.stream().filter(e -> "success".equals(kv(e).get("outcome")))
        .collect(Collectors.groupingBy(e -> kv(e).get("operation"), TreeMap::new, Collectors.counting()));
    assertThat(lines).as("audit log lines by operation").isEqualTo(calls);

    // The backup also records its point and its copy in the recovery catalog of each Region (created on first use):
    // the catalog tables' CreateTable and settings are events on the backup, the records' PutItem log lines only.
    assertThat(auditEvents("nightly")).extracting(Event::getReason).containsOnly("StartBackupJob", "StartCopyJob",
        "DeleteRecoveryPoint", "CreateTable", "UpdateContinuousBackups", "UpdateTimeToLive");
    Event started = auditEvents("nightly").stream().filter(e -> e.getReason().equals("StartBackupJob")).findFirst()
        .orElseThrow();
    assertThat(started.getType()).isEqualTo("Normal");
    assertThat(started.getMessage()).startsWith("AWS StartBackupJob in 111122223333/eu-west-1 on " + tableArn);
    Event deleted = auditEvents("restored").stream().filter(e -> e.getReason().equals("DeleteTable")).findFirst()
        .orElseThrow();
    assertThat(deleted.getMessage()).startsWith("AWS DeleteTable in 111122223333/eu-west-1 on "
        + ready.getStatus().tableArn);

    Map<String, String> copyLine = log.list.stream().map(AuditTrailIT::kv)
        .filter(kv -> "StartCopyJob".equals(kv.get("operation"))).findFirst().orElseThrow();
    assertThat(copyLine).containsEntry("namespace", "default").containsEntry("kind", "DynamoBackup")
        .containsEntry("name", "nightly").containsEntry("account", "111122223333").containsEntry("region", EU)
        .containsEntry("service", "Backup").containsEntry("resourceArn", done.getStatus().recoveryPointArn)
        .containsEntry("outcome", "success")
        .containsKey("uid");
    assertThat(log.list).allSatisfy(line -> assertThat(kv(line)).containsKeys("namespace", "kind", "name",
        "account", "region", "operation", "resourceArn"));

    // The account is the identity's in every service: CloudWatch's PutMetricAlarm names no ARN, yet it is known.
    Event alarm = auditEvents("restored").stream().filter(e -> e.getReason().equals("PutMetricAlarm")).findFirst()
        .orElseThrow();
    assertThat(alarm.getMessage()).startsWith("AWS PutMetricAlarm in 111122223333/eu-west-1 on"
        + " arn:aws:cloudwatch:eu-west-1:111122223333:alarm:orders-restored-throttled");
    assertThat(log.list).allSatisfy(line -> assertThat(kv(line)).as(line.toString())
        .containsEntry("account", OperatorHarness.ACCOUNT)
        .hasEntrySatisfying("resourceArn", arn -> assertThat(arn).doesNotContain("unknown")));
  }

  private List<Event> auditEvents(String... names) {
    Set<String> objects = Set.of(names);
    return harness.client().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
        .filter(e -> objects.contains(e.getInvolvedObject().getName()))
        .filter(e -> e.getMessage() != null && e.getMessage().startsWith("AWS " + e.getReason() + " in ")).toList();
  }

  private static Map<String, String> kv(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
    return pairs.stream().collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value), (a, b) -> b,
        TreeMap::new));
  }
}
