package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import io.dynamobackup.operator.plan.RetentionCalculator.Point;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionCalculatorTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  /** One point per day at 03:00Z, newest on 2026-11-20, named by date. */
  private static List<Point> daily(int days) {
    List<Point> points = new ArrayList<>();
    Instant newest = Instant.parse("2026-11-20T03:00:00Z");
    for (int i = 0; i < days; i++) {
      Instant time = newest.minus(Duration.ofDays(i));
      points.add(new Point(time.toString().substring(0, 10), time));
    }
    return points;
  }

  private static RetentionPolicy policy(Integer keepLast, Integer daily, Integer weekly, Integer monthly, Integer yearly) {
    RetentionPolicy policy = new RetentionPolicy();
    policy.keepLast = keepLast;
    policy.daily = daily;
    policy.weekly = weekly;
    policy.monthly = monthly;
    policy.yearly = yearly;
    return policy;
  }

  @Test
  void keepLastKeepsTheNewest() {
    assertThat(RetentionCalculator.keep(daily(10), policy(3, null, null, null, null), UTC))
        .containsExactlyInAnyOrder("2026-11-20", "2026-11-19", "2026-11-18");
  }

  @Test
  void noPolicyKeepsEverything() {
    assertThat(RetentionCalculator.keep(daily(10), null, UTC)).hasSize(10);
  }

  @Test
  void dailyKeepsTheNewestPointOfEachDay() {
    List<Point> points = new ArrayList<>(daily(5));
    points.add(new Point("late-on-the-19th", Instant.parse("2026-11-19T22:00:00Z")));
    assertThat(RetentionCalculator.keep(points, policy(null, 2, null, null, null), UTC))
        .containsExactlyInAnyOrder("2026-11-20", "late-on-the-19th");
  }

  @Test
  void grandfatherFatherSon() {
    // 400 daily points; keepLast 2, weekly 3 (ISO weeks, newest point = the Sunday or latest day), monthly 3, yearly 2.
    var keep = RetentionCalculator.keep(daily(400), policy(2, null, 3, 3, 2), UTC);
    assertThat(keep).containsExactlyInAnyOrder(
        "2026-11-20", "2026-11-19", // keepLast; 20th is also the newest of its week, month and year
        "2026-11-15", "2026-11-08", // the Sundays ending the two previous ISO weeks
        "2026-10-31", "2026-09-30", // the ends of the two previous months
        "2025-12-31"); // the end of the previous year
  }

  @Test
  void bucketsFollowThePlansTimeZone() {
    // 23:30Z on the 19th is already the 20th in Berlin: both points fall on the same Berlin day.
    List<Point> points = List.of(new Point("a", Instant.parse("2026-11-19T23:30:00Z")),
        new Point("b", Instant.parse("2026-11-20T10:00:00Z")), new Point("c", Instant.parse("2026-11-19T12:00:00Z")));
    assertThat(RetentionCalculator.keep(points, policy(null, 2, null, null, null), ZoneId.of("Europe/Berlin")))
        .containsExactlyInAnyOrder("b", "c");
    assertThat(RetentionCalculator.keep(points, policy(null, 2, null, null, null), UTC))
        .containsExactlyInAnyOrder("b", "a");
  }

  @Test
  void bucketsWithoutPointsDoNotCount() {
    // A gap of a week: daily 3 still keeps three points, the newest of the three most recent days that have one.
    List<Point> points = new ArrayList<>(daily(2));
    points.add(new Point("old", Instant.parse("2026-11-10T03:00:00Z")));
    points.add(new Point("older", Instant.parse("2026-11-09T03:00:00Z")));
    assertThat(RetentionCalculator.keep(points, policy(null, 3, null, null, null), UTC))
        .containsExactlyInAnyOrder("2026-11-20", "2026-11-19", "old");
  }
}
