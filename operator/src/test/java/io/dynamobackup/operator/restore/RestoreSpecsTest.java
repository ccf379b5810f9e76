package io.dynamobackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.TableReference;
import io.dynamobackup.operator.api.v1alpha1.TableSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.PointInTimeRecoverySource;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.rules.AlarmRulesTest;
import io.dynamobackup.operator.rules.ScalingRulesTest;
import java.util.List;
import java.util.Map;
import io.dynamobackup.operator.api.CrdFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import org.junit.jupiter.api.Test;

class RestoreSpecsTest {
  @Test
  void aValidSpecHasNoProblems() {
    assertThat(RestoreSpecs.validate(spec(), "team-a")).isEmpty();
  }

  @Test
  void everyProblemNamesItsField() {
    DynamoRestoreSpec spec = spec();
    spec.source.planRef = new RestoreSource.PlanRef("nightly");
    spec.source.planRef.takenAtOrBefore = "yesterday";
    spec.source.planRef.table = io.dynamobackup.operator.api.v1alpha1.TableReference.named("orders", null);
    spec.target.tableName = "x";
    spec.target.sse = new RestoreTarget.Encryption();
    spec.target.sse.type = RestoreTarget.EncryptionType.KMS;
    spec.settings = new RestoreSettings();
    spec.settings.stream = new TableSettings.StreamSettings(true, null);
    spec.settings.resourcePolicy = "{not json";

    assertThat(RestoreSpecs.validate(spec, "team-a")).containsExactlyInAnyOrder(
        "spec.source: set exactly one of recoveryPointArn, backupRef, planRef or pointInTimeRecovery",
        "spec.source.planRef.takenAtOrBefore: 'yesterday' is not an RFC 3339 time",
        "spec.source.planRef.table.region: required",
        "spec.target.tableName: 'x' is not a valid DynamoDB table name (3 to 255 letters, digits, '_', '.', '-')",
        "spec.target.sse.kmsKeyArn: required with type KMS",
        "spec.settings.stream.viewType: required when the stream is enabled",
        "spec.settings.resourcePolicy: is not a JSON document (\"\" means no policy)");
  }

  @Test
  void everySettingIsCheckedAgainstTheAwsRulesBeforeAnyCall() {
    DynamoRestoreSpec spec = spec();
    spec.settings = new RestoreSettings();
    spec.settings.pointInTimeRecovery = false;
    spec.settings.pointInTimeRecoveryPeriodInDays = 40;
    var trigger = new io.dynamobackup.operator.api.v1alpha1.StreamTrigger();
    trigger.functionArn = "arn:aws:lambda:eu-west-1:111122223333:function:f";
    trigger.maximumRecordAgeInSeconds = 30;
    spec.settings.streamTriggers = java.util.List.of(trigger, trigger);
    var scaling = new io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings();
    scaling.dimension = io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.ScalableDimension.ReadCapacityUnits;
    scaling.minCapacity = 10;
    scaling.maxCapacity = 5;
    scaling.targetUtilization = 95.0;
    spec.settings.autoScaling = java.util.List.of(scaling);
    var alarm = new io.dynamobackup.operator.api.v1alpha1.AlarmSettings();
    alarm.name = "a";
    alarm.metricName = "ThrottledRequests";
    alarm.periodSeconds = 45;
    alarm.evaluationPeriods = 2;
    alarm.datapointsToAlarm = 3;
    alarm.threshold = 1.0;
    alarm.comparisonOperator = "GreaterThanThreshold";
    spec.settings.alarms = java.util.List.of(alarm);
    spec.settings.replicas = java.util.List.of(new io.dynamobackup.operator.api.v1alpha1.ReplicaSettings("eu-west-1"));
    spec.target.region = "eu-west-1";

    assertThat(RestoreSpecs.validate(spec, "team-a")).containsExactlyInAnyOrder(
        "spec.settings.pointInTimeRecoveryPeriodInDays: must be 1 to 35 days",
        "spec.settings.pointInTimeRecoveryPeriodInDays: needs pointInTimeRecovery on",
        "spec.settings.streamTriggers: names functionArn arn:aws:lambda:eu-west-1:111122223333:function:f twice",
        "spec.settings.streamTriggers[0].maximumRecordAgeInSeconds: must be -1 or 60 to 604800",
        "spec.settings.streamTriggers[1].maximumRecordAgeInSeconds: must be -1 or 60 to 604800",
        "spec.settings.replicas[0].regionName: is the restored table's own Region",
        "spec.settings.autoScaling[0].minCapacity: must not be greater than maxCapacity (10 > 5)",
        "spec.settings.autoScaling[0].targetUtilization: DynamoDB's target utilization is 20 to 90 percent, not 95",
        "spec.settings.alarms[0].periodSeconds: must be 10, 20, 30 or a multiple of 60 seconds, not 45",
        "spec.settings.alarms[0].datapointsToAlarm: must not exceed evaluationPeriods (2), not 3");
  }

