package io.dynamobackup.operator.plan;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.definition.CronNicknames;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A plan's schedule: a standard 5-field cron expression (or a macro) evaluated on the wall clock of an IANA time
 * zone. cron-utils does the cron arithmetic on local date-times; this class maps local slots to instants so that
 * daylight-saving changes behave as people expect:
 * <ul>
 *   <li>spring forward: a slot inside the skipped hour runs at the first instant after the gap (the day still gets
 *   its backup, once);</li>
 *   <li>fall back: a slot inside the repeated hour runs once, at its first occurrence — unless the schedule fires
 *   every hour, in which case the repeated hour is a real hour of elapsed time and runs too.</li>
 * </ul>
 */
public final class ScheduleCalculator {
  /** Unix crontab syntax (cron-utils' definition) with the crontab macros @yearly ... @hourly; @reboot has no slot. */
  private static final Set<CronNicknames> MACROS = EnumSet.of(CronNicknames.YEARLY, CronNicknames.ANNUALLY,
      CronNicknames.MONTHLY, CronNicknames.WEEKLY, CronNicknames.DAILY, CronNicknames.MIDNIGHT, CronNicknames.HOURLY);
  private static final CronParser PARSER = new CronParser(unixWithMacros());
  /**
   * Bounds on walking slot by slot: to the next match, and when counting the slots an outage missed (beyond it the
   * count is a lower bound and the walk continues near now).
   */
  private static final int MAX_WALK = 10_000;
  static final int MAX_SLOTS_COUNTED = 2_000;

  private final ExecutionTime execution;
  private final ZoneId zone;
  private final boolean everyHour;
  /**
   * The last few answers of {@link #nextAfter}, each good for a range: when the first slot after {@code from} is
   * {@code next}, it is the first slot after any instant in [from, next). Plans sharing a schedule ask about the same
   * slot and about their reconcile's now, many times a slot; cron-utils walks its fields each time.
   */
  private final AtomicReferenceArray<Answer> answers = new AtomicReferenceArray<>(8);
  private final AtomicInteger nextAnswer = new AtomicInteger();

  private record Answer(Instant from, Instant next) {}

  private ScheduleCalculator(ExecutionTime execution, ZoneId zone, boolean everyHour) {
    this.execution = execution;
    this.zone = zone;
    this.everyHour = everyHour;
  }

  /**
   * Parsed schedules by (expression, time zone), errors included: every plan reconcile validates its schedule and
   * steps on it, and cron-utils' parser costs far more than the lookup. Bounded (least recently used out) so that
   * edited or deleted plans' expressions do not accumulate; a calculator is thread-safe, so sharing one is safe.
   */
  private static final int CACHED = 512;
  private record Key(String schedule, String timeZone) {}

