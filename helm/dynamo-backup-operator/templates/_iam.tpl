{{/*
The operator's IAM policies, one document per permission set, scoped by the values iamPolicy.*:
  read-only.json        describe jobs, recovery points, tables and their settings; list tables and vaults; list a
                        vault's recovery points and their tags (a re-applied plan adopts them); read the catalog
  backup.json           start backup and copy jobs, pass the backup role to AWS Backup; create and write the catalog
  restore.json          start restore (and copy) jobs, restore DynamoDB-native backups and points in time, re-apply
                        settings, write the items an item restore puts back
  delete.json           delete recovery points and restored tables (deletionPolicy: Delete, retention, drills)
  assume-tenant-roles.json  sts:AssumeRole of tenant roles (only when there are any)
IamPolicyTest checks the rendered documents against the AWS SDK calls in operator/src/main/java.
*/}}

{{/* ARN patterns of the resources the values allow, as JSON: {"tables": [...], "vaults": [...], ...}. */}}
{{- define "dynamo-backup-operator.iamScope" -}}
{{- $v := .Values.iamPolicy -}}
{{- $p := $v.partition -}}
{{- $s := dict "functions" list "tables" list "nativeBackups" list "recoveryPoints" list "vaults" list "alarms" list "scalableTargets" list "eventSourceMappings" list "kinesisStreams" list "passRoles" list "assumeRoles" list "catalogTables" list -}}
{{- range $region := $v.regions }}
{{- range $account := $v.accounts }}
{{- range $prefix := $v.tableNamePrefixes }}
{{- $_ := set $s "tables" (append $s.tables (printf "arn:%s:dynamodb:%s:%s:table/%s*" $p $region $account $prefix)) }}
{{- $_ := set $s "nativeBackups" (append $s.nativeBackups (printf "arn:%s:dynamodb:%s:%s:table/%s*/backup/*" $p $region $account $prefix)) }}
{{- end }}
{{- range $vault := $v.backupVaults }}
{{- $_ := set $s "vaults" (append $s.vaults (printf "arn:%s:backup:%s:%s:backup-vault:%s" $p $region $account $vault)) }}
{{- end }}
{{- $_ := set $s "recoveryPoints" (append $s.recoveryPoints (printf "arn:%s:backup:%s:%s:recovery-point:*" $p $region $account)) }}
{{- with $.Values.catalog.tableName }}
{{- $_ := set $s "catalogTables" (append $s.catalogTables (printf "arn:%s:dynamodb:%s:%s:table/%s" $p $region $account .)) }}
{{- end }}
{{- $_ := set $s "alarms" (append $s.alarms (printf "arn:%s:cloudwatch:%s:%s:alarm:*" $p $region $account)) }}
{{- $_ := set $s "scalableTargets" (append $s.scalableTargets (printf "arn:%s:application-autoscaling:%s:%s:scalable-target/*" $p $region $account)) }}
{{- $_ := set $s "functions" (append $s.functions (printf "arn:%s:lambda:%s:%s:function:*" $p $region $account)) }}
{{- $_ := set $s "eventSourceMappings" (append $s.eventSourceMappings (printf "arn:%s:lambda:%s:%s:event-source-mapping:*" $p $region $account)) }}
{{- $_ := set $s "kinesisStreams" (append $s.kinesisStreams (printf "arn:%s:kinesis:%s:%s:stream/*" $p $region $account)) }}
{{- end }}
{{- end }}
{{- if $v.passRoles }}
{{- $_ := set $s "passRoles" $v.passRoles }}
{{- else }}
{{- range $account := $v.accounts }}
{{- $_ := set $s "passRoles" (append $s.passRoles (printf "arn:%s:iam::%s:role/*" $p $account)) }}
{{- end }}
{{- end }}
{{- if $v.assumeRoles }}
{{- $_ := set $s "assumeRoles" $v.assumeRoles }}
{{- else }}
{{- range $tenant := (.Values.tenancy.policy.tenants | default list) }}
{{- with $tenant.assumeRole }}
{{- $_ := set $s "assumeRoles" (append $s.assumeRoles .roleArn) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $s -}}
{{- end }}

{{- define "dynamo-backup-operator.iamDocument" -}}
{{- dict "Version" "2012-10-17" "Statement" . | toPrettyJson -}}
{{- end }}

{{- define "dynamo-backup-operator.iamPassRole" -}}
{{- $s := . -}}
{{- toJson (dict "Effect" "Allow" "Action" "iam:PassRole" "Resource" $s.passRoles "Condition" (dict "StringEquals" (dict "iam:PassedToService" "backup.amazonaws.com"))) -}}
{{- end }}