  @Test
  void referencesToAnotherNamespaceAreRefused() {
    DynamoRestoreSpec spec = spec();
    spec.source.backupRef.namespace = "team-b";
    assertThat(RestoreSpecs.validate(spec, "team-a")).singleElement().asString()
        .startsWith("spec.source.backupRef.namespace: references to other namespaces are not allowed");
  }

  @Test
  void withATenancyPolicyThePolicyDecidesReferencesToAnotherNamespace() {
    DynamoRestoreSpec spec = spec();
    spec.source.backupRef.namespace = "team-b";
    assertThat(RestoreSpecs.validate(spec, "team-a", true)).isEmpty();
    assertThat(RestoreSpecs.validate(spec, "team-a", false)).hasSize(1);
  }

  @Test
  void aPointInTimeSourceIsCheckedAsTheCrdChecksIt() {
    DynamoRestoreSpec spec = spec();
    spec.source.backupRef = null;
    spec.source.pointInTimeRecovery = new PointInTimeRecoverySource(TableReference.named("orders", "eu-west-1"),
        "2026-11-20T14:32:07Z", null);
    assertThat(RestoreSpecs.validate(spec, "team-a")).isEmpty();

    spec.source.pointInTimeRecovery.useLatestRestorableTime = true;
    spec.source.region = "eu-west-1";
    spec.source.pointInTimeRecovery.table.region = null;
    assertThat(RestoreSpecs.validate(spec, "team-a")).containsExactlyInAnyOrder(
        "spec.source.region: is the Region of a recovery point; pointInTimeRecovery.table names its own Region",
        "spec.source.pointInTimeRecovery: set exactly one of restoreDateTime or useLatestRestorableTime: true",
        "spec.source.pointInTimeRecovery.table.region: required");

    spec.source.region = null;
    spec.source.pointInTimeRecovery = new PointInTimeRecoverySource(TableReference.named("orders", "eu-west-1"),
        "14:32", null);
    assertThat(RestoreSpecs.validate(spec, "team-a")).containsExactly(
        "spec.source.pointInTimeRecovery.restoreDateTime: '14:32' is not an RFC 3339 time");
  }

  @Test
  void aPointInTimeSourceIsCheckedAgainstTheAwsRulesItsTableImplies() {
    DynamoRestoreSpec spec = spec();
    spec.source.backupRef = null;
    spec.source.pointInTimeRecovery = new PointInTimeRecoverySource(
        new TableReference(), null, true);
    spec.source.pointInTimeRecovery.table.arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
    spec.iamRoleArn = "arn:aws-cn:iam::444455556666:role/unused";
    spec.target.region = "cn-north-1";
    spec.target.sse = new RestoreTarget.Encryption();
    spec.target.sse.type = RestoreTarget.EncryptionType.KMS;
    spec.target.sse.kmsKeyArn = "arn:aws:kms:us-east-1:111122223333:key/k1";
    assertThat(RestoreSpecs.validate(spec, "team-a")).as("the role is not used by a point-in-time restore")
        .containsExactlyInAnyOrder(
            "spec.target.region: a point-in-time restore of a table in eu-west-1 can only create a table in a Region of"
                + " aws, not in cn-north-1 (aws-cn): RestoreTableToPointInTime stays inside the source's partition",
            "spec.target.sse.kmsKeyArn: the key is in us-east-1, the table in cn-north-1: a KMS key can only encrypt"
                + " tables of its own Region");

    spec.target.region = null;
    spec.target.sse.kmsKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/k1";
    spec.source.pointInTimeRecovery.table = new TableReference();
    spec.source.pointInTimeRecovery.table.arn = "arn:aws-cn:dynamodb:eu-west-1:111122223333:table/orders";
    spec.source.pointInTimeRecovery.table.name = "orders";
    assertThat(RestoreSpecs.validate(spec, "team-a")).containsExactlyInAnyOrder(
        "spec.source.pointInTimeRecovery.table: set exactly one of name or arn",
        "spec.source.pointInTimeRecovery.table.arn: partition aws-cn does not fit Region eu-west-1 (an ARN in"
            + " eu-west-1 starts with arn:aws:)");

    spec.source.pointInTimeRecovery.table = TableReference.named("orders", "eu-wset-1");
    spec.source.pointInTimeRecovery.useLatestRestorableTime = false;
    spec.source.pointInTimeRecovery.restoreDateTime = "2026-11-20 14:32";
    assertThat(RestoreSpecs.validate(spec, "team-a")).containsExactlyInAnyOrder(
        "spec.source.pointInTimeRecovery.table.region: " + io.dynamobackup.operator.aws.Partitions.regionProblem(
            "eu-wset-1"),
        "spec.source.pointInTimeRecovery.restoreDateTime: '2026-11-20 14:32' is not an RFC 3339 time");
  }