  private static final Map<Key, Object> PARSED = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
          return size() > CACHED;
        }
      });

  /** Parses the schedule; the exception message names the field (spec.schedule or spec.timeZone). */
  public static ScheduleCalculator parse(String schedule, String timeZone) {
    Key key = new Key(schedule, timeZone);
    Object parsed = PARSED.get(key);
    if (parsed == null) {
      try {
        parsed = compile(schedule, timeZone);
      } catch (IllegalArgumentException e) {
        parsed = e.getMessage();
      }
      PARSED.put(key, parsed);
    }
    if (parsed instanceof String problem) {
      throw new IllegalArgumentException(problem);
    }
    return (ScheduleCalculator) parsed;
  }

  private static ScheduleCalculator compile(String schedule, String timeZone) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone == null ? "UTC" : timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("spec.timeZone: '" + timeZone + "' is not an IANA time zone");
    }
    if (schedule == null || schedule.isBlank()) {
      throw new IllegalArgumentException("spec.schedule: required");
    }
    String expression = schedule.trim();
    boolean macro = expression.startsWith("@");
    Cron cron;
    try {
      cron = PARSER.parse(macro ? expression.toLowerCase(Locale.ROOT) : expression).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(macro
          ? "spec.schedule: unknown macro '" + expression + "' (use @yearly, @monthly, @weekly, @daily or @hourly)"
          : expression.split("\\s+").length != 5
              ? "spec.schedule: '" + schedule + "' is not a 5-field cron expression (minute hour day-of-month month"
                  + " day-of-week): it has " + expression.split("\\s+").length + " fields"
              : "spec.schedule: '" + schedule + "' is an invalid cron expression: " + parserDetail(e));
    }
    ExecutionTime execution = ExecutionTime.forCron(cron);
    String[] fields = cron.asString().split("\\s+");
    boolean everyHour = fields.length == 5 && (fields[1].equals("*") || fields[1].equals("*/1"));
    ScheduleCalculator calculator = new ScheduleCalculator(execution, zone, everyHour);
    if (execution.nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)).isEmpty()) {
      throw new IllegalArgumentException("spec.schedule: '" + schedule + "' never fires");
    }
    return calculator;
  }

  /** cron-utils' reason without its generic preamble ("Failed to parse cron expression. Value 25 not in ..."). */
  private static String parserDetail(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    return message.replaceFirst("^Failed to parse cron expression\\.\\s*", "");
  }

  private static CronDefinition unixWithMacros() {
    CronDefinition unix = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    return new CronDefinition(new ArrayList<>(unix.getFieldDefinitions()), unix.getCronConstraints(), MACROS,
        unix.isMatchDayOfWeekAndDayOfMonth());
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first slot strictly after {@code after}. */
  public Instant nextAfter(Instant after) {
    for (int i = 0; i < answers.length(); i++) {
      Answer answer = answers.get(i);
      if (answer != null && !after.isBefore(answer.from()) && after.isBefore(answer.next())) {
        return answer.next();
      }
    }
    Instant next = computeNextAfter(after);
    answers.set(Math.floorMod(nextAnswer.getAndIncrement(), answers.length()), new Answer(after, next));
    return next;
  }

  /** {@link #nextAfter} without the remembered answers. */
  Instant computeNextAfter(Instant after) {
    Instant next = firstOccurrenceAfter(after);
    if (everyHour) {
      Optional<Instant> repeated = repeatedHourSlotAfter(after);
      if (repeated.isPresent() && repeated.get().isBefore(next)) {
        return repeated.get();
      }
    }
    return next;
  }

  /** The next slot, local times in a fall-back overlap taken at their first occurrence, gaps shifted past. */
  private Instant firstOccurrenceAfter(Instant after) {
    LocalDateTime local = LocalDateTime.ofInstant(after, zone);
    for (int i = 0; i < MAX_WALK; i++) {
      Optional<ZonedDateTime> next = execution.nextExecution(local.atZone(ZoneOffset.UTC));
      if (next.isEmpty()) {
        break;
      }
      LocalDateTime slot = next.get().toLocalDateTime();
      var offsets = zone.getRules().getValidOffsets(slot);
      Instant instant = offsets.isEmpty()
          ? zone.getRules().getTransition(slot).getInstant() // in a spring-forward gap: the first instant after it
          : slot.atOffset(offsets.get(0)).toInstant();
      if (instant.isAfter(after)) {
        return instant;
      }
      local = slot;
    }
    throw new IllegalStateException("schedule has no slot after " + after);
  }

  /** For schedules that fire every hour: a slot in the second occurrence of a fall-back hour, if one is next. */
  private Optional<Instant> repeatedHourSlotAfter(Instant after) {
    ZoneOffsetTransition transition = zone.getRules().nextTransition(after.minus(Duration.ofHours(6)));
    if (transition == null || !transition.isOverlap()
        || !transition.getInstant().plus(transition.getDuration().abs()).isAfter(after)) {
      return Optional.empty();
    }
    LocalDateTime start = transition.getDateTimeAfter(); // e.g. 02:00, the first repeated local time
    LocalDateTime local = LocalDateTime.ofInstant(after, transition.getOffsetAfter());
    LocalDateTime from = local.isBefore(start) ? start.minusNanos(1) : local;
    Optional<ZonedDateTime> next = execution.nextExecution(from.atZone(ZoneOffset.UTC));
    return next.map(ZonedDateTime::toLocalDateTime).filter(slot -> slot.isBefore(transition.getDateTimeBefore()))
        .map(slot -> slot.atOffset(transition.getOffsetAfter()).toInstant()).filter(i -> i.isAfter(after));
  }

  /** Whether {@code instant} is a slot of this schedule (a pending slot may belong to an edited schedule). */
  public boolean isSlot(Instant instant) {
    return nextAfter(instant.minusSeconds(1)).equals(instant);
  }

  /**
   * What to do now. {@code pending} is the slot the plan waits for (status.nextScheduleTime); null means "not
   * scheduled yet" (new or resumed plan), which never runs a backlog. Once {@code now} passed the pending slot, only
   * the newest slot at or before now runs — once, never a burst — and only if it is not older than the deadline.
   */
  public Decision decide(Instant pending, Instant now, Long startingDeadlineSeconds) {
    if (pending == null || pending.isAfter(now)) {
      return new Decision(null, null, 0, false, pending == null ? nextAfter(now) : pending);
    }
    Instant newest = pending;
    int slots = 1;
    boolean bounded = false;
    for (Instant next = nextAfter(newest); !next.isAfter(now); next = nextAfter(newest)) {
      newest = next;
      if (++slots >= MAX_SLOTS_COUNTED) { // a frequent schedule after a long outage: count no further, jump near now
        bounded = true;
        for (Duration back : List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(32), Duration.ofDays(366))) {
          Instant recent = nextAfter(now.minus(back));
          if (!recent.isAfter(now) && recent.isAfter(newest)) {
            newest = recent;
            break;
          }
        }
        for (next = nextAfter(newest); !next.isAfter(now); next = nextAfter(newest)) {
          newest = next;
        }
        break;
      }
    }
    Instant next = nextAfter(now);
    if (startingDeadlineSeconds != null
        && Duration.between(newest, now).compareTo(Duration.ofSeconds(startingDeadlineSeconds)) > 0) {
      return new Decision(null, newest, slots, bounded, next);
    }
    return new Decision(newest, null, slots - 1, bounded, next);
  }

  /**
   * Whether a table whose newest successful backup completed at {@code reference} is overdue: at least two slots
   * passed after it (the last successful backup is older than two schedule intervals).
   */
  public boolean overdue(Instant reference, Instant now) {
    Instant first = nextAfter(reference);
    return !first.isAfter(now) && !nextAfter(first).isAfter(now);
  }

  /**
   * @param run the slot to run now, or null
   * @param skipped the newest missed slot, skipped because it is older than startingDeadlineSeconds, or null
   * @param missed how many older slots were missed and not run (an outage, or a slot past its deadline)
   * @param missedMore whether more slots than {@code missed} were missed: past {@value #MAX_SLOTS_COUNTED} slots
   *     (a frequent schedule after a long outage) the operator stops counting
   * @param next the next slot after now
   */
  public record Decision(Instant run, Instant skipped, int missed, boolean missedMore, Instant next) {
    /** The number of missed slots for a message: "5", or "more than 1999". */
    public String missedText() {
      return (missedMore ? "more than " : "") + missed;
    }
  }
}
