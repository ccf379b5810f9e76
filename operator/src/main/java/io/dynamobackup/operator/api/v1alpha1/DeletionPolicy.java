package io.dynamobackup.operator.api.v1alpha1;

/** What happens to data in AWS when its Kubernetes object is deleted. */
public enum DeletionPolicy {
  /** Keep the recovery point or table (default): a GitOps prune never destroys data. */
  Retain,
  /** Delete the recovery point(s) through AWS Backup, or the restored table. */
  Delete
}
