package io.dynamobackup.operator.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor of every controller's reconciles (JOSDK shares one), ordered earliest deadline first instead of first
 * come, first served. A reconcile's deadline is when JOSDK submitted it plus its controller's slack: zero for the
 * kinds whose work is due now (a backup's job start in its slot's turn, a restore), and {@link #PLAN_SLACK} for plans.
 *
 * <p>Why: at a schedule slot a thousand plans are due at once; each creates its backups, which are due at once too.
 * First come, first served puts every backup's first reconcile behind the remaining plans' work, so the first job
 * starts only when the last plan is done, and every start after it is that much late (starts are paced at AWS's rate
 * and never catch up). With deadlines the backups go first and the plans fill the gaps; a plan's reconcile still
 * waits at most its slack behind reconciles submitted after it, so nothing starves.
 *
 * <p>The controller of a task is read from JOSDK's task description ({@code "<controller> -> <scope>"}); a task it
 * cannot place gets no slack (first come, first served among such tasks).
 */
public final class ReconcileExecutor extends ThreadPoolExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileExecutor.class);
  /** How long a plan's reconcile may wait behind later backup and restore reconciles on a busy operator. */
  public static final Duration PLAN_SLACK = Duration.ofSeconds(30);

  private final Map<String, Duration> slackByController;
  private final LongSupplier nanos;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicBoolean unplaced = new AtomicBoolean();

  /** {@code threads} reconciles at once (JOSDK's concurrentReconciliationThreads); slack per controller name. */
  public ReconcileExecutor(int threads, Map<String, Duration> slackByController) {
    this(threads, slackByController, System::nanoTime);
  }

  ReconcileExecutor(int threads, Map<String, Duration> slackByController, LongSupplier nanos) {
    super(threads, threads, 60, TimeUnit.SECONDS, new PriorityBlockingQueue<>(), threadFactory());
    this.slackByController = Map.copyOf(slackByController);
    this.nanos = nanos;
    allowCoreThreadTimeOut(true);
  }

  @Override
  public void execute(Runnable task) {
    super.execute(task instanceof Deadline ? task : new Deadline(task, nanos.getAsLong()
        + slack(task).toNanos(), sequence.incrementAndGet()));
  }

  /** The slack of the controller that submitted {@code task}. */
  Duration slack(Runnable task) {
    String description = String.valueOf(task);
    int arrow = description.indexOf(" -> ");
    if (arrow < 0) {
      if (unplaced.compareAndSet(false, true)) {
        LOG.warn("reconcile task without a controller in its description ({}): first come, first served", description);
      }
      return Duration.ZERO;
    }
    return slackByController.getOrDefault(description.substring(0, arrow), Duration.ZERO);
  }

  private static ThreadFactory threadFactory() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "reconciler-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A task in line: earliest deadline first, then in order of submission. */
  private record Deadline(Runnable task, long deadline, long sequence) implements Runnable, Comparable<Deadline> {
    @Override
    public void run() {
      task.run();
    }

    @Override
    public int compareTo(Deadline other) {
      int order = Long.compare(deadline - other.deadline, 0); // nanoTime values: compare by difference
      return order != 0 ? order : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }
}
