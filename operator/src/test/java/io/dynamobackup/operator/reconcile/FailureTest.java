package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.aws.AwsException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class FailureTest {
  @Test
  void aTransientAwsErrorKeepsItsCodeAndIsRetried() {
    Failure failure = Failure.of(new AwsException("ThrottlingException", "Rate exceeded", true, null));
    assertThat(failure).isEqualTo(new Failure("ThrottlingException", "Rate exceeded", true));
    assertThat(failure.conditionMessage()).isEqualTo("Rate exceeded (retrying with back-off)");
  }

  @Test
  void anAwsErrorTheUserMustFixStalls() {
    Failure failure = Failure.of(new AwsException("AccessDeniedException", "not authorized", false, null));
    assertThat(failure).isEqualTo(new Failure("AccessDeniedException", "not authorized", false));
    assertThat(failure.conditionMessage()).isEqualTo("not authorized");
  }

  @Test
  void kubernetesApiErrorsAndBugsAreRetriedWithTheirCause() {
    Failure api = Failure.of(new KubernetesClientException("conflict", 409, null));
    assertThat(api.reason()).isEqualTo("KubernetesApiError");
    assertThat(api.message()).contains("conflict");
    assertThat(api.retried()).isTrue();
    Failure bug = Failure.of(new IllegalStateException("no table"));
    assertThat(bug).isEqualTo(new Failure("ReconcileError", "IllegalStateException: no table", true));
  }
}