{{/* Read-only: the only statement with Resource "*" holds the actions AWS authorizes on no resource type. */}}
{{- define "dynamo-backup-operator.iamPolicy.readOnly" -}}
{{- $s := include "dynamo-backup-operator.iamScope" . | fromJson -}}
{{- $statements := (list
  (dict "Sid" "ReadJobsAndListsWithoutResourceTypes" "Effect" "Allow" "Resource" "*" "Action" (list
    "application-autoscaling:DescribeScalableTargets" "application-autoscaling:DescribeScalingPolicies"
    "application-autoscaling:DescribeScheduledActions" "backup:DescribeBackupJob" "backup:DescribeCopyJob"
    "backup:DescribeRestoreJob" "backup:ListBackupVaults" "backup:ListRestoreJobs" "dynamodb:ListBackups" "dynamodb:ListTables"
    "lambda:ListEventSourceMappings" "tag:GetResources"))
  (dict "Sid" "ReadRecoveryPoints" "Effect" "Allow" "Resource" (concat $s.recoveryPoints $s.nativeBackups) "Action" (list
    "backup:DescribeRecoveryPoint"))
  (dict "Sid" "ReadDynamoDbNativeBackups" "Effect" "Allow" "Resource" $s.nativeBackups "Action" (list
    "dynamodb:DescribeBackup"))
  (dict "Sid" "ReadTablesAndSettings" "Effect" "Allow" "Resource" $s.tables "Action" (list
    "dynamodb:BatchGetItem" "dynamodb:DescribeContinuousBackups" "dynamodb:DescribeContributorInsights"
    "dynamodb:DescribeKinesisStreamingDestination" "dynamodb:DescribeTable" "dynamodb:DescribeTimeToLive"
    "dynamodb:GetResourcePolicy" "dynamodb:ListTagsOfResource" "dynamodb:Scan"))
  (dict "Sid" "ReadAlarms" "Effect" "Allow" "Resource" $s.alarms "Action" (list "cloudwatch:DescribeAlarms"))
  (dict "Sid" "FindRecoveryPointsToAdopt" "Effect" "Allow" "Resource" $s.vaults "Action" (list
    "backup:ListRecoveryPointsByBackupVault"))
  (dict "Sid" "ReadRecoveryPointTags" "Effect" "Allow" "Resource" $s.recoveryPoints "Action" (list "backup:ListTags"))
) -}}
{{- if $s.catalogTables }}
{{- $statements = append $statements (dict "Sid" "ReadTheRecoveryCatalog" "Effect" "Allow" "Resource" $s.catalogTables
  "Action" (list "dynamodb:DescribeContinuousBackups" "dynamodb:DescribeTable" "dynamodb:DescribeTimeToLive"
  "dynamodb:GetItem")) }}
{{- end }}
{{- include "dynamo-backup-operator.iamDocument" $statements -}}
{{- end }}

{{- define "dynamo-backup-operator.iamPolicy.backup" -}}
{{- $s := include "dynamo-backup-operator.iamScope" . | fromJson -}}
{{- $statements := (list
  (dict "Sid" "BackupIntoVaults" "Effect" "Allow" "Resource" $s.vaults "Action" (list "backup:StartBackupJob"))
  (dict "Sid" "CopyRecoveryPoints" "Effect" "Allow" "Resource" (concat $s.recoveryPoints $s.nativeBackups) "Action" (list
    "backup:StartCopyJob"))
  (dict "Sid" "UpdateRecoveryPointLifecycles" "Effect" "Allow" "Resource" $s.recoveryPoints "Action" (list
    "backup:UpdateRecoveryPointLifecycle"))
  (dict "Sid" "HoldRecoveryPoints" "Effect" "Allow" "Resource" $s.recoveryPoints "Action" (list
    "backup:TagResource" "backup:UntagResource"))
  (merge (dict "Sid" "PassTheBackupRoleToAwsBackup") (include "dynamo-backup-operator.iamPassRole" $s | fromJson))
) -}}
{{- if $s.catalogTables }}
{{- $statements = append $statements (dict "Sid" "RecordRecoveryPointsInTheCatalog" "Effect" "Allow"
  "Resource" $s.catalogTables "Action" (list "dynamodb:CreateTable" "dynamodb:PutItem"
  "dynamodb:UpdateContinuousBackups" "dynamodb:UpdateTable" "dynamodb:UpdateTimeToLive")) }}
{{- end }}
{{- include "dynamo-backup-operator.iamDocument" $statements -}}
{{- end }}

