package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.Timed;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * What AWS Backup's backup, copy and restore jobs share: identity, the IAM role they run as, their timeline (created,
 * ready to start after the start delay, started, completed) and a state that only moves forward until it is final.
 * Subclasses are the state machines; the {@link io.dynamobackup.localaws.core.World} fires their transitions.
 */
public abstract class Job implements Timed {
  public final String id;
  public final Scope scope;
  public final String iamRoleArn;
  public final Instant creationDate;
  /** When the job may start at the earliest (creation plus the start delay). */
  public final Instant readyAt;
  /** How long its work takes once started. */
  public final Duration duration;
  private final Set<String> activeStates;
  private String state;
  private String statusMessage;
  private Instant startedAt;
  private Instant completionDate;

  protected Job(String id, Scope scope, String iamRoleArn, Instant creationDate, Instant readyAt, Duration duration,
      Set<String> activeStates, String initialState) {
    this.id = id;
    this.scope = scope;
    this.iamRoleArn = iamRoleArn;
    this.creationDate = creationDate;
    this.readyAt = readyAt;
    this.duration = duration;
    this.activeStates = activeStates;
    this.state = initialState;
  }

  /** A new job id as AWS Backup formats them (an upper-case UUID). */
  static String newId() {
    return java.util.UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
  }

  public String state() {
    return state;
  }

  public boolean is(String s) {
    return state.equals(s);
  }

  public String statusMessage() {
    return statusMessage;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant completionDate() {
    return completionDate;
  }

  /** The instant at which the work will be done, once started. */
  public Instant expectedCompletion() {
    return startedAt == null ? null : startedAt.plus(duration);
  }

  protected void start(String runningState, Instant at) {
    state = runningState;
    startedAt = at;
  }

  /** Moves to a final state: no transition follows. */
  protected void end(String finalState, Instant at, String message) {
    state = finalState;
    completionDate = at;
    statusMessage = message;
  }

  @Override
  public boolean done() {
    return !activeStates.contains(state);
  }

  /** How far the work is, 0..1 (1 only once completed). */
  protected double progress(Instant now) {
    if (completionDate != null) {
      return "COMPLETED".equals(state) ? 1 : 0;
    }
    if (startedAt == null || duration.isZero()) {
      return 0;
    }
    double p = (double) Duration.between(startedAt, now).toMillis() / duration.toMillis();
    return Math.max(0, Math.min(0.999, p));
  }

  /** The fields every job description has. */
  protected ObjectNode describeCommon(String stateField) {
    ObjectNode n = Json.object();
    n.put("AccountId", scope.accountId());
    Json.putTime(n, "CreationDate", creationDate);
    Json.putTime(n, "CompletionDate", completionDate);
    n.put(stateField, state);
    Json.putIfNotNull(n, "StatusMessage", statusMessage);
    Json.putIfNotNull(n, "IamRoleArn", iamRoleArn);
    n.put("ResourceType", "DynamoDB");
    n.put("IsParent", false);
    return n;
  }
}
