package io.dynamobackup.operator.aws;

import java.util.Optional;

/**
 * The recovery catalog: a DynamoDB table in every account and Region that holds recovery points (default name
 * {@code dynamobackup-catalog}), with one item per recovery point ({@link CatalogRecord}), keyed by its ARN. It keeps
 * next to the backups what the cluster would otherwise be the only one to know: the settings captured at backup time
 * and the source table's description. Every method throws {@link AwsException}.
 */
public interface RecoveryCatalog {
  /** Whether the catalog is in use (the operator's {@code catalog.tableName} is not empty). */
  boolean enabled();

  /** The catalog table's name. */
  String tableName();

  /**
   * Writes {@code record} into the catalog of its point's account and Region: one PutItem. A point of the caller's own
   * account ({@code callerAccount}) gets its catalog table created on first use — on demand billing, SSE with the
   * AWS managed KMS key, deletion protection, point-in-time recovery and TTL on {@code expiresAt} — and checked (and
   * repaired) once per operator process and Region. A point of another account (a cross-account copy) is written to
   * that account's catalog table by ARN, which must exist there with a resource policy that lets the operator write.
   */
  void put(CatalogRecord record, String callerAccount);

  /** The record of {@code recoveryPointArn} in the catalog of its account and Region; empty when there is none. */
  Optional<CatalogRecord> get(String recoveryPointArn);
}
