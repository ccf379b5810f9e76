package io.dynamobackup.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamobackup.localaws.ScaledClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock of a local-aws that runs on its own ({@code java -jar local-aws-all.jar --time-scale 60}): read once from
 * its control endpoint {@code GET /_localaws/clock} and then run locally at the same scale, so a sandbox started
 * before or after it — or a second sandbox after the first was killed — agrees with local-aws on the time.
 */
final class LocalAwsClock {
  private LocalAwsClock() {}

  /** A clock that follows local-aws at {@code endpoint}; fails when it cannot be reached or runs on a manual clock. */
  static ScaledClock follow(URI endpoint) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/_localaws/clock")).timeout(Duration.ofSeconds(10))
        .build();
    try {
      long sent = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long roundTrip = System.nanoTime() - sent;
      if (response.statusCode() != 200) {
        throw new IllegalStateException("--aws-endpoint " + endpoint + " is not local-aws: GET /_localaws/clock answered "
            + response.statusCode());
      }
      JsonNode clock = new ObjectMapper().readTree(response.body());
      if (!clock.hasNonNull("timeScale")) {
        throw new IllegalStateException("local-aws at " + endpoint + " runs on a manual clock; start it with"
            + " --time-scale N (e.g. 60) so the sandbox can follow its time");
      }
      double scale = clock.get("timeScale").asDouble();
      // The answer is about half a round trip old by now.
      Instant now = Instant.parse(clock.get("now").asText()).plusNanos((long) (roundTrip / 2 * scale));
      return new ScaledClock(now, scale);
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach local-aws at --aws-endpoint " + endpoint + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
