package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.DeletionPolicy;
import io.dynamobackup.operator.api.v1alpha1.backup.BackupPhase;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanStatus.DrillResult;
import io.dynamobackup.operator.api.v1alpha1.plan.RestoreDrill;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreSpec;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestoreStatus;
import io.dynamobackup.operator.api.v1alpha1.restore.RestorePhase;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSettings;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreSource;
import io.dynamobackup.operator.api.v1alpha1.restore.RestoreTarget;
import io.dynamobackup.operator.aws.Inventory;
import io.dynamobackup.operator.common.Conditions;
import io.dynamobackup.operator.common.EventRecorder;
import io.dynamobackup.operator.common.OperatorMetrics;
import io.dynamobackup.operator.common.TableKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restore drills: on each slot of spec.restoreDrill.schedule the plan creates a DynamoRestore child of its newest
 * completed backup into a scratch table (deletionPolicy Delete, deletion protection off); once that restore is Ready
 * the drill checks it (item count against the source's at backup time, settings applied), records the result and the
 * measured restore time, and deletes the child, whose finalizer drops the scratch table. A drill that fails, or is not
 * Ready within spec.restoreDrill.timeoutMinutes, is deleted the same way.
 *
 * <p>All state lives in Kubernetes: the child's name is derived from the slot (a slot re-run after a crash finds it),
 * its annotations carry the slot and the expected item count, and the plan's status records the slot that ran, so a
 * restarted operator picks up a drill half-way and never leaves a scratch table behind.
 */
final class RestoreDrills {
  static final String DRILL_LABEL = "dynamobackup.io/drill";
  static final String EXPECTED_ITEMS_ANNOTATION = "dynamobackup.io/drill-expected-items";
  static final String DRILL_FAILED = "DrillFailed";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";
  static final String RUNNING = "Running";
  static final int DEFAULT_TIMEOUT_MINUTES = 360;
  private static final DateTimeFormatter SLOT_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
  private static final int MAX_TABLE_NAME = 255;

  private final Inventory inventory;
  private final OperatorMetrics metrics;

  RestoreDrills(Inventory inventory, OperatorMetrics metrics) {
    this.inventory = inventory;
    this.metrics = metrics;
  }

  /**
   * Moves running drills on, starts the due slot's drill and returns when to look again (null: no drill scheduled).
   * {@code drills} are the plan's drill children; {@code backups} its live DynamoBackup children.
   */
  Instant reconcile(DynamoBackupPlan plan, List<DynamoBackup> backups, List<DynamoRestore> drills,
      PlanStatuses status, KubernetesClient client, EventRecorder events, Instant now) {
    RestoreDrill spec = plan.getSpec().restoreDrill;
    List<DynamoRestore> live = drills.stream().filter(d -> d.getMetadata().getDeletionTimestamp() == null).toList();
    if (spec == null) {
      live.forEach(d -> delete(client, d)); // drills were turned off: drop their scratch tables, record nothing
      status.drillsOff(live.stream().map(d -> d.getMetadata().getName()).toList());
      return null;
    }
    Instant lookAgain = null;
    for (DynamoRestore drill : live) {
      lookAgain = earliest(lookAgain, progress(plan, spec, drill, backups, status, client, events, now));
    }
    lost(plan, drills, status, client, events, now);
    if (Boolean.TRUE.equals(plan.getSpec().suspend)) {
      status.drillSuspended();
      return lookAgain;
    }
    ScheduleCalculator schedule = ScheduleCalculator.parse(spec.schedule, plan.getSpec().timeZone);
    Instant pending = status.pendingDrill();
    if (pending != null && !schedule.isSlot(pending)) {
      pending = null; // the drill schedule or time zone changed
    }
    ScheduleCalculator.Decision decision = schedule.decide(pending, now, plan.getSpec().startingDeadlineSeconds);
    if (decision.run() != null) {
      start(plan, decision.run(), backups, live, status, client, events, now);
    }
    status.nextDrill(decision.next());
    return earliest(lookAgain, decision.next());
  }

  private void start(DynamoBackupPlan plan, Instant slot, List<DynamoBackup> backups, List<DynamoRestore> live,
      PlanStatuses status, KubernetesClient client, EventRecorder events, Instant now) {
    DrillResult last = status.status().lastDrill;
    if (last != null && last.startTime != null && !Instant.parse(last.startTime).isBefore(slot)) {
      return; // this slot already ran (the plan's status was written, the child may be gone already)
    }
    String name = restoreName(plan.getMetadata().getName(), slot);
    if (live.stream().anyMatch(d -> d.getMetadata().getName().equals(name))) {
      return;
    }
    if (!live.isEmpty()) {
      events.warning(plan, "DrillSkipped", "drill slot " + slot + " skipped: the previous drill "
          + live.get(0).getMetadata().getName() + " still runs");
      return;
    }
    Optional<DynamoBackup> newest = backups.stream().filter(b -> ChildBackups.phase(b) == BackupPhase.Completed)
        .filter(b -> ChildBackups.tableOf(b).isPresent())
        .max(Comparator.comparing(PlanStatuses::completion));
    if (newest.isEmpty()) {
      events.warning(plan, "DrillSkipped", "drill slot " + slot + " skipped: the plan has no completed backup yet");
      return;
    }
    DynamoRestore drill = build(plan, newest.get(), slot);
    try {
      client.resource(drill).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      DynamoRestore existing = client.resources(DynamoRestore.class).inNamespace(plan.getMetadata().getNamespace())
          .withName(name).get();
      if (existing == null || !isOwnedBy(existing, plan)) {
        events.warning(plan, "NameConflict", "cannot start the drill of slot " + slot + ": a DynamoRestore named "
            + name + " exists and does not belong to this plan");
        return;
      }
      drill = existing; // created before a crash or restart
    }
    status.drillStarted(slot, drill);
    events.normal(plan, "DrillStarted", "restore drill " + name + " restores " + newest.get().getMetadata().getName()
        + " into scratch table " + drill.getSpec().target.tableName);
  }

  /** Judges a running drill; finishes it when it is Ready, failed or late. Returns when to look again. */
  private Instant progress(DynamoBackupPlan plan, RestoreDrill spec, DynamoRestore drill, List<DynamoBackup> backups,
      PlanStatuses status, KubernetesClient client, EventRecorder events, Instant now) {
    DynamoRestoreStatus observed = drill.getStatus();
    RestorePhase phase = observed == null ? null : observed.phase;
    Instant started = slotOf(drill);
    Instant deadline = started.plus(Duration.ofMinutes(timeoutMinutes(spec)));
    boolean tableActive = observed != null && Conditions.isTrue(observed.conditions, "TableActive");
    Verdict verdict;
    Duration took = null;
    if (phase == RestorePhase.Failed) {
      verdict = Verdict.failed("RestoreFailed", "the drill's restore failed: "
          + (observed.failure == null ? "see DynamoRestore " + drill.getMetadata().getName()
              : observed.failure.code + ": " + observed.failure.message));
    } else if (phase == RestorePhase.Ready || (!Boolean.TRUE.equals(spec.checkSettings) && tableActive
        && observed.tableActiveTime != null)) {
      took = restoreDuration(observed);
      Long actual = Boolean.FALSE.equals(spec.checkItemCount) ? null
          : inventory.countItems(region(drill), drill.getSpec().target.tableName);
      verdict = evaluate(spec, drill, expectedItems(drill), actual);
    } else if (!now.isBefore(deadline)) {
      var ready = observed == null ? Optional.<io.fabric8.kubernetes.api.model.Condition>empty()
          : Conditions.find(observed.conditions, Conditions.READY);
      verdict = Verdict.failed("DrillTimeout", "the drill's restore was not Ready within " + timeoutMinutes(spec)
          + " minutes (phase " + (phase == null ? "Pending" : phase) + ready.map(c -> ", " + c.getReason() + ": "
          + c.getMessage()).orElse("") + ")");
    } else {
      return deadline;
    }
    finish(plan, drill, verdict, took, status, client, events, now);
    return null;
  }

  private void finish(DynamoBackupPlan plan, DynamoRestore drill, Verdict verdict, Duration took,
      PlanStatuses status, KubernetesClient client, EventRecorder events, Instant now) {
    String result = verdict.passed() ? SUCCEEDED : FAILED;
    String restoreDuration = drill.getStatus() == null ? null : drill.getStatus().restoreDuration;
    if (restoreDuration == null && took != null) {
      restoreDuration = human(took);
    }
    status.drillFinished(drill, slotOf(drill), result, restoreDuration, verdict, now);
    metrics.drillFinished(plan.getMetadata().getNamespace(), plan.getMetadata().getName(), result, took);
    String table = drill.getSpec().target.tableName;
    if (verdict.passed()) {
      events.normal(plan, "DrillSucceeded", "restore drill " + drill.getMetadata().getName() + " succeeded"
          + (restoreDuration == null ? "" : " in " + restoreDuration) + ": " + verdict.message()
          + "; deleting scratch table " + table);
    } else {
      events.warning(plan, DRILL_FAILED, "restore drill " + drill.getMetadata().getName() + " failed ("
          + verdict.reason() + "): " + verdict.message() + "; deleting scratch table " + table
          + notes(plan.getSpec().restoreDrill));
    }
    delete(client, drill);
  }

  /** A drill the status says runs but whose child is gone (deleted by hand, or a result lost in a crash). */
  private void lost(DynamoBackupPlan plan, List<DynamoRestore> all, PlanStatuses status, KubernetesClient client,
      EventRecorder events, Instant now) {
    DrillResult last = status.status().lastDrill;
    if (last == null || !RUNNING.equals(last.result) || last.restoreName == null
        || all.stream().anyMatch(d -> d.getMetadata().getName().equals(last.restoreName))) {
      return;
    }
    // Not in the cache: ask the API server, as the cache may lag behind a child created a moment ago.
    DynamoRestore current = client.resources(DynamoRestore.class).inNamespace(plan.getMetadata().getNamespace())
        .withName(last.restoreName).get();
    if (current == null) {
      status.drillLost(now);
      metrics.drillFinished(plan.getMetadata().getNamespace(), plan.getMetadata().getName(), FAILED, null);
      events.warning(plan, DRILL_FAILED, status.status().lastDrill.message);
    }
  }

  /**
   * Deletes the drill's child: it was created with deletionPolicy Delete, so its finalizer drops the scratch table. (A
   * person who edits a drill to Retain, e.g. to inspect a failed drill's table, keeps that table.)
   */
  static void delete(KubernetesClient client, DynamoRestore drill) {
    try {
      client.resources(DynamoRestore.class).inNamespace(drill.getMetadata().getNamespace())
          .withName(drill.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** The checks, given the restored table's item count ({@code actual}, null when not counted). */
  static Verdict evaluate(RestoreDrill spec, DynamoRestore drill, Long expected, Long actual) {
    StringBuilder passed = new StringBuilder();
    DynamoRestoreStatus observed = drill.getStatus();
    if (!Boolean.FALSE.equals(spec.checkSettings)) {
      if (observed == null || !Conditions.isTrue(observed.conditions, "SettingsApplied")) {
        return Verdict.failed("SettingsNotApplied", "the captured table settings were not applied to the scratch table"
            + " (condition SettingsApplied is not True)");
      }
      passed.append("settings applied");
    }
    if (!Boolean.FALSE.equals(spec.checkItemCount)) {
      if (expected == null) {
        append(passed, "item count not checked (the backup recorded no source item count)");
      } else if (actual == null || actual.longValue() != expected.longValue()) {
        return Verdict.failed("ItemCountMismatch", "the scratch table " + drill.getSpec().target.tableName + " has "
            + actual + " items, the source table had " + expected + " when the backup started");
      } else {
        append(passed, actual + " items, as at backup time");
      }
    }
    return new Verdict(true, SUCCEEDED, passed.length() == 0 ? "restored (no checks enabled)" : passed.toString());
  }

  private static void append(StringBuilder builder, String text) {
    builder.append(builder.length() == 0 ? "" : ", ").append(text);
  }

  /** The drill's child: {@code <plan>-drill-<yyyyMMddHHmm>} (the slot in UTC), at most 63 characters. */
  static String restoreName(String plan, Instant slot) {
    String suffix = "-drill-" + SLOT_FORMAT.format(slot);
    int max = ChildBackups.MAX_NAME - suffix.length();
    String prefix = plan.length() <= max ? plan
        : plan.substring(0, max - 9).replaceAll("[-.]+$", "") + "-" + ChildBackups.hash(plan);
    return prefix + suffix;
  }

  /**
   * The scratch table's name: the pattern with {table} and {date} (the slot, UTC, yyyyMMddHHmm) replaced, characters
   * DynamoDB does not allow replaced by '-', and the source table's part shortened to stay within 255 characters.
   */
  static String tableName(String pattern, String table, Instant slot) {
    String template = (pattern == null ? "{table}-drill-{date}" : pattern).replaceAll("[^a-zA-Z0-9_.\\-{}]", "-");
    String date = SLOT_FORMAT.format(slot);
    String name = template.replace("{date}", date).replace("{table}", table);
    if (name.length() > MAX_TABLE_NAME && template.contains("{table}")) {
      int excess = name.length() - MAX_TABLE_NAME;
      int occurrences = (template.length() - template.replace("{table}", "").length()) / "{table}".length();
      String shorter = table.substring(0, Math.max(1, table.length() - (excess + occurrences - 1) / occurrences));
      name = template.replace("{date}", date).replace("{table}", shorter);
    }
    name = name.replaceAll("[{}]", "-");
    return name.length() > MAX_TABLE_NAME ? name.substring(0, MAX_TABLE_NAME) : name;
  }

  static DynamoRestore build(DynamoBackupPlan plan, DynamoBackup source, Instant slot) {
    RestoreDrill spec = plan.getSpec().restoreDrill;
    var metadata = plan.getMetadata();
    TableKey table = ChildBackups.tableOf(source).orElseThrow();
    var sourceTable = source.getStatus() == null ? null : source.getStatus().sourceTable;
    var meta = new ObjectMetaBuilder()
        .withName(restoreName(metadata.getName(), slot))
        .withNamespace(metadata.getNamespace())
        .addToLabels(DRILL_LABEL, ChildBackups.planLabel(metadata.getName()))
        .addToAnnotations(ChildBackups.SLOT_ANNOTATION, slot.toString())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(plan.getApiVersion()).withKind(plan.getKind())
            .withName(metadata.getName()).withUid(metadata.getUid()).withController(true).withBlockOwnerDeletion(true)
            .build());
    if (sourceTable != null && sourceTable.itemCount != null) {
      // Kept on the child, so the check still works if retention prunes the backup while the drill runs.
      meta.addToAnnotations(EXPECTED_ITEMS_ANNOTATION, Long.toString(sourceTable.itemCount));
    }
    DynamoRestore drill = new DynamoRestore();
    drill.setMetadata(meta.build());
    DynamoRestoreSpec restore = new DynamoRestoreSpec();
    restore.source = new RestoreSource();
    restore.source.backupRef = new RestoreSource.ObjectRef(source.getMetadata().getName());
    restore.target = new RestoreTarget();
    restore.target.tableName = tableName(spec.targetTableNamePattern, table.name(), slot);
    restore.target.region = table.region();
    restore.settings = new RestoreSettings();
    restore.settings.fromSource = Boolean.TRUE;
    // Explicitly off, whatever the source had: the scratch table must always be deletable.
    restore.settings.deletionProtection = Boolean.FALSE;
    restore.iamRoleArn = spec.iamRoleArn != null ? spec.iamRoleArn : plan.getSpec().iamRoleArn;
    restore.deletionPolicy = DeletionPolicy.Delete;
    drill.setSpec(restore);
    return drill;
  }

  static boolean isOwnedBy(DynamoRestore drill, DynamoBackupPlan plan) {
    return drill.getMetadata().getOwnerReferences() != null && drill.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> plan.getMetadata().getUid().equals(o.getUid()));
  }

  /** The slot the drill ran for (its annotation); its creation time for objects without one. */
  static Instant slotOf(DynamoRestore drill) {
    Map<String, String> annotations = drill.getMetadata().getAnnotations();
    String slot = annotations == null ? null : annotations.get(ChildBackups.SLOT_ANNOTATION);
    try {
      return Instant.parse(slot != null ? slot : drill.getMetadata().getCreationTimestamp());
    } catch (RuntimeException unparseable) {
      return Instant.EPOCH;
    }
  }

  static Long expectedItems(DynamoRestore drill) {
    Map<String, String> annotations = drill.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(EXPECTED_ITEMS_ANNOTATION);
    try {
      return value == null ? null : Long.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Request to settings applied when the restore is Ready, else request to an ACTIVE table. */
  static Duration restoreDuration(DynamoRestoreStatus status) {
    if (status == null || status.requestedTime == null) {
      return null;
    }
    String end = status.settingsAppliedTime != null ? status.settingsAppliedTime : status.tableActiveTime;
    return end == null ? null : Duration.between(Instant.parse(status.requestedTime), Instant.parse(end));
  }

  private static String region(DynamoRestore drill) {
    return drill.getSpec().target.region != null ? drill.getSpec().target.region
        : drill.getStatus().recoveryPointRegion;
  }

  private static int timeoutMinutes(RestoreDrill spec) {
    return spec.timeoutMinutes == null ? DEFAULT_TIMEOUT_MINUTES : spec.timeoutMinutes;
  }

  private static String notes(RestoreDrill spec) {
    return spec == null || spec.notes == null || spec.notes.isEmpty() ? "" : " (" + String.join("; ", spec.notes) + ")";
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    return (seconds >= 3600 ? seconds / 3600 + "h" : "") + (seconds >= 60 ? seconds % 3600 / 60 + "m" : "")
        + seconds % 60 + "s";
  }

  /** The outcome of a drill's checks: {@code reason} is the DrillFailed condition's reason when it did not pass. */
  record Verdict(boolean passed, String reason, String message) {
    static Verdict failed(String reason, String message) {
      return new Verdict(false, reason, message);
    }
  }
}
