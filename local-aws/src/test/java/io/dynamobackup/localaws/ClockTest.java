package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ClockTest {

  @Test
  void manualClockMovesOnlyWhenTold() {
    ManualClock c = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(c.instant()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(c.advance(Duration.ofMinutes(5))).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
    var berlin = c.withZone(ZoneId.of("Europe/Berlin"));
    c.set(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(berlin.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(berlin.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(c.millis()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
  }

  @Test
  void scaledClockRunsFaster() throws InterruptedException {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    ScaledClock c = new ScaledClock(start, 1000);
    Thread.sleep(20); // real time passing is what this clock is about
    assertThat(Duration.between(start, c.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
    assertThatThrownBy(() -> new ScaledClock(start, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
