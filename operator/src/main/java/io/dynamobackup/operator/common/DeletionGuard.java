package io.dynamobackup.operator.common;

import io.dynamobackup.operator.api.v1alpha1.backup.CopyStatus;
import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
import io.dynamobackup.operator.aws.Arn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A finalizer that deletes data (deletionPolicy Delete) must pass the tenancy policy as it is when the object is
 * deleted, not as it was when the data was made: the policy may have moved a team to another vault, narrowed its tables
 * or dropped its namespace since. When it does not pass, the data is kept, the finalizer is removed (the Kubernetes
 * object goes, as asked), and a Warning event {@value #REASON} and a log line say what was kept and why. Nothing is
 * called in AWS for such a deletion. A tenant with {@code allowDataDeletion: false} never passes, except for the scratch
 * tables the operator makes for itself ({@link #isScratch}). Without a tenancy policy every deletion passes.
 */
public final class DeletionGuard {
  /** Reason of the Warning event of a deletion whose data is kept. */
  public static final String REASON = "DeletionNotPermitted";
  /** Label of a restore drill's scratch restore (RestoreDrills uses it): drill tables are the operator's own. */
  public static final String DRILL_LABEL = "dynamobackup.io/drill";
  /** Label of an item restore's scratch restore (ScratchRestores uses it): scratch tables are the operator's own. */
  public static final String ITEM_RESTORE_LABEL = "dynamobackup.io/item-restore";
  private static final Logger LOG = LoggerFactory.getLogger(DeletionGuard.class);
  private final TenancyGuard tenancy;
  private final OperatorMetrics metrics;

  public DeletionGuard(TenancyGuard tenancy, OperatorMetrics metrics) {
    this.tenancy = tenancy;
    this.metrics = metrics;
  }

  /**
   * Deleting a DynamoBackup's recovery point and copies: its table (name, account, Region), its vault, and each copy's
   * vault and account and Region. DeleteRecoveryPoint names the vault, and AWS deletes a point only from the vault named,
   * so checking the vault names the operator passes is checking where the deletion really happens.
   */
  public TenancyGuard.Check backup(DynamoBackup backup) {
    var spec = backup.getSpec();
    var status = backup.getStatus();
    TenancyGuard.Check check = tenancy.check(backup.getMetadata().getNamespace())
        .table(spec.table, "spec.table")
        .vault(spec.backupVault, "spec.backupVault")
        .recoveryPoint(status.recoveryPointArn, "status.recoveryPointArn")
        .dataDeletion("recovery points", "spec.deletionPolicy");
    List<CopyStatus> copies = status.copies == null ? List.of() : status.copies;
    for (int i = 0; i < copies.size(); i++) {
      CopyStatus copy = copies.get(i);
      if (copy.destinationRecoveryPointArn != null) { // only copies that exist are deleted
        check.vaultArn(copy.destinationBackupVaultArn, "status.copies[" + i + "].destinationBackupVaultArn")
            .recoveryPoint(copy.destinationRecoveryPointArn, "status.copies[" + i + "].destinationRecoveryPointArn");
      }
    }
    return check;
  }

  /** Deleting a DynamoRestore's table: its name, Region and account (from the table's ARN once known). */
  public TenancyGuard.Check restore(DynamoRestore restore, String region) {
    var status = restore.getStatus();
    var table = status.targetTableName != null ? status.targetTableName : restore.getSpec().target.tableName;
    TenancyGuard.Check check = tenancy.check(restore.getMetadata().getNamespace())
        .tableName(table, "spec.target.tableName")
        .region(region, "spec.target.region");
    if (!isScratch(restore)) {
      check.dataDeletion("restored tables", "spec.deletionPolicy");
    }
    if (status.tableArn != null) {
      check.account(Arn.parse(status.tableArn).account(), "status.tableArn");
    } else {
      check.implicitAccount("spec.target.tableName", "table " + table, "the table is kept");
    }
    return check;
  }

  /**
   * A scratch restore the operator made for itself — a plan's restore drill or an item restore's scratch table: its
   * label and its controller owner of that kind. Dropping such a table is cleaning up the operator's own copy, not
   * deleting the tenant's data, so allowDataDeletion does not keep it (the other rules still apply).
   */
  static boolean isScratch(DynamoRestore restore) {
    var metadata = restore.getMetadata();
    Map<String, String> labels = metadata.getLabels() == null ? Map.of() : metadata.getLabels();
    String owner = metadata.getOwnerReferences() == null ? null : metadata.getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController())).map(o -> o.getKind()).findFirst().orElse(null);
    return labels.containsKey(DRILL_LABEL) && "DynamoBackupPlan".equals(owner)
        || labels.containsKey(ITEM_RESTORE_LABEL) && "DynamoItemRestore".equals(owner);
  }

  /** Keeps a DynamoBackup's recovery point and copies; see {@link #keep(HasMetadata, String, boolean, TenancyGuard.Check, EventRecorder)}. */
  public void keep(DynamoBackup backup, TenancyGuard.Check check, EventRecorder events) {
    var status = backup.getStatus();
    long copies = status.copies == null ? 0 : status.copies.stream()
        .filter(c -> c.destinationRecoveryPointArn != null).count();
    String point = status.recoveryPointArn != null ? "recovery point " + status.recoveryPointArn
        : "the recovery point of AWS Backup job " + status.backupJobId;
    keep(backup, point + (copies == 0 ? "" : " and " + copies + (copies == 1 ? " copy" : " copies")), copies > 0,
        check, events);
  }

  /**
   * Keeps the data {@code what} of {@code object} ({@code plural}: more than one thing): a Warning event, a log line
   * and the denial metric. The caller then lets the finalizer go, without any AWS call.
   */
  public void keep(HasMetadata object, String what, boolean plural, TenancyGuard.Check check, EventRecorder events) {
    var metadata = object.getMetadata();
    String message = "deletionPolicy is Delete, but the tenancy policy does not allow deleting " + what + " now; "
        + (plural ? "they are" : "it is") + " kept in AWS: " + check.message();
    metrics.tenancyDenied(metadata.getNamespace(), object.getKind(), check.denials());
    events.warning(object, REASON, message);
    LOG.atWarn().addKeyValue("namespace", metadata.getNamespace()).addKeyValue("kind", object.getKind())
        .addKeyValue("name", metadata.getName()).addKeyValue("kept", what)
        .log("{}/{} {}: {}", metadata.getNamespace(), metadata.getName(), REASON, message);
  }
}
