package io.dynamobackup.operator.reconcile;

import io.dynamobackup.operator.api.v1alpha1.StoredResource;
import io.dynamobackup.operator.aws.AwsAudit;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.common.StatusRecorder;
import io.dynamobackup.operator.common.TenancyGuard;
import io.dynamobackup.operator.common.TransitionEvents;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The reconcile skeleton every kind uses; a kind supplies only its status, its validation, its tenancy checks and
 * its state machine ({@link #step}). One reconcile: snapshot the status → validate (Ready=False, Stalled, reason
 * InvalidSpec, with what referenced objects show: {@link #referenceProblems}) → tenancy check (Stalled, NotPermitted)
 * → the kind's step with a {@link ReconcileContext} → map a failure to status ({@link Failure}: the AWS error code as
 * reason, the message starting with the spec field it names; retried with back-off or stalled) → record status
 * (patched only when changed) → events (one per transition of the phase or Ready's reason, through the one
 * aggregating recorder) → metrics.
 *
 * <p>Errors have one retry mechanism, JOSDK's, with {@link JitteredRetry}: a retried failure is recorded here and
 * rethrown, {@link #updateErrorStatus} patches what was recorded, and JOSDK waits the next jittered step. JOSDK keeps
 * the attempt count per object and drops it with the object, where a map of our own would grow with every object
 * ever seen, and it covers failures outside our code (a status patch the API server refused) too. A stalled failure
 * (AccessDenied, a missing vault) is not retried: the object is looked at again after errorRetry.maxInterval, in
 * case someone fixed AWS, which no Kubernetes event would tell.
 *
 * <p>An object the operator could not read whole ({@link StoredResource#unreadable()}: stored before the CRD got its
 * current bounds) is refused before anything else: Ready=False, reason InvalidSpec, naming each field and what is wrong
 * with its value, a Warning event and a log line; no step runs, so no AWS call and no deletion is made for it. Deleting
 * it removes the finalizer without the kind's {@link #delete}: its AWS data is kept, as with deletionPolicy Retain.
 *
 * <p>Deletion goes through the same skeleton: a kind that declares {@code implements Cleaner<R>} gets a finalizer and
 * this class's {@link #cleanup}, which runs the kind's {@link #delete} with the same context and failure handling.
 */
public abstract class KindReconciler<R extends StoredResource<?, ?>, S extends KindStatus> implements Reconciler<R> {
  public static final String INVALID_SPEC = "InvalidSpec";
  private static final Logger LOG = LoggerFactory.getLogger(KindReconciler.class);

  private final String kind;
  private final Set<String> normalReasons;
  protected final ReconcileDependencies dependencies;

  /** {@code normalReasons}: Ready reasons reported as Normal events; every other reason is a Warning. */
  protected KindReconciler(String kind, Set<String> normalReasons, ReconcileDependencies dependencies) {
    this.kind = kind;
    this.normalReasons = normalReasons;
    this.dependencies = dependencies;
  }

  /** The object's status, created when missing, with observedGeneration stamped. */
  protected abstract S status(R resource, Instant now);

  /** Problems with the spec, each starting with the offending field; empty when valid. */
  protected abstract List<String> validate(R resource);

  /**
   * For a spec with problems ({@code specProblems}): the problems only a referenced object shows (read from the
   * cluster, never from AWS), so that the one InvalidSpec message names every problem at once. A valid spec meets
   * these checks in its step. None by default.
   */
  protected List<String> referenceProblems(R resource, List<String> specProblems, ReconcileContext<R> context) {
    return List.of();
  }

  /** What the tenancy policy says about a valid spec, before any AWS call. */
  protected abstract TenancyGuard.Check tenancy(TenancyGuard guard, R resource);

  /**
   * One step of the kind's state machine: observe (AWS, the cluster), decide, act, and set the status. Returns when
   * to look again, or null to wait for the next event.
   */
  protected abstract Duration step(R resource, S status, ReconcileContext<R> context);

  /**
   * The spec fields an AWS error may name, each with the value AWS would name (a vault's name or ARN, a role's ARN), in
   * order of preference: a failure naming one starts with its field ({@link Failure#of(Exception, Map)}). None by
   * default.
   */
  protected Map<String, String> awsNamedFields(R resource) {
    return Map.of();
  }

  /** After a step: what the kind records beyond conditions and events (metrics of finished objects). */
  protected void recorded(R resource, S status, Object phaseBefore, ReconcileContext<R> context) {}

  /**
   * Ready reasons that get no event: steps that last a moment and that the next event tells anyway (the write of intent
   * before a start call, which the call's audit event follows).
   */
  protected Set<String> quietReasons() {
    return Set.of();
  }

  /** Deletion, for kinds with a finalizer: returns when to look again, or null when the finalizer may go. */
  protected Duration delete(R resource, ReconcileContext<R> context) {
    return null;
  }

  /** The start of the Warning event when {@link #delete} fails. */
  protected String deletionFailure(R resource) {
    return "cannot finish deletion";
  }

  @Override
  public final UpdateControl<R> reconcile(R resource, Context<R> josdk) {
    if (!resource.readable() && unreadableStatus(resource)) {
      // The status patch (server-side apply) would drop the status values that could not be read: report, write nothing.
      dependencies.events().warning(resource, INVALID_SPEC, unreadable(resource, "the operator leaves it alone"));
      return UpdateControl.noUpdate();
    }
    Instant now = dependencies.clock().instant();
    StatusRecorder<R> recorder = StatusRecorder.of(resource);
    S status = status(resource, now);
    TransitionEvents transitions = new TransitionEvents(resource, status::conditions, status::phase, normalReasons,
        quietReasons(), dependencies.events());
    ReconcileContext<R> context = new ReconcileContext<>(kind, resource, josdk, now, dependencies);
    Duration next = null; // an invalid or denied spec waits for an edit (or a policy change): no retry loop
    List<String> problems = resource.readable() ? validate(resource)
        : List.of(unreadable(resource, "edit the object"));
    if (!problems.isEmpty()) {
      problems = Stream.concat(problems.stream(), referenceProblems(resource, problems, context).stream()).distinct()
          .toList();
      status.readiness().stalled(INVALID_SPEC, String.join("; ", problems));
      status.notReconciled(INVALID_SPEC);
    } else if (context.denied(tenancy(dependencies.tenancy(), resource), status.readiness())) {
      status.notReconciled(TenancyGuard.REASON);
    } else {
      try {
        // AWS calls of the step are audited as made for this object (AwsAudit).
        next = AwsAudit.on(resource, () -> step(resource, status, context));
        recorded(resource, status, transitions.phaseBefore(), context);
      } catch (RuntimeException e) {
        Failure failure = failed(e, resource, status);
        transitions.report();
        if (failure.retried()) {
          throw new RetriedFailure(failure, recorder.changed());
        }
        return recorder.update(dependencies.schedule().userErrorRetry());
      }
    }
    transitions.report();
    return recorder.update(next);
  }

  /** JOSDK asks after a failed reconcile: patch what {@link #reconcile} recorded; JOSDK then retries. */
  @Override
  public final ErrorStatusUpdateControl<R> updateErrorStatus(R resource, Context<R> josdk, Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) { // JOSDK wraps it in an OperatorException
      if (cause instanceof RetriedFailure retried) {
        return retried.statusChanged() ? ErrorStatusUpdateControl.patchStatus(resource)
            : ErrorStatusUpdateControl.noStatusUpdate();
      }
    }
    return ErrorStatusUpdateControl.noStatusUpdate(); // e.g. the status patch itself failed: nothing new to record
  }

  /** JOSDK calls this for kinds that implement {@code Cleaner}, while the object is being deleted. */
  public final DeleteControl cleanup(R resource, Context<R> josdk) {
    if (!resource.readable()) {
      dependencies.events().warning(resource, INVALID_SPEC,
          unreadable(resource, "deleted without cleanup: its AWS data is kept, as with deletionPolicy Retain"));
      return DeleteControl.defaultDelete();
    }
    ReconcileContext<R> context = new ReconcileContext<>(kind, resource, josdk, dependencies.clock().instant(),
        dependencies);
    try {
      Duration wait = AwsAudit.on(resource, () -> delete(resource, context));
      return wait == null ? DeleteControl.defaultDelete() : DeleteControl.noFinalizerRemoval().rescheduleAfter(wait);
    } catch (RuntimeException e) {
      Failure failure = failed(e, resource, null);
      context.warning(failure.reason(), deletionFailure(resource) + ": " + failure.message());
      if (failure.retried()) {
        throw new RetriedFailure(failure, false);
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(dependencies.schedule().userErrorRetry());
    }
  }

  /** The values of {@code resource} that could not be read, then {@code consequence}; logged as a warning. */
  private String unreadable(R resource, String consequence) {
    String message = String.join("; ", resource.unreadable()) + "; " + consequence;
    LOG.warn("{} {}/{} cannot be read as stored: {}", kind, resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(), message);
    return message;
  }

  private static boolean unreadableStatus(StoredResource<?, ?> resource) {
    return resource.unreadable().stream().anyMatch(problem -> problem.startsWith("status."));
  }

  private Failure failed(RuntimeException e, R resource, S status) {
    Failure failure = Failure.of(e, awsNamedFields(resource));
    String outcome = failure.retried() ? "retrying with back-off" : "stalled";
    if (e instanceof AwsException aws) {
      dependencies.metrics().awsError(kind, aws.code());
      // One line, no stack trace: AWS's answer is the whole story (JOSDK's own line is dropped, RetriedFailureLogFilter).
      LOG.atLevel(failure.retried() ? Level.INFO : Level.WARN).log("{} failed, {}: {}: {}", kind, outcome,
          failure.reason(), failure.message());
    } else { // not AWS's answer: keep the stack trace, which the retried failure handed to JOSDK leaves out
      LOG.warn("{} failed, {}: {}", kind, outcome, failure, e);
    }
    if (status != null && failure.retried()) {
      status.readiness().progressing(failure.reason(), failure.conditionMessage());
    } else if (status != null) {
      status.readiness().stalled(failure.reason(), failure.conditionMessage());
    }
    return failure;
  }
}
