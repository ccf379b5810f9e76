package io.dynamobackup.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReconcileExecutorTest {
  /** A task described as JOSDK describes its reconciles: {@code "<controller> -> <scope>"}. */
  private static Runnable reconcile(String controller, String name, List<String> ran) {
    return new Runnable() {
      @Override
      public void run() {
        ran.add(name);
      }

      @Override
      public String toString() {
        return controller + " -> ExecutionScope{resource: " + name + "}";
      }
    };
  }

  @Test
  void backupsDueAfterPlansRunBeforeThemWhilePlansWithinTheirSlackKeepTheirOrder() throws Exception {
    AtomicLong now = new AtomicLong();
    ReconcileExecutor executor = new ReconcileExecutor(1, Map.of("dynamobackupplan", Duration.ofSeconds(30)),
        now::get);
    try {
      List<String> ran = new CopyOnWriteArrayList<>();
      CountDownLatch busy = new CountDownLatch(1);
      executor.execute(() -> awaitQuietly(busy)); // the only thread is busy: everything below waits in line
      executor.execute(reconcile("dynamobackupplan", "plan-a", ran));
      executor.execute(reconcile("dynamobackupplan", "plan-b", ran));
      now.addAndGet(Duration.ofSeconds(1).toNanos());
      executor.execute(reconcile("dynamobackup", "plan-a-child", ran)); // created by plan-a's reconcile, 1 s later
      executor.execute(reconcile("dynamorestore", "restore", ran));
      now.addAndGet(Duration.ofSeconds(40).toNanos());
      executor.execute(reconcile("dynamobackup", "late-child", ran)); // after the plans' slack: behind them
      executor.execute(new Runnable() {
        @Override
        public void run() {
          ran.add("unknown");
        }
      });
      busy.countDown();
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("plan-a-child", "restore", "plan-a", "plan-b", "late-child", "unknown");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void controllersReadFromJosdkTaskDescriptions() {
    ReconcileExecutor executor = new ReconcileExecutor(1, Map.of("dynamobackupplan", Duration.ofSeconds(30)));
    try {
      assertThat(executor.slack(reconcile("dynamobackupplan", "p", List.of()))).isEqualTo(Duration.ofSeconds(30));
      assertThat(executor.slack(reconcile("dynamobackup", "b", List.of()))).isEqualTo(Duration.ZERO);
      assertThat(executor.slack(() -> { })).isEqualTo(Duration.ZERO);
    } finally {
      executor.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
