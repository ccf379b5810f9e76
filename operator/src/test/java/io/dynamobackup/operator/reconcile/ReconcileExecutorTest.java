package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcileExecutorTest {
  /** A task described as JOSDK describes its reconciles: {@code "<controller> -> <scope>"}. */
  private static Runnable reconcile(String controller, String name, Runnable work) {
    return new Runnable() {
      @Override
      public void run() {
        work.run();
      }

      @Override
      public String toString() {
        return controller + " -> ExecutionScope{resource: " + name + "}";
      }
    };
  }

  @Test
  void backupsRunWhilePlansOccupyTheirOwnLaneAndPlansNeverRunMoreThanItsThreadsAtOnce() throws Exception {
    ReconcileExecutor executor = new ReconcileExecutor(2, Set.of("dynamobackupplan"), 2);
    try {
      CountDownLatch plansMayFinish = new CountDownLatch(1);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger mostAtOnce = new AtomicInteger();
      CountDownLatch lanesBusy = new CountDownLatch(2);
      for (int i = 0; i < 10; i++) { // a slot's plans, more than their lane's threads
        executor.execute(reconcile("dynamobackupplan", "plan-" + i, () -> {
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
          lanesBusy.countDown();
          await(plansMayFinish);
          running.decrementAndGet();
        }));
      }
      List<String> ran = new CopyOnWriteArrayList<>();
      CountDownLatch backupsDone = new CountDownLatch(3);
      for (String name : List.of("child-0", "child-1", "restore")) {
        executor.execute(reconcile(name.startsWith("child") ? "dynamobackup" : "dynamorestore", name, () -> {
          ran.add(name);
          backupsDone.countDown();
        }));
      }
      assertThat(backupsDone.await(10, TimeUnit.SECONDS)).as("not queued behind the plans").isTrue();
      assertThat(ran).containsExactlyInAnyOrder("child-0", "child-1", "restore");
      // Both lane threads hold a plan before any may finish: on a loaded machine the second thread may not have
      // started yet when the backups are done, and plans released early would run one at a time.
      assertThat(lanesBusy.await(10, TimeUnit.SECONDS)).as("both plan threads busy").isTrue();
      plansMayFinish.countDown();
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(mostAtOnce.get()).isEqualTo(2);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void controllersReadFromJosdkTaskDescriptions() {
    ReconcileExecutor executor = new ReconcileExecutor(1, Set.of("dynamobackupplan"), 1);
    try {
      assertThat(executor.inBackground(reconcile("dynamobackupplan", "p", () -> { }))).isTrue();
      assertThat(executor.inBackground(reconcile("dynamobackup", "b", () -> { }))).isFalse();
      assertThat(executor.inBackground(() -> { })).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
