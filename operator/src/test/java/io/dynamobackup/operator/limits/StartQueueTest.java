package io.dynamobackup.operator.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The order in which job starts get AWS's permits: schedule slot first, never arrival. Time is moved by hand. */
class StartQueueTest {
  private static final Instant EIGHT = Instant.parse("2026-11-20T08:00:00Z");
  private static final Instant NINE = Instant.parse("2026-11-20T09:00:00Z");
  private static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");

  private final AtomicLong nanos = new AtomicLong();
  private final ManualPermits permits = new ManualPermits();
  private final StartQueue queue = new StartQueue(permits, nanos::get);

  /** One permit per second, handed out only when the test says a second has passed. */
  private final class ManualPermits implements Permits {
    int available;

    @Override
    public boolean tryAcquire() {
      if (available == 0) {
        return false;
      }
      available--;
      return true;
    }

    @Override
    public boolean acquire(Duration maxWait) {
      return tryAcquire();
    }

    @Override
    public Duration untilNext() {
      return available > 0 ? Duration.ZERO : Duration.ofSeconds(1);
    }

    @Override
    public Duration interval() {
      return Duration.ofSeconds(1);
    }
  }

  private StartQueue.Admission ask(String id, Instant slot) {
    return queue.admit(new StartQueue.Ticket(slot, id), StartQueue.Capacity.NONE);
  }

  private void second() {
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    permits.available = 1;
  }

  @Test
  void theEarliestSlotGoesFirstWhateverTheOrderOfAsking() {
    assertThat(ask("ten", TEN).granted()).isFalse();
    assertThat(ask("nine", NINE).granted()).isFalse();
    assertThat(ask("eight", EIGHT).granted()).isFalse();

    second();
    assertThat(ask("ten", TEN).granted()).as("ten waits behind two earlier slots").isFalse();
    assertThat(ask("nine", NINE).granted()).as("nine waits behind eight").isFalse();
    assertThat(ask("eight", EIGHT).granted()).isTrue();

    second();
    assertThat(ask("ten", TEN).granted()).isFalse();
    assertThat(ask("nine", NINE).granted()).isTrue();
    second();
    assertThat(ask("ten", TEN).granted()).isTrue();
    assertThat(queue.waiting()).isZero();
  }

  @Test
  void eachWaiterIsToldToComeBackAfterItsPlaceInLineDividedByTheRate() {
    for (int i = 0; i < 5; i++) {
      ask("backup-" + i, TEN.plusSeconds(i));
    }
    var last = ask("backup-4", TEN.plusSeconds(4));
    assertThat(last.ahead()).isEqualTo(4);
    assertThat(last.retryAfter()).isGreaterThan(Duration.ofSeconds(5)).isLessThan(Duration.ofSeconds(6));
    var first = ask("backup-0", TEN);
    assertThat(first.ahead()).isZero();
    assertThat(first.retryAfter()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void slotsTieByObjectSoTheOrderIsTheSameAfterARestart() {
    ask("b", TEN);
    ask("a", TEN);
    second();
    assertThat(ask("b", TEN).granted()).isFalse();
    assertThat(ask("a", TEN).granted()).isTrue();
  }

  @Test
  void aWaiterThatDoesNotComeBackStopsHoldingUpTheLine() {
    ask("gone", EIGHT); // told to come back in about a second; then deleted, or its reconcile is stuck
    ask("later", NINE);
    second();
    assertThat(ask("later", NINE).granted()).as("gone is not late yet").isFalse();
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(ask("later", NINE).granted()).as("gone missed its turn by more than the grace").isTrue();
    second();
    assertThat(ask("gone", EIGHT).granted()).as("it keeps its place when it comes back").isTrue();
  }

  @Test
  void aWaiterGoneForTenMinutesIsForgottenAndAnEditedSlotMovesItsPlace() {
    ask("gone", EIGHT);
    ask("moved", NINE);
    assertThat(ask("moved", TEN.plusSeconds(1)).ahead()).as("its slot edited: behind gone still").isEqualTo(1);
    assertThat(ask("other", TEN).ahead()).as("moved's old place is free").isEqualTo(1);
    nanos.addAndGet(StartQueue.FORGET_AFTER.toNanos() - Duration.ofSeconds(1).toNanos());
    ask("moved", TEN.plusSeconds(1));
    ask("other", TEN);
    second();
    second();
    assertThat(ask("other", TEN).granted()).isTrue();
    assertThat(queue.waiting()).as("gone has not asked for more than ten minutes: only moved waits").isEqualTo(1);
  }

  @Test
  void aFullCapacityHoldsEveryoneBackAndCountsGrantsTheCacheDoesNotShowYet() {
    permits.available = 10;
    var capacity = new StartQueue.Capacity(2, Set.of("running"), Duration.ofSeconds(5));
    assertThat(queue.admit(new StartQueue.Ticket(NINE, "first"), capacity).granted()).isTrue();
    var full = queue.admit(new StartQueue.Ticket(TEN, "second"), capacity);
    assertThat(full.granted()).as("running + first = 2 in flight, though the cache shows only one").isFalse();
    assertThat(full.atCapacity()).isTrue();
    assertThat(full.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    var afterOneFinished = new StartQueue.Capacity(2, Set.of("first"), Duration.ofSeconds(5));
    assertThat(queue.admit(new StartQueue.Ticket(TEN, "second"), afterOneFinished).granted()).isTrue();
  }
}
