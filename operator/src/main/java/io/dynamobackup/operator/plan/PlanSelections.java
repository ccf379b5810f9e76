package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlanSpec;
import io.dynamobackup.operator.common.TableKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan's selection as its status records it, and how a plan with nothing to back up says why: the table does not
 * exist, no table carries the selector's tags, or the tables that do are not the namespace's to use under the
 * tenancy policy.
 */
final class PlanSelections {
  private PlanSelections() {}

  /** The selection the status holds, if it describes the current spec (read before observedGeneration is stamped). */
  static Optional<PlanTables.Selection> recorded(DynamoBackupPlan plan) {
    var status = plan.getStatus();
    if (status == null || status.selectedTables == null
        || !Objects.equals(status.observedGeneration, plan.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    return Optional.of(new PlanTables.Selection(keys(status.selectedTables), keys(status.missingTables), null,
        status.tablesLeftOut == null ? 0 : status.tablesLeftOut));
  }

  /** Tables as the status lists them, {@code region/name}. */
  static List<TableKey> keys(List<String> tables) {
    return tables == null ? List.of() : tables.stream()
        .map(t -> new TableKey(t.substring(0, t.indexOf('/')), t.substring(t.indexOf('/') + 1))).toList();
  }

  /**
   * The plan has nothing to back up: AWS answered that spec.table does not exist, or that the selector selects no
   * table (also when the tenancy policy left out every table it found). Its slots start nothing, and its recovery point
   * objective is not judged (not "on schedule").
   */
  static boolean nothingToBackUp(PlanTables.Selection selection) {
    return selection.selected().isEmpty() && selection.error() == null;
  }

  /** Why the plan has nothing to back up: Ready's reason, which the other conditions repeat. */
  static String nothingReason(DynamoBackupPlanSpec spec) {
    return spec.tableSelector != null ? PlanStatuses.NO_TABLES_SELECTED : PlanStatuses.TABLE_NOT_FOUND;
  }

  /**
   * Why, in words. {@code leftOut}: how many tables carrying the selector's tags the tenancy policy left out, which
   * {@code tablesRule} (the namespace's tenancy rule {@code tables}) does not allow; they are counted, not named.
   */
  static String nothingText(DynamoBackupPlanSpec spec, int leftOut, String namespace, List<String> tablesRule) {
    var selector = spec.tableSelector;
    if (selector == null) {
      return "table " + TableKey.of(spec.table) + " does not exist";
    }
    if (leftOut > 0) {
      return (leftOut == 1 ? "1 table carries" : leftOut + " tables carry") + " the tags " + selector.matchTags
          + " in Region " + selector.region + " but the tenancy policy for namespace " + namespace + " allows none of"
          + " them (tenancy rule tables: " + tablesRule + ")";
    }
    return "no table in Region " + selector.region + " carries all of the tags " + selector.matchTags;
  }
}
