package io.dynamobackup.operator.api.v1alpha1.plan;

/** Which recovery points an edit of a plan's spec.template.lifecycle reaches. */
public enum LifecycleUpdates {
  /** Only backups created after the edit; existing recovery points keep the lifecycle they were created with. */
  NewBackups,
  /** Also the recovery points of the plan's existing backups (AWS Backup UpdateRecoveryPointLifecycle). */
  AllBackups
}
