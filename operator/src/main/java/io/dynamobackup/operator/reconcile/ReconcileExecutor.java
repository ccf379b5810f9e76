package io.dynamobackup.operator.reconcile;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor of every controller's reconciles (JOSDK shares one), with a lane of its own for the controllers whose
 * work can wait (plans): they run on {@code backgroundThreads} threads of their own, everything else on
 * {@code threads}. Why: at a schedule slot a thousand plans are due at once, and each creates its backups, which are
 * due at once too. On one shared queue every backup's first reconcile waited behind the remaining plans' work, so the
 * first job started only when the last plan was done, and every start after it was that much late (starts are paced
 * at AWS's rate and never catch up); and fifty plan reconciles at a time took the CPU the backups' starts needed. In
 * their own lane the plans create the backups well ahead of the pace at which they can start (about a hundred plans a
 * second on four threads against AWS's 5 to 10 job starts), and the backups never queue behind them.
 *
 * <p>The controller of a task is read from JOSDK's task description ({@code "<controller> -> <scope>"}); a task it
 * cannot place runs in the main lane (logged once).
 */
public final class ReconcileExecutor extends AbstractExecutorService {
  /** Threads of the plans' lane: enough for their slot work to stay well ahead of the job starts' pace. */
  public static final int BACKGROUND_THREADS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileExecutor.class);

  private final ThreadPoolExecutor main;
  private final ThreadPoolExecutor background;
  private final Set<String> backgroundControllers;
  private final AtomicBoolean unplaced = new AtomicBoolean();

  /**
   * {@code threads} reconciles at once (JOSDK's concurrentReconciliationThreads) for every controller but
   * {@code backgroundControllers} (by name), which get {@code backgroundThreads} of their own.
   */
  public ReconcileExecutor(int threads, Set<String> backgroundControllers, int backgroundThreads) {
    this.main = pool(threads, "reconciler-");
    this.background = pool(backgroundThreads, "reconciler-background-");
    this.backgroundControllers = Set.copyOf(backgroundControllers);
  }

  @Override
  public void execute(Runnable task) {
    (inBackground(task) ? background : main).execute(task);
  }

  /** Whether {@code task} belongs to one of the background controllers. */
  boolean inBackground(Runnable task) {
    String description = String.valueOf(task);
    int arrow = description.indexOf(" -> ");
    if (arrow < 0) {
      if (unplaced.compareAndSet(false, true)) {
        LOG.warn("reconcile task without a controller in its description ({}): runs in the main lane", description);
      }
      return false;
    }
    return backgroundControllers.contains(description.substring(0, arrow));
  }

  @Override
  public void shutdown() {
    main.shutdown();
    background.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return Stream.concat(main.shutdownNow().stream(), background.shutdownNow().stream()).toList();
  }

  @Override
  public boolean isShutdown() {
    return main.isShutdown() && background.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return main.isTerminated() && background.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    return main.awaitTermination(timeout, unit)
        && background.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private static ThreadPoolExecutor pool(int threads, String prefix) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, prefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
