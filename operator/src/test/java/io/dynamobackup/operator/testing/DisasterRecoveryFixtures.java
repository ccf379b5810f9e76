package io.dynamobackup.operator.testing;

import static io.dynamobackup.operator.testing.OperatorHarness.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.localaws.CallRecord;
import io.dynamobackup.operator.api.v1alpha1.CopyTarget;
import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupTemplate;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The estate of the disaster recovery tests: a source table in {@link #SOURCE} with every setting a restore must bring
 * back (tags, TTL, stream, PITR, deletion protection, auto scaling, an alarm), its vault, a copy vault in {@link #DR},
 * and builders and waits for the objects the tests apply.
 */
public final class DisasterRecoveryFixtures {
  public static final String SOURCE = "eu-west-1";
  public static final String DR = "us-west-2";
  public static final String VAULT = "prod-vault";
  public static final String DR_VAULT_ARN = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr";
  public static final Map<String, String> TAGS = Map.of("team", "payments", "app", "orders");

  private final OperatorHarness harness;

  public DisasterRecoveryFixtures(OperatorHarness harness) {
    this.harness = harness;
  }

  /** The vaults and {@code name} with {@code items} items and every setting; returns its ARN. */
  public String sourceTable(String name, int items) {
    harness.createVault(SOURCE, VAULT);
    harness.createVault(DR, "dr");
    DynamoDbClient dynamoDb = harness.dynamoDb(SOURCE);
    dynamoDb.createTable(b -> b.tableName(name)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
        .deletionProtectionEnabled(true));
    harness.advanceUntil(() -> dynamoDb.describeTable(b -> b.tableName(name)).table().tableStatusAsString(),
        "ACTIVE"::equals);
    for (int i = 0; i < items; i++) {
      int n = i;
      dynamoDb.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("p" + (n % 7)),
          "sk", AttributeValue.fromN(Integer.toString(n)), "expiresAt", AttributeValue.fromN("4102444800"))));
    }
    String arn = dynamoDb.describeTable(b -> b.tableName(name)).table().tableArn();
    dynamoDb.tagResource(b -> b.resourceArn(arn).tags(TAGS.entrySet().stream()
        .map(e -> software.amazon.awssdk.services.dynamodb.model.Tag.builder().key(e.getKey()).value(e.getValue())
            .build()).toList()));
    dynamoDb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
        .attributeName("expiresAt")));
    dynamoDb.updateContinuousBackups(b -> b.tableName(name).pointInTimeRecoverySpecification(p -> p
        .pointInTimeRecoveryEnabled(true)));
    var scaling = harness.autoScaling(SOURCE);
    scaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + name)
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(5).maxCapacity(50));
    scaling.putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + name)
        .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
        .policyName("DynamoDBReadCapacityUtilization:table/" + name).policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).predefinedMetricSpecification(p -> p
            .predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
    harness.cloudWatch(SOURCE).putMetricAlarm(b -> b.alarmName(name + "-throttled").namespace("AWS/DynamoDB")
        .metricName("ThrottledRequests").dimensions(Dimension.builder().name("TableName").value(name).build())
        .statistic(Statistic.SUM).period(60).evaluationPeriods(2).threshold(5.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    return arn;
  }

  /** A hand-made backup of {@code table} in {@link #SOURCE}, copied to the DR vault. */
  public static DynamoBackup backup(String name, String table) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).build());
    DynamoBackupSpec spec = new DynamoBackupSpec();
    spec.table = TableReference.named(table, SOURCE);
    spec.backupVault = VAULT;
    spec.iamRoleArn = ROLE;
    spec.copies = List.of(new CopyTarget(DR_VAULT_ARN, null));
    backup.setSpec(spec);
    return backup;
  }

  /** A plan of {@code table} every hour, keeping {@code keepLast}, copied to the DR vault. */
  public static DynamoBackupPlan plan(String name, String table, int keepLast) {
    DynamoBackupPlan plan = new DynamoBackupPlan();
    plan.setMetadata(new ObjectMetaBuilder().withName(name).build());
    DynamoBackupPlanSpec spec = new DynamoBackupPlanSpec();
    spec.table = TableReference.named(table, SOURCE);
    spec.schedule = "0 * * * *";
    spec.retention = new RetentionPolicy();
    spec.retention.keepLast = keepLast;
    BackupTemplate template = new BackupTemplate();
    template.backupVault = VAULT;
    template.iamRoleArn = ROLE;
    template.copies = List.of(new CopyTarget(DR_VAULT_ARN, null));
    spec.template = template;
    plan.setSpec(spec);
    return plan;
  }

  /** A restore of the plan's newest point into {@code table} in {@link #DR}. */
  public static DynamoRestore restoreOfPlan(String name, String plan, String table) {
    DynamoRestore restore = restore(name, table);
    restore.getSpec().source.planRef = new RestoreSource.PlanRef(plan);
    return restore;
  }

  /** A restore of the recovery point {@code arn} into {@code table} in {@link #DR}. */
  public static DynamoRestore restoreOfArn(String name, String arn, String table) {
    DynamoRestore restore = restore(name, table);
    restore.getSpec().source.recoveryPointArn = arn;
    restore.getSpec().iamRoleArn = ROLE;
    return restore;
  }

  private static DynamoRestore restore(String name, String table) {
    DynamoRestore restore = new DynamoRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).build());
    restore.setSpec(new DynamoRestoreSpec());
    restore.getSpec().source = new RestoreSource();
    restore.getSpec().target = new RestoreTarget();
    restore.getSpec().target.tableName = table;
    restore.getSpec().target.region = DR;
    return restore;
  }

  public DynamoBackup awaitBackup(String name, BackupPhase phase) {
    return harness.advanceUntil(() -> harness.get(DynamoBackup.class, name),
        b -> b != null && b.getStatus() != null && b.getStatus().phase == phase);
  }

  /** Waits until the backup is Completed and every completed point of it is in the recovery catalog. */
  public DynamoBackup awaitCataloged(String name) {
    return harness.advanceUntil(() -> harness.get(DynamoBackup.class, name),
        b -> b != null && b.getStatus() != null && b.getStatus().phase == BackupPhase.Completed
            && Conditions.isTrue(b.getStatus().conditions, "Cataloged"));
  }

  public DynamoRestore awaitRestore(String name) {
    return harness.advanceUntil(() -> harness.get(DynamoRestore.class, name),
        r -> r != null && r.getStatus() != null && r.getStatus().phase == RestorePhase.Ready);
  }

  /** Asserts that {@code table} in {@link #DR} has the source's items and every setting of {@link #sourceTable}. */
  public void assertRestoredWithEverySetting(String source, String table, int items) {
    DynamoDbClient dynamoDb = harness.dynamoDb(DR);
    TableDescription restored = dynamoDb.describeTable(b -> b.tableName(table)).table();
    assertThat(dynamoDb.scan(b -> b.tableName(table)).count()).isEqualTo(items);
    assertThat(dynamoDb.listTagsOfResource(b -> b.resourceArn(restored.tableArn())).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value()))).containsAllEntriesOf(TAGS);
    assertThat(dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().attributeName())
        .isEqualTo("expiresAt");
    assertThat(restored.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(restored.deletionProtectionEnabled()).isTrue();
    assertThat(dynamoDb.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
    assertThat(harness.autoScaling(DR).describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
        .resourceIds("table/" + table)).scalableTargets()).singleElement()
        .satisfies(t -> assertThat(t.minCapacity() + ".." + t.maxCapacity()).isEqualTo("5..50"));
    String alarm = source.equals(table) ? source + "-throttled" : table + "-throttled";
    assertThat(harness.cloudWatch(DR).describeAlarms(b -> b.alarmNames(alarm)).metricAlarms()).singleElement()
        .satisfies(a -> assertThat(a.dimensions()).contains(Dimension.builder().name("TableName").value(table).build()));
  }

  /** The calls local-aws received for {@code region} from index {@code from} of its call log. */
  public List<CallRecord> callsTo(String region, int from) {
    List<CallRecord> calls = harness.aws.calls();
    return calls.subList(Math.min(from, calls.size()), calls.size()).stream()
        .filter(c -> c.region().equals(region)).toList();
  }
}
