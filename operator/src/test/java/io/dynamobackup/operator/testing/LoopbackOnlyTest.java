package io.dynamobackup.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A client built without a loopback endpoint fails before it connects, and the test that built it fails too. */
class LoopbackOnlyTest {
  @Test
  void aClientWithoutALoopbackEndpointIsRefusedAndRecorded() {
    try (DynamoDbClient client = DynamoDbClient.builder().region(Region.EU_WEST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
      assertThatThrownBy(client::listTables).isInstanceOf(SdkClientException.class)
          .hasMessageContaining("tests never leave loopback")
          .hasMessageContaining("https://dynamodb.eu-west-1.amazonaws.com");
    }
    // this test expects the violation: take it back, or the extension would fail this test as it fails others
    assertThatThrownBy(() -> new LoopbackOnly().afterEach(null)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("dynamodb.eu-west-1.amazonaws.com");
    assertThat(LoopbackOnly.loopback("127.0.0.1")).isTrue();
    assertThat(LoopbackOnly.loopback("localhost")).isTrue();
    assertThat(LoopbackOnly.loopback("[::1]")).isTrue();
    assertThat(LoopbackOnly.loopback("10.0.0.1")).isFalse();
    assertThat(LoopbackOnly.loopback("backup.us-east-1.amazonaws.com")).isFalse();
  }
}