  private static DynamoRestoreSpec spec() {
    DynamoRestoreSpec spec = new DynamoRestoreSpec();
    spec.source = new RestoreSource();
    spec.source.backupRef = new RestoreSource.ObjectRef("orders-now");
    spec.target = new RestoreTarget();
    spec.target.tableName = "orders-restored";
    return spec;
  }

  @Test
  void awsRulesOfTheTargetAndSettingsAreReportedAllAtOnce() {
    DynamoRestoreSpec spec = spec();
    spec.source.backupRef = null;
    spec.source.recoveryPointArn = "arn:aws:backup:eu-west-1:111122223333:recovery-point:abc";
    spec.iamRoleArn = "arn:aws:iam::444455556666:role/restore";
    spec.target.region = "us-gov-west-1";
    spec.target.globalSecondaryIndexes = List.of("ab", "by-data", "by-data");
    spec.target.sse = new RestoreTarget.Encryption();
    spec.target.sse.type = RestoreTarget.EncryptionType.KMS;
    spec.target.sse.kmsKeyArn = "arn:aws-us-gov:kms:us-gov-east-1:111122223333:key/k1";
    spec.target.billingMode = RestoreTarget.BillingMode.PAY_PER_REQUEST;
    spec.settings = new RestoreSettings();
    spec.settings.tags = Map.of("aws:owner", "me");
    io.dynamobackup.operator.api.v1alpha1.AlarmSettings alarm = AlarmRulesTest.alarm("orders-throttled");
    alarm.periodSeconds = 7;
    alarm.evaluationPeriods = -3;
    alarm.statistic = "Median";
    spec.settings.alarms = List.of(alarm);
    spec.settings.autoScaling = List.of(ScalingRulesTest.scaling("by-rank", io.dynamobackup.operator.api.v1alpha1.AutoScalingSettings.ScalableDimension.ReadCapacityUnits,
        10, 5, 70.0));

    assertThat(RestoreSpecs.validate(spec, "team-a")).containsExactly(
        "spec.iamRoleArn: the role belongs to account 444455556666, but the recovery point is in account"
            + " 111122223333: AWS Backup runs the job there and can only be passed (iam:PassRole) a role of that"
            + " account",
        "spec.target.globalSecondaryIndexes[0]: 'ab' is not a valid index name (3 to 255 letters, digits, '_', '.',"
            + " '-')",
        "spec.target.globalSecondaryIndexes[2]: duplicate index by-data",
        "spec.target.region: a restore into us-gov-west-1 of a recovery point in eu-west-1 needs a copy, and AWS Backup"
            + " copies stay inside one partition: eu-west-1 is in aws, us-gov-west-1 in aws-us-gov (copy to another"
            + " Region of aws)",
        "spec.target.sse.kmsKeyArn: the key is in us-gov-east-1, the table in us-gov-west-1: a KMS key can only encrypt"
            + " tables of its own Region",
        "spec.settings.tags[aws:owner]: keys starting with aws: are reserved for AWS",
        "spec.settings.autoScaling[0].minCapacity: must not be greater than maxCapacity (10 > 5)",
        "spec.settings.alarms[0].statistic: 'Median' is not a statistic: use one of [Average, Maximum, Minimum,"
            + " SampleCount, Sum] or a percentile such as p99 (also tm99, wm99, tc99, ts99)",
        "spec.settings.alarms[0].periodSeconds: must be 10, 20, 30 or a multiple of 60 seconds, not 7",
        "spec.settings.alarms[0].evaluationPeriods: must be at least 1, not -3",
        "spec.settings.autoScaling: spec.target.billingMode is PAY_PER_REQUEST: Application Auto Scaling scales only"
            + " provisioned capacity",
        "spec.settings.autoScaling[0].indexName: index by-rank is not restored (not in"
            + " spec.target.globalSecondaryIndexes)");
  }

