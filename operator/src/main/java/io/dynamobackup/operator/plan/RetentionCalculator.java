package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.plan.RetentionPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Grandfather-father-son retention over the completed recovery points of one table: a point is kept when keepLast
 * keeps it or when it is the newest point of one of the last N daily, weekly (ISO week), monthly or yearly buckets
 * that hold a point (calendar of the plan's time zone). Only completed points are passed in, so failed runs never
 * push a good point out of keepLast, and points whose job or copies still run are never candidates for deletion.
 */
public final class RetentionCalculator {
  private RetentionCalculator() {}

  /** A completed recovery point, identified by its DynamoBackup's name and dated by its backup time. */
  public record Point(String name, Instant time) {}

  /** The names of the points to keep; every other point may be deleted. No policy keeps everything. */
  public static Set<String> keep(List<Point> completed, RetentionPolicy policy, ZoneId zone) {
    List<Point> newestFirst = completed.stream()
        .sorted(Comparator.comparing(Point::time).reversed().thenComparing(Point::name)).toList();
    Set<String> keep = new LinkedHashSet<>();
    if (policy == null) {
      newestFirst.forEach(p -> keep.add(p.name()));
      return keep;
    }
    newestFirst.stream().limit(count(policy.keepLast)).forEach(p -> keep.add(p.name()));
    keepNewestPerBucket(newestFirst, count(policy.daily), t -> t.toLocalDate(), keep, zone);
    keepNewestPerBucket(newestFirst, count(policy.weekly),
        t -> t.get(IsoFields.WEEK_BASED_YEAR) * 100 + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), keep, zone);
    keepNewestPerBucket(newestFirst, count(policy.monthly), t -> t.getYear() * 100 + t.getMonthValue(), keep, zone);
    keepNewestPerBucket(newestFirst, count(policy.yearly), ZonedDateTime::getYear, keep, zone);
    return keep;
  }

  private static void keepNewestPerBucket(List<Point> newestFirst, int buckets, Function<ZonedDateTime, Object> bucketOf,
      Set<String> keep, ZoneId zone) {
    Object current = null;
    int seen = 0;
    for (Point point : newestFirst) {
      if (seen >= buckets) {
        return;
      }
      Object bucket = bucketOf.apply(point.time().atZone(zone));
      if (!Objects.equals(bucket, current)) {
        current = bucket;
        seen++;
        keep.add(point.name());
      }
    }
  }

  private static int count(Integer value) {
    return value == null ? 0 : Math.max(0, value);
  }
}
