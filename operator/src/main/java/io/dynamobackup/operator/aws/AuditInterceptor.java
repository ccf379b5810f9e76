package io.dynamobackup.operator.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Reports every data-changing call of one SDK client to the {@link AwsAudit.Listener}, with the object bound by
 * {@link AwsAudit#on}. The request and response are read through the SDK's field model (member names such as
 * RecoveryPointArn, ResourceArn, TableName), so no operation needs its own code.
 *
 * <p>The account is the one the credentials name (the SDK resolves it for DynamoDB; assumed roles, IRSA and EKS Pod
 * Identity carry it, static keys with {@code AWS_ACCOUNT_ID}), else the account of the resource's ARN, else the account
 * of an ARN an earlier response to the same identity returned, in any service or Region (a DescribeTable before a
 * CloudWatch alarm is written), else {@code unknown}.
 */
final class AuditInterceptor implements ExecutionInterceptor {
  private static final Pattern READ = Pattern.compile("(Describe|List|Get|BatchGet).*|Scan|Query");
  /** Operation name to whether it only reads: the regular expression runs once per operation, not per call. */
  private static final Map<String, Boolean> READS = new ConcurrentHashMap<>();
  /** Request members that name the resource acted on, most specific first. */
  private static final List<String> RESOURCE_MEMBERS = List.of("RecoveryPointArn", "ResourceArn");
  /** Response members that name it, for calls that take only a name. */
  private static final List<String> RESULT_MEMBERS = List.of("ScalableTargetARN", "PolicyARN");
  /** Members worth recording besides the resource: where data goes, what runs, what was made. */
  private static final List<String> DETAIL_MEMBERS = List.of("BackupVaultName", "DestinationBackupVaultArn",
      "BackupArn", "TargetTableName", "IndexName", "AlarmName", "ResourceId", "IamRoleArn", "BackupJobId", "CopyJobId",
      "RestoreJobId");
  private static final Pattern ACCOUNT = Pattern.compile("^arn:[^:]+:[^:]+:[^:]*:(\\d{12}):.*");

  private final AwsAudit.Listener listener;
  private final AwsCredentialsProvider credentials;
  private final String identityAccount;
  /** The account learned from responses, shared by every client of the identity (all services and Regions). */
  private final AtomicReference<String> learnedAccount;

  /**
   * @param identityAccount the account of an assumed role (from its ARN), or null for the operator's own identity
   * @param learnedAccount  shared by the interceptors of all clients of the same identity
   */
  AuditInterceptor(AwsAudit.Listener listener, AwsCredentialsProvider credentials, String identityAccount,
      AtomicReference<String> learnedAccount) {
    this.listener = listener;
    this.credentials = credentials;
    this.identityAccount = identityAccount;
    this.learnedAccount = learnedAccount;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    learn(context.response());
    report(context.request(), context.response(), attributes, null);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    String code = context.exception() instanceof AwsServiceException e && e.awsErrorDetails() != null
        ? e.awsErrorDetails().errorCode() : context.exception().getClass().getSimpleName();
    report(context.request(), context.response().orElse(null), attributes, code);
  }

