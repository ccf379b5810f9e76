package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A Region outage: calls signed for the Region get no answer at all; other Regions and the control API work. */
class RegionOutageTest extends LocalAwsTestBase {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyCallToARegionThatIsOutGetsNoResponseAndTheSdkSeesATransportError() {
    DynamoDbClient ireland = ddb(ACCOUNT, "eu-west-1");
    BackupClient irelandBackup = backup(ACCOUNT, "eu-west-1");
    DynamoDbClient oregon = ddb(ACCOUNT, "us-west-2");
    aws.clearCalls();

    aws.faults().regionOutage("eu-west-1");

    assertThatThrownBy(() -> ireland.listTables()).isInstanceOf(SdkClientException.class)
        .isNotInstanceOf(SdkServiceException.class).hasMessageContaining("Unable to execute HTTP request")
        .hasRootCauseMessage("The target server failed to respond");
    assertThatThrownBy(() -> irelandBackup.listBackupVaults()).isInstanceOf(SdkClientException.class);
    assertThat(oregon.listTables().tableNames()).isEmpty();
    assertThat(aws.calls()).extracting(CallRecord::operation, CallRecord::region, CallRecord::httpStatus,
        CallRecord::answered).containsExactly(
            org.assertj.core.groups.Tuple.tuple("ListTables", "eu-west-1", 0, false),
            org.assertj.core.groups.Tuple.tuple("ListBackupVaults", "eu-west-1", 0, false),
            org.assertj.core.groups.Tuple.tuple("ListTables", "us-west-2", 200, true));
    assertThat(aws.faults().regionsOut()).containsExactly("eu-west-1");

    aws.faults().endRegionOutage("eu-west-1");
    assertThat(ireland.listTables().tableNames()).isEmpty();
  }

  @Test
  void theControlApiStartsAndEndsOutagesAndServesTheClockAndTheCallLog() throws Exception {
    DynamoDbClient ireland = ddb(ACCOUNT, "eu-west-1");
    ireland.listTables();

    JsonNode started = send("PUT", "/_localaws/faults/region-outages/eu-west-1");
    assertThat(started.path("regions")).extracting(JsonNode::asText).containsExactly("eu-west-1");
    assertThat(started.path("since").path("eu-west-1").asInt()).as("the call log's index when it began").isEqualTo(1);
    assertThatThrownBy(ireland::listTables).isInstanceOf(SdkClientException.class);
    JsonNode calls = send("GET", "/_localaws/calls?region=eu-west-1");
    assertThat(calls.path("calls")).extracting(c -> c.path("operation").asText() + "/" + c.path("httpStatus").asInt()
        + "/" + c.path("answered").asBoolean()).containsExactly("ListTables/200/true", "ListTables/0/false");
    assertThat(calls.path("next").asInt()).isEqualTo(2);
    assertThat(send("GET", "/_localaws/calls?since=1").path("calls")).hasSize(1);
    assertThat(send("GET", "/_localaws/calls?region=eu-west-1&since=1&answered=true").path("calls")).isEmpty();

    assertThat(send("DELETE", "/_localaws/faults/region-outages/eu-west-1").path("regions")).isEmpty();
    assertThat(ireland.listTables().tableNames()).isEmpty();

    JsonNode manual = send("GET", "/_localaws/clock");
    assertThat(Instant.parse(manual.path("now").asText())).isEqualTo(clock.instant());
    assertThat(manual.has("timeScale")).as("a manual clock has no time scale").isFalse();
    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(aws.endpoint().resolve("/_localaws/nothing"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(http.send(HttpRequest.newBuilder(aws.endpoint().resolve("/_localaws/faults/region-outages/nowhere"))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(400);
  }

  @Test
  void aScaledClockReportsItsScale() throws Exception {
    try (LocalAws scaled = LocalAws.start(LocalAwsOptions.builder()
        .clock(new ScaledClock(Instant.parse("2030-01-01T00:00:00Z"), 60)).build())) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(scaled.endpoint().resolve("/_localaws/clock"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode clock = new ObjectMapper().readTree(response.body());
      assertThat(clock.path("timeScale").asDouble()).isEqualTo(60.0);
      assertThat(Instant.parse(clock.path("now").asText())).isBetween(Instant.parse("2030-01-01T00:00:00Z"),
          Instant.parse("2030-01-01T06:00:00Z"));
    }
  }

  private JsonNode send(String method, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(aws.endpoint() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
