package io.dynamobackup.localaws.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.Restorer;
import io.dynamobackup.localaws.dynamodb.Table;
import io.dynamobackup.localaws.dynamodb.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * An AWS Backup restore of a DynamoDB recovery point into a new table: PENDING for the start delay, then RUNNING while
 * the new table is CREATING, then COMPLETED when the table is ACTIVE. FAILED without creating a table when, as it
 * starts, the target table exists or its encryption key cannot be used ({@code startProblem}).
 */
public final class RestoreJob extends Job {
  private static final Set<String> ACTIVE = Set.of("PENDING", "RUNNING");
  public final RecoveryPoint recoveryPoint;
  public final String targetTableName;
  public final TableDefinition definition;
  public final boolean copySourceTags;
  /** Restore metadata deletionProtection: the new table is protected from its creation. */
  public boolean deletionProtection;
  /** Why the restore must fail when it starts (a rule DynamoDB enforces on the new table), or null. */
  private final String startProblem;
  public String createdResourceArn;
  public Table table;

  public RestoreJob(String id, Scope scope, RecoveryPoint recoveryPoint, String iamRoleArn, String targetTableName,
      TableDefinition definition, boolean copySourceTags, Instant creationDate, Instant readyAt, Duration duration,
      String startProblem) {
    super(id, scope, iamRoleArn, creationDate, readyAt, duration, ACTIVE, "PENDING");
    this.recoveryPoint = recoveryPoint;
    this.targetTableName = targetTableName;
    this.definition = definition;
    this.copySourceTags = copySourceTags;
    this.startProblem = startProblem;
  }

  @Override
  public Instant nextEvent(World world) {
    return is("PENDING") ? readyAt : is("RUNNING") ? table.activeAt : null;
  }

  @Override
  public void fire(Instant at, World world) {
    if (is("RUNNING")) {
      end("COMPLETED", at, null);
      return;
    }
    if (startProblem != null) {
      end("FAILED", at, startProblem);
      return;
    }
    if (world.region(scope).tables.containsKey(targetTableName)) {
      end("FAILED", at, "Table already exists: " + targetTableName);
      return;
    }
    table = Restorer.create(world, scope, targetTableName, recoveryPoint.snapshot, definition.copy(),
        recoveryPoint.arn, at, at.plus(duration));
    table.deletionProtection = deletionProtection;
    if (copySourceTags) {
      table.tags.putAll(recoveryPoint.snapshot.tags());
    }
    createdResourceArn = table.arn;
    recoveryPoint.lastRestoreTime = at;
    start("RUNNING", at);
  }

  public ObjectNode toJson(Instant now) {
    ObjectNode n = describeCommon("Status");
    n.put("RestoreJobId", id);
    n.put("RecoveryPointArn", recoveryPoint.arn);
    n.put("SourceResourceArn", recoveryPoint.resourceArn);
    n.put("BackupVaultArn", recoveryPoint.vault.arn);
    n.put("PercentDone", String.format(Locale.ROOT, "%.2f%%", 100 * progress(now)));
    n.put("BackupSizeInBytes", recoveryPoint.sizeBytes);
    n.put("ExpectedCompletionTimeMinutes", Math.max(1, (duration.toSeconds() + 59) / 60));
    Json.putIfNotNull(n, "CreatedResourceArn", createdResourceArn);
    Json.putTime(n, "RecoveryPointCreationDate", recoveryPoint.creationDate);
    return n;
  }
}
