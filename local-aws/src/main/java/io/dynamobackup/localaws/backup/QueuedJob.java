package io.dynamobackup.localaws.backup;

import io.dynamobackup.localaws.core.ResourceSlot;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A backup or copy job: AWS Backup runs one of them per resource at a time, so a job waits CREATED in the resource's
 * FIFO queue until it is ready and the resource is free, then runs, then completes. A job with a start window expires
 * when it has not started by its end; a job with a completion window expires when it has not completed by its end
 * (counted from the creation of the job, like the start window).
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html (StartWindowMinutes,
 * CompleteWindowMinutes); https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html (one job per
 * resource)
 */
abstract class QueuedJob extends Job {
  static final Set<String> ACTIVE = Set.of("CREATED", "RUNNING");
  /** The end of the start window, or null without one. */
  final Instant startBy;
  /** The end of the completion window, or null without one. */
  final Instant completeBy;

  QueuedJob(String id, Scope scope, String iamRoleArn, Instant creationDate, Instant readyAt, Duration duration,
      Duration startWindow, Duration completeWindow) {
    super(id, scope, iamRoleArn, creationDate, readyAt, duration, ACTIVE, "CREATED");
    this.startBy = startWindow == null ? null : creationDate.plus(startWindow);
    this.completeBy = completeWindow == null ? null : creationDate.plus(completeWindow);
  }

  /** The resource whose queue the job waits in. */
  abstract String resourceArn();

  /** Starts the work at {@code at}; returns false when the job ended instead (it must have called {@link #end}). */
  abstract boolean begin(Instant at, World world);

  /** The work is done; the job becomes COMPLETED after this. */
  abstract void onComplete(Instant at, World world);

  /** The job expires while running: undo what {@link #begin} made. */
  abstract void onExpire(World world);

  public boolean isRunning() {
    return is("RUNNING");
  }

  @Override
  public Instant nextEvent(World world) {
    if (is("CREATED")) {
      Instant can = world.slot(resourceArn()).canStartAt(this, readyAt);
      Instant deadline = earliest(startBy, completeBy);
      return can != null && (deadline == null || !can.isAfter(deadline)) ? can : deadline;
    }
    if (is("RUNNING")) {
      return earliest(expectedCompletion(), completeBy);
    }
    return null;
  }

  @Override
  public void fire(Instant at, World world) {
    ResourceSlot slot = world.slot(resourceArn());
    if (is("CREATED")) {
      Instant can = slot.canStartAt(this, readyAt);
      Instant deadline = earliest(startBy, completeBy);
      if (can != null && !at.isBefore(can) && (deadline == null || at.isBefore(deadline))) {
        if (begin(at, world)) {
          slot.acquire(this);
          start("RUNNING", at);
        } else {
          slot.leaveQueue(this);
        }
        return;
      }
      slot.leaveQueue(this);
      end("EXPIRED", at, startBy != null && !at.isBefore(startBy) && (completeBy == null || !completeBy.isBefore(startBy))
          ? "The backup job did not start within its start window (" + minutes(startBy) + " minutes): another backup"
              + " or copy job of " + resourceArn() + " was still running."
          : "Backup job expired before completion: it did not complete within its completion window ("
              + minutes(completeBy) + " minutes from its creation).");
      return;
    }
    if (!at.isBefore(expectedCompletion())) {
      onComplete(at, world);
      end("COMPLETED", at, null);
    } else {
      onExpire(world);
      end("EXPIRED", at, "Backup job expired before completion: it did not complete within its completion window ("
          + minutes(completeBy) + " minutes from its creation).");
    }
    slot.release(this, at);
  }

  private long minutes(Instant windowEnd) {
    return Duration.between(creationDate, windowEnd).toMinutes();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
