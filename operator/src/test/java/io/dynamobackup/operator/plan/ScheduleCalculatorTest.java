package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleCalculatorTest {
  private static Instant t(String instant) {
    return Instant.parse(instant);
  }

  private static List<Instant> slots(ScheduleCalculator schedule, Instant from, int count) {
    List<Instant> slots = new ArrayList<>();
    Instant at = from;
    for (int i = 0; i < count; i++) {
      at = schedule.nextAfter(at);
      slots.add(at);
    }
    return slots;
  }

  @Test
  void everyTenMinutesInUtc() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("*/10 * * * *", "UTC");
    assertThat(slots(schedule, t("2026-11-20T10:00:00Z"), 3))
        .containsExactly(t("2026-11-20T10:10:00Z"), t("2026-11-20T10:20:00Z"), t("2026-11-20T10:30:00Z"));
    assertThat(schedule.nextAfter(t("2026-11-20T10:09:59.999Z"))).isEqualTo(t("2026-11-20T10:10:00Z"));
  }

  @Test
  void aParsedScheduleIsReusedAndABadOneFailsTheSameWayEveryTime() {
    assertThat(ScheduleCalculator.parse("5 4 * * *", "Europe/Berlin"))
        .isSameAs(ScheduleCalculator.parse("5 4 * * *", "Europe/Berlin"))
        .isNotSameAs(ScheduleCalculator.parse("5 4 * * *", "UTC"));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> ScheduleCalculator.parse("61 * * * *", "UTC")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("spec.schedule: '61 * * * *' is an invalid cron expression");
      assertThatThrownBy(() -> ScheduleCalculator.parse(null, "UTC")).hasMessage("spec.schedule: required");
      assertThatThrownBy(() -> ScheduleCalculator.parse("null", "UTC")).hasMessageContaining("'null'");
    }
  }

  @Test
  void macros() {
    Instant from = t("2026-11-20T10:30:00Z"); // a Friday
    assertThat(ScheduleCalculator.parse("@hourly", "UTC").nextAfter(from)).isEqualTo(t("2026-11-20T11:00:00Z"));
    assertThat(ScheduleCalculator.parse("@daily", "UTC").nextAfter(from)).isEqualTo(t("2026-11-21T00:00:00Z"));
    assertThat(ScheduleCalculator.parse("@weekly", "UTC").nextAfter(from)).isEqualTo(t("2026-11-22T00:00:00Z"));
    assertThat(ScheduleCalculator.parse("@monthly", "UTC").nextAfter(from)).isEqualTo(t("2026-12-01T00:00:00Z"));
    assertThat(ScheduleCalculator.parse("@yearly", "UTC").nextAfter(from)).isEqualTo(t("2027-01-01T00:00:00Z"));
    assertThat(ScheduleCalculator.parse("@annually", "UTC").nextAfter(from)).isEqualTo(t("2027-01-01T00:00:00Z"));
  }

  @Test
  void macrosAreCaseInsensitiveAndRebootIsNotASchedule() {
    Instant from = t("2026-11-20T10:30:00Z");
    assertThat(ScheduleCalculator.parse("@Daily", "UTC").nextAfter(from)).isEqualTo(t("2026-11-21T00:00:00Z"));
    assertThat(ScheduleCalculator.parse("@midnight", "UTC").nextAfter(from)).isEqualTo(t("2026-11-21T00:00:00Z"));
    assertThatThrownBy(() -> ScheduleCalculator.parse("@reboot", "UTC")).hasMessageContaining("unknown macro");
  }

  @Test
  void dayOfMonthAndDayOfWeekMatchEitherAsInCron() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("0 3 1 * MON", "UTC");
    assertThat(slots(schedule, t("2026-11-24T00:00:00Z"), 3))
        .containsExactly(t("2026-11-30T03:00:00Z"), t("2026-12-01T03:00:00Z"), t("2026-12-07T03:00:00Z"));
  }

  @Test
  void evaluatesTheWallClockOfTheTimeZone() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("0 3 * * *", "Europe/Berlin");
    assertThat(schedule.nextAfter(t("2026-01-10T00:00:00Z"))).isEqualTo(t("2026-01-10T02:00:00Z")); // CET
    assertThat(schedule.nextAfter(t("2026-07-10T00:00:00Z"))).isEqualTo(t("2026-07-10T01:00:00Z")); // CEST
  }

  @Test
  void springForwardRunsTheSkippedSlotOnceRightAfterTheGap() {
    // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that day.
    ScheduleCalculator schedule = ScheduleCalculator.parse("30 2 * * *", "Europe/Berlin");
    assertThat(slots(schedule, t("2026-03-27T12:00:00Z"), 3)).containsExactly(
        t("2026-03-28T01:30:00Z"), // 02:30 CET
        t("2026-03-29T01:00:00Z"), // 03:00 CEST, the first instant after the gap: the day is not skipped
        t("2026-03-30T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void springForwardDoesNotBurstForFrequentSchedules() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("*/30 * * * *", "Europe/Berlin");
    assertThat(slots(schedule, t("2026-03-29T00:15:00Z"), 3)).containsExactly(
        t("2026-03-29T00:30:00Z"), // 01:30 CET
        t("2026-03-29T01:00:00Z"), // 02:00 and 02:30 do not exist: one run at 03:00 CEST
        t("2026-03-29T01:30:00Z")); // 03:30 CEST
  }

  @Test
  void fallBackRunsADailySlotInTheRepeatedHourOnce() {
    // 2026-10-25 in Berlin: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    ScheduleCalculator schedule = ScheduleCalculator.parse("30 2 * * *", "Europe/Berlin");
    assertThat(slots(schedule, t("2026-10-24T12:00:00Z"), 2)).containsExactly(
        t("2026-10-25T00:30:00Z"), // 02:30 CEST, the first occurrence
        t("2026-10-26T01:30:00Z")); // next day 02:30 CET, not the repeated 02:30 CET at 2026-10-25T01:30Z
    // Also when asked from inside the repeated hour (e.g. after a restart):
    assertThat(schedule.nextAfter(t("2026-10-25T01:10:00Z"))).isEqualTo(t("2026-10-26T01:30:00Z"));
  }

  @Test
  void fallBackKeepsHourlySchedulesHourly() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("0 * * * *", "Europe/Berlin");
    assertThat(slots(schedule, t("2026-10-24T23:30:00Z"), 4)).containsExactly(
        t("2026-10-25T00:00:00Z"), // 02:00 CEST
        t("2026-10-25T01:00:00Z"), // 02:00 CET, the repeated hour is a real hour
        t("2026-10-25T02:00:00Z"), // 03:00 CET
        t("2026-10-25T03:00:00Z"));
  }

  @Test
  void aNewOrResumedPlanWaitsForItsNextSlot() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("*/10 * * * *", "UTC");
    var decision = schedule.decide(null, t("2026-11-20T10:05:00Z"), null);
    assertThat(decision.run()).isNull();
    assertThat(decision.next()).isEqualTo(t("2026-11-20T10:10:00Z"));
    var waiting = schedule.decide(t("2026-11-20T10:10:00Z"), t("2026-11-20T10:09:00Z"), null);
    assertThat(waiting.run()).isNull();
    assertThat(waiting.next()).isEqualTo(t("2026-11-20T10:10:00Z"));
  }

  @Test
  void aDueSlotRuns() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("*/10 * * * *", "UTC");
    var decision = schedule.decide(t("2026-11-20T10:10:00Z"), t("2026-11-20T10:10:02Z"), 60L);
    assertThat(decision.run()).isEqualTo(t("2026-11-20T10:10:00Z"));
    assertThat(decision.missed()).isZero();
    assertThat(decision.next()).isEqualTo(t("2026-11-20T10:20:00Z"));
  }

  @Test
  void afterAnOutageOnlyTheNewestMissedSlotRunsOnce() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("*/10 * * * *", "UTC");
    var decision = schedule.decide(t("2026-11-20T10:10:00Z"), t("2026-11-20T11:05:00Z"), null);
    assertThat(decision.run()).isEqualTo(t("2026-11-20T11:00:00Z"));
    assertThat(decision.missed()).isEqualTo(5);
    assertThat(decision.next()).isEqualTo(t("2026-11-20T11:10:00Z"));
    // The next decision, with the new pending slot, runs nothing until 11:10: no burst.
    assertThat(schedule.decide(decision.next(), t("2026-11-20T11:05:01Z"), null).run()).isNull();
  }

  @Test
  void aMissedSlotOlderThanTheStartingDeadlineIsSkipped() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("0 3 * * *", "UTC");
    var late = schedule.decide(t("2026-11-20T03:00:00Z"), t("2026-11-20T05:00:00Z"), 3600L);
    assertThat(late.run()).isNull();
    assertThat(late.skipped()).isEqualTo(t("2026-11-20T03:00:00Z"));
    assertThat(late.next()).isEqualTo(t("2026-11-21T03:00:00Z"));
    var inTime = schedule.decide(t("2026-11-20T03:00:00Z"), t("2026-11-20T03:30:00Z"), 3600L);
    assertThat(inTime.run()).isEqualTo(t("2026-11-20T03:00:00Z"));
  }

  @Test
  void aVeryLongOutageOfAMinutelyScheduleStillDecidesQuicklyAndSaysMoreThanItCounted() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("* * * * *", "UTC");
    var decision = schedule.decide(t("2026-01-01T00:00:00Z"), t("2026-03-01T00:00:30Z"), null);
    assertThat(decision.run()).isEqualTo(t("2026-03-01T00:00:00Z"));
    assertThat(decision.missedMore()).isTrue();
    assertThat(decision.missedText()).isEqualTo("more than 1999");
  }

  @Test
  void anOutageReportsTheTrueNumberOfMissedSlots() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("* * * * *", "UTC");
    var decision = schedule.decide(t("2026-11-20T10:00:00Z"), t("2026-11-20T10:00:00Z").plusSeconds(1000 * 60 + 30),
        null);
    assertThat(decision.run()).isEqualTo(t("2026-11-20T10:00:00Z").plusSeconds(1000 * 60));
    assertThat(decision.missed()).isEqualTo(1000);
    assertThat(decision.missedText()).isEqualTo("1000");
    var hourly = ScheduleCalculator.parse("@hourly", "UTC").decide(t("2026-11-01T00:00:00Z"),
        t("2026-11-20T10:30:00Z"), null);
    assertThat(hourly.missed()).isEqualTo(19 * 24 + 10);
    assertThat(hourly.missedMore()).isFalse();
  }

  @Test
  void overdueAfterTwoIntervalsWithoutASuccessfulBackup() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("*/10 * * * *", "UTC");
    Instant lastSuccess = t("2026-11-20T10:00:05Z");
    assertThat(schedule.overdue(lastSuccess, t("2026-11-20T10:19:59Z"))).isFalse();
    assertThat(schedule.overdue(lastSuccess, t("2026-11-20T10:20:00Z"))).isTrue();
  }

  @Test
  void slotsOfAnEditedScheduleAreRecognised() {
    ScheduleCalculator schedule = ScheduleCalculator.parse("0 3 * * *", "Europe/Berlin");
    assertThat(schedule.isSlot(t("2026-11-20T02:00:00Z"))).isTrue();
    assertThat(schedule.isSlot(t("2026-11-20T03:00:00Z"))).isFalse();
  }

  @Test
  void badSchedulesAndZonesNameTheField() {
    assertThatThrownBy(() -> ScheduleCalculator.parse("61 * * * *", "UTC")).hasMessageStartingWith("spec.schedule:");
    assertThatThrownBy(() -> ScheduleCalculator.parse("* * *", "UTC")).hasMessageStartingWith("spec.schedule:");
    assertThatThrownBy(() -> ScheduleCalculator.parse("0 0 * * * *", "UTC")).hasMessageStartingWith("spec.schedule:");
    assertThatThrownBy(() -> ScheduleCalculator.parse("@fortnightly", "UTC")).hasMessageContaining("unknown macro");
    // Five fields with a value out of range is not a field-count problem: the detail names the value.
    assertThatThrownBy(() -> ScheduleCalculator.parse("0 25 * * *", "UTC"))
        .hasMessage("spec.schedule: '0 25 * * *' is an invalid cron expression: Value 25 not in range [0, 23]");
    assertThatThrownBy(() -> ScheduleCalculator.parse("0 3 * *", "UTC")).hasMessage("spec.schedule: '0 3 * *' is not"
        + " a 5-field cron expression (minute hour day-of-month month day-of-week): it has 4 fields");
    assertThatThrownBy(() -> ScheduleCalculator.parse("0 0 30 2 *", "UTC")).hasMessageContaining("never fires");
    assertThatThrownBy(() -> ScheduleCalculator.parse("@daily", "Mars/Olympus_Mons"))
        .hasMessageStartingWith("spec.timeZone:");
  }

  @Test
  void rememberedAnswersAreTheAnswersAcrossDaylightSavingChanges() {
    // Plans sharing a schedule ask about instants in any order; a remembered answer must be what cron-utils says.
    for (String[] schedule : List.of(new String[] {"30 2 * * *", "Europe/Berlin"}, new String[] {"0 * * * *",
        "America/New_York"}, new String[] {"*/15 1-3 * * *", "Australia/Lord_Howe"}, new String[] {"@daily", "UTC"})) {
      ScheduleCalculator calculator = ScheduleCalculator.parse(schedule[0], schedule[1]);
      for (String start : List.of("2026-03-28T20:00:00Z", "2026-10-24T20:00:00Z", "2026-04-04T10:00:00Z")) {
        Instant at = t(start);
        for (int step = 0; step < 600; step++) {
          at = at.plusSeconds(step % 3 == 0 ? 431 : 97); // irregular, also back and forth around the remembered ones
          Instant asked = step % 5 == 0 ? at.minusSeconds(3600) : at;
          assertThat(calculator.nextAfter(asked)).as("%s %s after %s", schedule[0], schedule[1], asked)
              .isEqualTo(calculator.computeNextAfter(asked));
        }
      }
    }
  }
}
