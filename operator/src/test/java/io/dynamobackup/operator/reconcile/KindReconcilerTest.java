package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackupStatus;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.OperatorConfig;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.Readiness;
import io.dynamobackup.operator.common.RetrySchedule;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.common.TenancyPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.dynamobackup.operator.testing.KubernetesApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The skeleton with a stand-in kind: what every kind's objects show for bad specs, failures and recovery. */
class KindReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  @SuppressWarnings("unchecked")
  private static final Context<DynamoBackup> JOSDK = (Context<DynamoBackup>) Proxy.newProxyInstance(
      KindReconcilerTest.class.getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> null);

  // the project's API server (kube-apiserver), as the operator meets it
  private final KubernetesApi kubernetes = new KubernetesApi(java.time.Clock.systemUTC());
  private final KubernetesClient client = kubernetes.client();

  @org.junit.jupiter.api.AfterEach
  void closeApiServer() {
    kubernetes.close();
  }
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AwsIdentity> identities = new ArrayList<>();

  @Test
  void anInvalidSpecStallsWithoutAStepOrARetry() {
    Kind kind = kind(TenancyGuard.singleTenant());
    kind.problems = List.of("spec.table: required");
    DynamoBackup backup = backup("default");
    UpdateControl<DynamoBackup> control = kind.reconcile(backup, JOSDK);

    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).as("a spec edit brings the next reconcile").isEmpty();
    assertThat(kind.steps).isZero();
    assertThat(condition(backup, Conditions.READY)).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "InvalidSpec");
    assertThat(condition(backup, Readiness.STALLED)).extracting(Condition::getStatus, Condition::getMessage)
        .containsExactly("True", "spec.table: required");
    assertThat(client.v1().events().inNamespace("default").list().getItems()).singleElement()
        .satisfies(e -> assertThat(List.of(e.getType(), e.getReason())).containsExactly("Warning", "InvalidSpec"));
  }

  @Test
  void anObjectStoredUnderAnOlderSchemaIsRefusedAndItsDeletionKeepsItsData() {
    Kind kind = kind(TenancyGuard.singleTenant());
    DynamoBackup backup = backup("default");
    backup.unreadable(List.of("spec.deletionPolicy: \"Purge\" is not one of Retain, Delete"));

    UpdateControl<DynamoBackup> control = kind.reconcile(backup, JOSDK);

    assertThat(kind.steps).isZero();
    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(condition(backup, Conditions.READY)).extracting(Condition::getStatus, Condition::getReason,
        Condition::getMessage).containsExactly("False", "InvalidSpec",
            "spec.deletionPolicy: \"Purge\" is not one of Retain, Delete; edit the object");

    assertThat(kind.cleanup(backup, JOSDK).isRemoveFinalizer()).isTrue();
    assertThat(kind.deletions).as("the kind's deletion (deletionPolicy) is not run").isZero();
    assertThat(client.v1().events().inNamespace("default").list().getItems()).extracting(e -> e.getMessage())
        .anySatisfy(m -> assertThat(m).endsWith("deleted without cleanup: its AWS data is kept, as with"
            + " deletionPolicy Retain"));
  }

  @Test
  void anUnreadableStatusIsNotWrittenOver() {
    Kind kind = kind(TenancyGuard.singleTenant());
    DynamoBackup backup = backup("default");
    backup.unreadable(List.of("status.phase: \"Archived\" is not one of Pending, Running"));

    UpdateControl<DynamoBackup> control = kind.reconcile(backup, JOSDK);

    assertThat(control.isNoUpdate()).as("a status patch would drop the value it could not read").isTrue();
    assertThat(kind.steps).isZero();
    assertThat(client.v1().events().inNamespace("default").list().getItems()).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).startsWith("status.phase: \"Archived\""));
  }

  @Test
  void aTransientAwsErrorIsRecordedAndHandedToJosdksRetry() {
    Kind kind = kind(TenancyGuard.singleTenant());
    kind.failure = new AwsException("ThrottlingException", "Rate exceeded", true, null);
    DynamoBackup backup = backup("default");

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> kind.reconcile(backup, JOSDK));
    assertThat(thrown).isInstanceOf(RetriedFailure.class);
    // JOSDK wraps what reconcile throws and asks for the error status: the recorded status is patched, then retried.
    var control = kind.updateErrorStatus(backup, JOSDK, new OperatorException(thrown));
    assertThat(control.getResource()).containsSame(backup);
    assertThat(control.isNoRetry()).isFalse();
    assertThat(condition(backup, Conditions.READY).getReason()).isEqualTo("ThrottlingException");
    assertThat(condition(backup, Readiness.RECONCILING)).extracting(Condition::getStatus, Condition::getMessage)
        .containsExactly("True", "Rate exceeded (retrying with back-off)");
    assertThat(condition(backup, Readiness.STALLED)).isNull();
    assertThat(registry.get("dynamobackup_reconcile_aws_errors").tag("code", "ThrottlingException").counter()
        .count()).isEqualTo(1.0);
  }

  @Test
  void anAwsErrorTheUserMustFixStallsAndIsOnlyLookedAtAgainLater() {
    Kind kind = kind(TenancyGuard.singleTenant());
    kind.failure = new AwsException("AccessDeniedException", "not authorized to StartBackupJob", false, null);
    DynamoBackup backup = backup("default");
    UpdateControl<DynamoBackup> control = kind.reconcile(backup, JOSDK);

    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).hasValueSatisfying(delay -> assertThat(Duration.ofMillis(delay))
        .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10)));
    assertThat(condition(backup, Readiness.STALLED)).extracting(Condition::getReason, Condition::getMessage)
        .containsExactly("AccessDeniedException", "not authorized to StartBackupJob");
    assertThat(condition(backup, Readiness.RECONCILING)).isNull();
  }

  @Test
  void recoveryClearsReconcilingAndAnUnchangedStatusIsNotPatched() {
    Kind kind = kind(TenancyGuard.singleTenant());
    DynamoBackup backup = backup("default");
    kind.failure = new AwsException("ThrottlingException", "Rate exceeded", true, null);
    assertThatThrownBy(() -> kind.reconcile(backup, JOSDK)).isInstanceOf(RetriedFailure.class);
    kind.failure = null;
    assertThat(kind.reconcile(backup, JOSDK).isPatchStatus()).isTrue();
    assertThat(backup.getStatus().conditions).extracting(Condition::getType).containsExactly(Conditions.READY);
    assertThat(condition(backup, Conditions.READY).getStatus()).isEqualTo("True");
    assertThat(kind.reconcile(backup, JOSDK).isNoUpdate()).isTrue();
  }

  @Test
  void eachObjectsAwsCallsUseTheIdentityOfItsNamespace() {
    TenancyPolicy policy = TenancyPolicy.parse("""
        tenants:
        - namespaces: [team-a]
          regions: [eu-west-1]
          assumeRole: {roleArn: "arn:aws:iam::111122223333:role/team-a", externalId: team-a-1}
        """, "test");
    kind(TenancyGuard.of(policy)).reconcile(backup("team-a"), JOSDK);
    kind(TenancyGuard.singleTenant()).reconcile(backup("default"), JOSDK);
    assertThat(identities).containsExactly(
        AwsIdentity.assumed("team-a", "arn:aws:iam::111122223333:role/team-a", "team-a-1"), AwsIdentity.operator());
  }

  @Test
  void aDeletionThatFailsTransientlyIsRetriedAndOneThatNeedsTheUserWaits() {
    Kind kind = kind(TenancyGuard.singleTenant());
    kind.failure = new AwsException("ServiceUnavailable", "try later", true, null);
    assertThatThrownBy(() -> kind.cleanup(backup("default"), JOSDK)).isInstanceOf(RetriedFailure.class);
    kind.failure = new AwsException("AccessDeniedException", "not authorized to DeleteRecoveryPoint", false, null);
    var control = kind.cleanup(backup("default"), JOSDK);
    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(control.getScheduleDelay()).isPresent();
    assertThat(client.v1().events().inNamespace("default").list().getItems())
        .extracting(e -> e.getReason() + ": " + e.getMessage())
        .contains("AccessDeniedException: cannot finish deletion: not authorized to DeleteRecoveryPoint");
  }

  private Kind kind(TenancyGuard tenancy) {
    RetrySchedule schedule = new RetrySchedule(OperatorConfig.defaults());
    return new Kind(new ReconcileDependencies(identity -> {
      identities.add(identity);
      return null;
    }, tenancy, new EventRecorder(client, Clock.fixed(NOW, ZoneOffset.UTC)), new OperatorMetrics(registry), schedule,
        new JitteredRetry(schedule, new SplittableRandom(7)), Clock.fixed(NOW, ZoneOffset.UTC),
        io.dynamobackup.operator.limits.ApiLimits.defaults(), io.dynamobackup.operator.common.Shard.all()));
  }

  private static DynamoBackup backup(String namespace) {
    DynamoBackup backup = new DynamoBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("orders-now").withNamespace(namespace).withUid("uid-1")
        .withGeneration(1L).build());
    return backup;
  }

  private static Condition condition(DynamoBackup backup, String type) {
    return Conditions.find(backup.getStatus().conditions, type).orElse(null);
  }

  /** A stand-in kind: its step fails with {@link #failure}, else makes the object Ready. */
  private static final class Kind extends KindReconciler<DynamoBackup, Kind.Status> {
    List<String> problems = List.of();
    RuntimeException failure;
    int steps;
    int deletions;

    Kind(ReconcileDependencies dependencies) {
      super("DynamoBackup", Set.of("Done"), dependencies);
    }

    static final class Status extends KindStatus {
      Status(DynamoBackupStatus status, Instant now) {
        super(status.conditions, 1L, now);
      }

      @Override
      public Object phase() {
        return null;
      }
    }

    @Override
    protected Status status(DynamoBackup backup, Instant now) {
      if (backup.getStatus() == null) {
        backup.setStatus(new DynamoBackupStatus());
      }
      return new Status(backup.getStatus(), now);
    }

    @Override
    protected List<String> validate(DynamoBackup backup) {
      return problems;
    }

    @Override
    protected TenancyGuard.Check tenancy(TenancyGuard guard, DynamoBackup backup) {
      return guard.check(backup.getMetadata().getNamespace()).region("eu-west-1", "spec.table.region");
    }

    @Override
    protected Duration step(DynamoBackup backup, Status status, ReconcileContext<DynamoBackup> context) {
      steps++;
      if (failure != null) {
        throw failure;
      }
      status.readiness().ready("Done", "done");
      return null;
    }

    @Override
    protected Duration delete(DynamoBackup backup, ReconcileContext<DynamoBackup> context) {
      deletions++;
      if (failure != null) {
        throw failure;
      }
      return null;
    }
  }
}