{{- define "dynamo-backup-operator.iamPolicy.restore" -}}
{{- $s := include "dynamo-backup-operator.iamScope" . | fromJson -}}
{{- include "dynamo-backup-operator.iamDocument" (list
  (dict "Sid" "RestoreRecoveryPoints" "Effect" "Allow" "Resource" (concat $s.recoveryPoints $s.nativeBackups) "Action" (list
    "backup:StartCopyJob" "backup:StartRestoreJob"))
  (dict "Sid" "RestoreDynamoDbBackupsAndPointsInTimeAndPutItemsBack" "Effect" "Allow" "Resource" (concat $s.nativeBackups $s.tables) "Action" (list
    "dynamodb:BatchWriteItem" "dynamodb:DeleteItem" "dynamodb:GetItem" "dynamodb:PutItem" "dynamodb:Query"
    "dynamodb:RestoreTableFromBackup" "dynamodb:RestoreTableToPointInTime" "dynamodb:Scan" "dynamodb:UpdateItem"))
  (dict "Sid" "ReapplyTableSettings" "Effect" "Allow" "Resource" $s.tables "Action" (list
    "dynamodb:CreateTableReplica" "dynamodb:DeleteResourcePolicy" "dynamodb:DeleteTableReplica"
    "dynamodb:DisableKinesisStreamingDestination" "dynamodb:EnableKinesisStreamingDestination"
    "dynamodb:PutResourcePolicy" "dynamodb:TagResource" "dynamodb:UntagResource" "dynamodb:UpdateContinuousBackups"
    "dynamodb:UpdateContributorInsights" "dynamodb:UpdateKinesisStreamingDestination" "dynamodb:UpdateTable"
    "dynamodb:UpdateTimeToLive"))
  (dict "Sid" "StreamToKinesis" "Effect" "Allow" "Resource" $s.kinesisStreams "Action" (list
    "kinesis:DescribeStream" "kinesis:PutRecords"))
  (dict "Sid" "ReapplyStreamTriggers" "Effect" "Allow" "Resource" "*" "Action" (list
    "lambda:CreateEventSourceMapping") "Condition" (dict "ArnLike" (dict "lambda:FunctionArn" $s.functions)))
  (dict "Sid" "ChangeStreamTriggers" "Effect" "Allow" "Resource" $s.eventSourceMappings "Action" (list
    "lambda:DeleteEventSourceMapping" "lambda:UpdateEventSourceMapping"))
  (dict "Sid" "ReapplyAutoScaling" "Effect" "Allow" "Resource" $s.scalableTargets "Action" (list
    "application-autoscaling:DeleteScalingPolicy" "application-autoscaling:DeleteScheduledAction"
    "application-autoscaling:DeregisterScalableTarget" "application-autoscaling:PutScalingPolicy"
    "application-autoscaling:PutScheduledAction" "application-autoscaling:RegisterScalableTarget"))
  (dict "Sid" "CreateTheServiceLinkedRoles" "Effect" "Allow" "Action" "iam:CreateServiceLinkedRole"
    "Resource" (list (printf "arn:%s:iam::*:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable" .Values.iamPolicy.partition) (printf "arn:%s:iam::*:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication" .Values.iamPolicy.partition))
    "Condition" (dict "StringLike" (dict "iam:AWSServiceName" (list "dynamodb.application-autoscaling.amazonaws.com" "replication.dynamodb.amazonaws.com"))))
  (dict "Sid" "ReapplyAlarms" "Effect" "Allow" "Resource" $s.alarms "Action" (list "cloudwatch:DeleteAlarms"
    "cloudwatch:PutMetricAlarm"))
  (merge (dict "Sid" "PassTheRestoreRoleToAwsBackup") (include "dynamo-backup-operator.iamPassRole" $s | fromJson))
) -}}
{{- end }}

{{/* Delete: DeleteTable only after UpdateTable turned deletion protection off where the spec says so. */}}
{{- define "dynamo-backup-operator.iamPolicy.delete" -}}
{{- $s := include "dynamo-backup-operator.iamScope" . | fromJson -}}
{{- include "dynamo-backup-operator.iamDocument" (list
  (dict "Sid" "DeleteRecoveryPoints" "Effect" "Allow" "Resource" (concat $s.recoveryPoints $s.nativeBackups) "Action" (list
    "backup:DeleteRecoveryPoint"))
  (dict "Sid" "DeleteRestoredTables" "Effect" "Allow" "Resource" $s.tables "Action" (list
    "dynamodb:DeleteTable" "dynamodb:UpdateTable"))
) -}}
{{- end }}

{{- define "dynamo-backup-operator.iamPolicy.assumeTenantRoles" -}}
{{- $s := include "dynamo-backup-operator.iamScope" . | fromJson -}}
{{- include "dynamo-backup-operator.iamDocument" (list
  (dict "Sid" "AssumeTenantRoles" "Effect" "Allow" "Resource" $s.assumeRoles "Action" "sts:AssumeRole")
) -}}
{{- end }}