  private void report(Object sdkRequest, Object sdkResponse, ExecutionAttributes attributes, String errorCode) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (operation == null || isRead(operation) || "Sts".equals(service)) {
      return;
    }
    try {
      Object request = members(sdkRequest);
      Object response = members(sdkResponse);
      var region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
      String regionId = region == null ? "unknown" : region.id();
      String arn = firstString(request, RESOURCE_MEMBERS)
          .or(() -> nested(response, "TableDescription", "TableArn"))
          .or(() -> firstString(response, RESULT_MEMBERS))
          .orElse(null);
      String account = account(attributes, arn);
      if (arn == null) {
        arn = builtArn(request, regionId, account);
      }
      Map<String, String> details = new LinkedHashMap<>();
      for (String member : DETAIL_MEMBERS) {
        firstString(request, List.of(member)).or(() -> firstString(response, List.of(member)))
            .ifPresent(value -> details.put(lowerFirst(member), value));
      }
      value(request, "Metadata").filter(Map.class::isInstance).map(m -> ((Map<?, ?>) m).get("targetTableName"))
          .ifPresent(table -> details.put("targetTableName", String.valueOf(table)));
      firstString(response, List.of("RecoveryPointArn")).filter(p -> !p.equals(firstString(request,
          List.of("RecoveryPointArn")).orElse(null))).ifPresent(p -> details.put("createdRecoveryPointArn", p));
      listener.record(AwsAudit.subject(), new AwsAudit.Call(service, operation, account, regionId, arn, details,
          errorCode));
    } catch (RuntimeException e) {
      // The audit trail must never fail the AWS call it reports.
      org.slf4j.LoggerFactory.getLogger(AuditInterceptor.class).warn("cannot audit {} {}: {}", service, operation,
          e.toString());
    }
  }

  static boolean isRead(String operation) {
    return READS.computeIfAbsent(operation, o -> READ.matcher(o).matches());
  }

  /**
   * The members of an SDK object by name (its {@link SdkField#memberName}), read once so that the lookups below do not
   * each walk its fields; members inside nested objects are read when looked up. Anything else is returned as is.
   */
  private static Object members(Object pojo) {
    if (!(pojo instanceof SdkPojo sdk)) {
      return pojo;
    }
    Map<String, Object> members = new java.util.HashMap<>();
    for (SdkField<?> field : sdk.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value != null) {
        members.put(field.memberName(), value);
      }
    }
    return members;
  }

  /** The account of the call: the credentials', else the resource ARN's, else one learned from earlier responses. */
  private String account(ExecutionAttributes attributes, String arn) {
    String account = attributes.getAttribute(AwsExecutionAttribute.AWS_AUTH_ACCOUNT_ID);
    if (account == null) {
      account = identityAccount;
    }
    if (account == null) {
      try {
        account = credentials.resolveCredentials().accountId().orElse(null);
      } catch (RuntimeException unresolved) {
        account = null;
      }
    }
    if (account == null && arn != null) {
      account = accountOf(arn);
    }
    if (account == null) {
      account = learnedAccount.get();
    }
    return account == null ? "unknown" : account;
  }

  /** The ARN of what a name-only call acts on: a table, an alarm, else its Application Auto Scaling resource id. */
  private static String builtArn(Object request, String region, String account) {
    String partition = Arn.partitionOf(region);
    Optional<String> table = firstString(request, List.of("TableName")).or(() -> value(request, "RequestItems")
        .filter(Map.class::isInstance).map(items -> ((Map<?, ?>) items).keySet()).filter(tables -> tables.size() == 1)
        .map(tables -> String.valueOf(tables.iterator().next())));
    if (table.isPresent() && table.get().startsWith("arn:")) {
      return table.get(); // DynamoDB takes a table's ARN in TableName too
    }
    if (table.isPresent()) {
      return "arn:" + partition + ":dynamodb:" + region + ":" + account + ":table/" + table.get();
    }
    // DeleteAlarms takes a list: one name is one alarm's ARN (the operator deletes its alarms one per call)
    Optional<String> alarm = firstString(request, List.of("AlarmName")).or(() -> value(request, "AlarmNames")
        .filter(List.class::isInstance).map(names -> (List<?>) names).filter(names -> names.size() == 1)
        .map(names -> String.valueOf(names.get(0))));
    if (alarm.isPresent()) {
      return "arn:" + partition + ":cloudwatch:" + region + ":" + account + ":alarm:" + alarm.get();
    }
    return firstString(request, List.of("ResourceId")).orElse("unknown");
  }

  /** Remembers the account of an ARN in a response (DescribeTable's TableArn, a vault or recovery point ARN). */
  private void learn(Object response) {
    if (learnedAccount.get() != null || !(response instanceof SdkPojo pojo)) {
      return;
    }
    Optional<String> arn = nested(pojo, "Table", "TableArn").or(() -> nested(pojo, "TableDescription", "TableArn"));
    for (SdkField<?> field : pojo.sdkFields()) {
      if (arn.isPresent()) {
        break;
      }
      if (field.memberName().endsWith("Arn") && field.getValueOrDefault(pojo) instanceof String value) {
        arn = Optional.of(value);
      }
    }
    arn.map(AuditInterceptor::accountOf).ifPresent(learnedAccount::set);
  }

  private static String accountOf(String arn) {
    var matcher = ACCOUNT.matcher(arn);
    return matcher.matches() ? matcher.group(1) : null;
  }

  private static Optional<Object> value(Object pojo, String member) {
    if (pojo instanceof Map<?, ?> members) {
      return Optional.ofNullable(members.get(member));
    }
    if (!(pojo instanceof SdkPojo sdk)) {
      return Optional.empty();
    }
    for (SdkField<?> field : sdk.sdkFields()) {
      if (field.memberName().equals(member)) {
        return Optional.ofNullable(field.getValueOrDefault(pojo));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> firstString(Object pojo, List<String> members) {
    for (String member : members) {
      Optional<String> value = value(pojo, member).filter(String.class::isInstance).map(String.class::cast);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nested(Object pojo, String member, String inner) {
    return value(pojo, member).flatMap(v -> firstString(v, List.of(inner)));
  }

  private static String lowerFirst(String member) {
    return Character.toLowerCase(member.charAt(0)) + member.substring(1);
  }
}