  @Test
  void immutableEditsAreToldApartBySourceAndTarget() {
    DynamoRestoreSpec spec = spec();
    String recorded = RestoreSpecs.immutableHash(spec);
    assertThat(RestoreSpecs.changedImmutableFields(spec, recorded)).isEmpty();
    assertThat(RestoreSpecs.changedImmutableFields(spec, null)).isEmpty();
    spec.target.tableName = "orders-elsewhere";
    assertThat(RestoreSpecs.changedImmutableFields(spec, recorded)).containsExactly("spec.target");
    spec.source.backupRef = new RestoreSource.ObjectRef("orders-later");
    assertThat(RestoreSpecs.changedImmutableFields(spec, recorded)).containsExactly("spec.source", "spec.target");
    spec.settings = new RestoreSettings();
    spec.settings.deletionProtection = true;
    assertThat(RestoreSpecs.changedImmutableFields(spec, RestoreSpecs.immutableHash(spec))).isEmpty();
  }

  @Test
  void theExamplesPassTheUpFrontChecks() throws java.io.IOException {
    for (String example : List.of("restore-minimal.yaml", "restore-full.yaml", "restore-pitr.yaml")) {
      DynamoRestore restore = Serialization.unmarshal(Files.readString(CrdFiles.projectRoot().resolve("examples")
          .resolve(example)), DynamoRestore.class);
      assertThat(RestoreSpecs.validate(restore.getSpec(), "default")).as(example).isEmpty();
    }
  }

  @Test
  void explicitSettingsOfAnotherRegionOrPartitionAreRefused() {
    DynamoRestoreSpec spec = spec();
    spec.target.region = "eu-west-1";
    spec.settings = new RestoreSettings();
    var destination = new io.dynamobackup.operator.api.v1alpha1.KinesisDestination();
    destination.streamArn = "arn:aws:kinesis:us-east-1:111122223333:stream/feed";
    spec.settings.kinesisDestinations = List.of(destination);
    var trigger = new io.dynamobackup.operator.api.v1alpha1.StreamTrigger();
    trigger.functionArn = "arn:aws:lambda:us-east-1:111122223333:function:f";
    spec.settings.streamTriggers = List.of(trigger);
    spec.settings.replicas = List.of(new io.dynamobackup.operator.api.v1alpha1.ReplicaSettings("us-gov-west-1"),
        new io.dynamobackup.operator.api.v1alpha1.ReplicaSettings("eu-wset-1"));
    assertThat(RestoreSpecs.validate(spec, "team-a")).satisfiesExactlyInAnyOrder(
        p -> assertThat(p).isEqualTo("spec.settings.kinesisDestinations[0].streamArn: is in us-east-1, the table in"
            + " eu-west-1: a table streams only to a Kinesis stream of its own Region"),
        p -> assertThat(p).isEqualTo("spec.settings.streamTriggers[0].functionArn: is in us-east-1, the table in"
            + " eu-west-1: a Lambda function reads streams of its own Region"),
        p -> assertThat(p).isEqualTo("spec.settings.replicas[0].regionName: a global table stays inside its"
            + " partition: eu-west-1 is in aws, us-gov-west-1 in aws-us-gov"),
        p -> assertThat(p).startsWith("spec.settings.replicas[1].regionName: 'eu-wset-1' is not an AWS Region"));
  }
}
