package io.dynamobackup.operator.common;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.dynamobackup.operator.limits.ApiFamily;
import io.dynamobackup.operator.limits.ApiLimits;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The operator's typed configuration. Every option has a key in the config file (Java properties) and an
 * environment variable (DYNAMOBACKUP_ + upper-case key with dots as underscores); the environment wins.
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    int metricsPort,
    Optional<URI> awsEndpoint,
    String awsDefaultRegion,
    boolean leaderElection,
    String leaderElectionNamespace,
    Duration pollInitialInterval,
    Duration pollMaxInterval,
    Duration errorRetryInitialInterval,
    Duration errorRetryMaxInterval,
    String logFormat,
    Optional<Path> tenancyPolicyFile,
    String catalogTableName,
    Map<ApiFamily, Double> rateLimits,
    int concurrentRestores,
    Duration rateLimitMaxWait,
    Duration restorePollInitialInterval,
    Duration driftCheckInterval,
    String watchLabelSelector,
    String leaseName) {

  /** Each option: key, default, and the text in the README's configuration table. */
  public enum Option {
    WATCH_NAMESPACES("watchNamespaces", "", "Comma-separated namespaces to watch; empty watches all namespaces."),
    WATCH_LABEL_SELECTOR("watchLabelSelector", "", "Kubernetes label selector (e.g. shard=a) of the"
        + " DynamoBackupPlans, DynamoBackups and DynamoRestores this operator owns; empty owns all. Objects a plan"
        + " creates get the plan's labels for the selector's keys. For shards: see Horizontal scale."),
    METRICS_PORT("metricsPort", "8080", "Port of the HTTP server for /metrics, /healthz and /readyz."),
    AWS_ENDPOINT("aws.endpoint", "", "Endpoint override for every AWS service (local-aws, VPC endpoints); empty uses AWS."),
    AWS_DEFAULT_REGION("aws.defaultRegion", "us-east-1", "Region for AWS calls that are not tied to a table's Region."),
    LEADER_ELECTION("leaderElection", "false", "Elect a leader through a Lease, so several replicas are safe."),
    LEADER_ELECTION_NAMESPACE("leaderElection.namespace", "", "Namespace of the Lease; empty uses the pod's namespace."),
    LEADER_ELECTION_LEASE_NAME("leaderElection.leaseName", "dynamo-backup-operator", "Name of the Lease; each shard"
        + " (operator release) needs its own."),
    POLL_INITIAL_INTERVAL("poll.initialInterval", "PT15S", "First delay before polling a running AWS job (ISO-8601)."),
    POLL_MAX_INTERVAL("poll.maxInterval", "PT5M", "Longest delay between polls of a running AWS job; back-off doubles up to it."),
    POLL_RESTORE_INITIAL_INTERVAL("poll.restoreInitialInterval", "PT1S", "First delay before polling a restore (its"
        + " job, the new table, settings just applied); later polls wait a tenth of the time the restore has taken,"
        + " up to poll.maxInterval, or until shortly before the completion AWS expects."),
    DRIFT_CHECK_INTERVAL("drift.checkInterval", "PT12H", "How often a Ready restore's table settings are read again to"
        + " find drift; PT0S turns drift checks off (no AWS call for a Ready restore)."),
    ERROR_RETRY_INITIAL_INTERVAL("errorRetry.initialInterval", "PT10S", "First retry step after a transient failure"
        + " (throttling, 5xx, the API server); each wait is drawn between half the step and the step (jitter), and the"
        + " step doubles."),
    ERROR_RETRY_MAX_INTERVAL("errorRetry.maxInterval", "PT10M", "Longest retry step after repeated transient"
        + " failures; also how often a stalled object (AccessDenied, a missing vault) is looked at again."),
    LOG_FORMAT("logFormat", "text", "Log format: text or json (one JSON object per line)."),
    TENANCY_POLICY_FILE("tenancy.policyFile", "", "YAML tenancy policy mapping namespaces to allowed AWS accounts,"
        + " Regions, roles, vaults and tables, and whether they may delete data (see Multi-tenant); empty runs"
        + " single-tenant. Read at start-up."),
    CATALOG_TABLE_NAME("catalog.tableName", "dynamobackup-catalog", "Name of the recovery catalog's DynamoDB table in"
        + " every account and Region that holds recovery points (created on demand; see Recovery catalog); empty turns"
        + " the catalog off."),
    RATE_LIMIT_START_BACKUP_JOB(ApiFamily.START_BACKUP_JOB, "AWS Backup's default quota; backups wait in the"
        + " operator's queue in slot order for it"),
    RATE_LIMIT_START_RESTORE_JOB(ApiFamily.START_RESTORE_JOB, "AWS Backup's default quota; restores wait in"
        + " the operator's queue for it"),
    RATE_LIMIT_RESTORE_TABLE_FROM_BACKUP(ApiFamily.RESTORE_TABLE_FROM_BACKUP, "DynamoDB's documented maximum"),
    RATE_LIMIT_START_COPY_JOB(ApiFamily.START_COPY_JOB, "not published; as StartBackupJob"),
    RATE_LIMIT_BACKUP_DESCRIBE(ApiFamily.BACKUP_READS, "AWS Backup's default quota"),
    RATE_LIMIT_BACKUP_LIST(ApiFamily.BACKUP_LISTS, "AWS Backup's default quota"),
    RATE_LIMIT_DELETE_RECOVERY_POINT(ApiFamily.DELETE_RECOVERY_POINT, "AWS Backup's default quota"),
    RATE_LIMIT_BACKUP_WRITE(ApiFamily.BACKUP_WRITES, "AWS Backup's default quota"),
    RATE_LIMIT_DYNAMODB_CONTROL_PLANE(ApiFamily.DYNAMODB_CONTROL_PLANE, "DynamoDB's control-plane throttle"),
    RATE_LIMIT_AUTO_SCALING(ApiFamily.AUTO_SCALING, "not published; a guess"),
    RATE_LIMIT_DESCRIBE_ALARMS(ApiFamily.DESCRIBE_ALARMS, "CloudWatch's default quota"),
    RATE_LIMIT_ALARM_WRITES(ApiFamily.ALARM_WRITES, "CloudWatch's default quota"),
    RATE_LIMIT_GET_RESOURCES(ApiFamily.GET_RESOURCES, "not published; a guess"),
    RATE_LIMIT_CONCURRENT_RESTORES("rateLimit.concurrentRestores", "50", "Restores (AWS Backup and"
        + " RestoreTableFromBackup) in flight per AWS account and Region at most, as DynamoDB allows; further"
        + " restores wait in the operator's queue."),
    RATE_LIMIT_MAX_WAIT("rateLimit.maxWait", "PT2S", "Longest a reconcile waits for a permit of a rate-limited AWS"
        + " call (other than a job start); past it the call is retried with jittered back-off.");

    public final String key;
    public final String defaultValue;
    public final String description;

    Option(String key, String defaultValue, String description) {
      this.key = key;
      this.defaultValue = defaultValue;
      this.description = description;
    }

    /** A client-side rate limit: calls per second per AWS account and Region, 0 for none. */
    Option(ApiFamily family, String source) {
      this("rateLimit." + family.key, rate(family.defaultPerSecond), "Calls per second per AWS account and Region"
          + " of " + family.describe() + " (" + source + "); 0: no client-side limit.");
    }

    private static String rate(double perSecond) {
      return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
    }

    /** The family of a rate-limit option, else null. */
    ApiFamily family() {
      for (ApiFamily family : ApiFamily.values()) {
        if (key.equals("rateLimit." + family.key)) {
          return family;
        }
      }
      return null;
    }

    public String environmentVariable() {
      return "DYNAMOBACKUP_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase();
    }
  }

  public static OperatorConfig defaults() {
    return load(Map.of(), new Properties());
  }

  public static OperatorConfig load(Map<String, String> environment, Optional<Path> configFile) {
    Properties file = new Properties();
    if (configFile.isPresent()) {
      try (Reader reader = Files.newBufferedReader(configFile.get())) {
        file.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + configFile.get() + ": " + e.getMessage(), e);
      }
    }
    return load(environment, file);
  }

  static OperatorConfig load(Map<String, String> environment, Properties file) {
    Set<String> known = Arrays.stream(Option.values()).map(o -> o.key).collect(Collectors.toSet());
    List<String> unknown = file.stringPropertyNames().stream().filter(k -> !known.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown config keys " + unknown + "; known keys are " + known);
    }
    Map<Option, String> values = new LinkedHashMap<>();
    for (Option option : Option.values()) {
      values.put(option, environment.getOrDefault(option.environmentVariable(),
          file.getProperty(option.key, option.defaultValue)).trim());
    }
    Function<Option, Duration> duration = o -> parse(o, values.get(o), Duration::parse);
    String logFormat = values.get(Option.LOG_FORMAT);
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new IllegalArgumentException(Option.LOG_FORMAT.key + " must be text or json, not '" + logFormat + "'");
    }
    return new OperatorConfig(
        Arrays.stream(values.get(Option.WATCH_NAMESPACES).split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        parse(Option.METRICS_PORT, values.get(Option.METRICS_PORT), Integer::parseInt),
        Optional.of(values.get(Option.AWS_ENDPOINT)).filter(s -> !s.isEmpty()).map(s -> parse(Option.AWS_ENDPOINT, s, URI::create)),
        values.get(Option.AWS_DEFAULT_REGION),
        Boolean.parseBoolean(values.get(Option.LEADER_ELECTION)),
        values.get(Option.LEADER_ELECTION_NAMESPACE),
        duration.apply(Option.POLL_INITIAL_INTERVAL),
        duration.apply(Option.POLL_MAX_INTERVAL),
        duration.apply(Option.ERROR_RETRY_INITIAL_INTERVAL),
        duration.apply(Option.ERROR_RETRY_MAX_INTERVAL),
        logFormat,
        Optional.of(values.get(Option.TENANCY_POLICY_FILE)).filter(s -> !s.isEmpty()).map(Path::of),
        catalogTableName(values.get(Option.CATALOG_TABLE_NAME)),
        rateLimits(values),
        positive(Option.RATE_LIMIT_CONCURRENT_RESTORES, parse(Option.RATE_LIMIT_CONCURRENT_RESTORES,
            values.get(Option.RATE_LIMIT_CONCURRENT_RESTORES), Integer::parseInt)),
        duration.apply(Option.RATE_LIMIT_MAX_WAIT),
        duration.apply(Option.POLL_RESTORE_INITIAL_INTERVAL),
        duration.apply(Option.DRIFT_CHECK_INTERVAL),
        values.get(Option.WATCH_LABEL_SELECTOR),
        values.get(Option.LEADER_ELECTION_LEASE_NAME));
  }

  private static String catalogTableName(String name) {
    if (!name.isEmpty() && !name.matches("[a-zA-Z0-9_.-]{3,255}")) {
      throw new IllegalArgumentException(Option.CATALOG_TABLE_NAME.key + " ("
          + Option.CATALOG_TABLE_NAME.environmentVariable() + "): '" + name + "' is not a DynamoDB table name"
          + " (3 to 255 letters, digits, '_', '.' and '-')");
    }
    return name;
  }

  private static Map<ApiFamily, Double> rateLimits(Map<Option, String> values) {
    Map<ApiFamily, Double> rates = new EnumMap<>(ApiFamily.class);
    for (Option option : Option.values()) {
      ApiFamily family = option.family();
      if (family != null) {
        double rate = parse(option, values.get(option), Double::parseDouble);
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
          throw new IllegalArgumentException(option.key + " must be a number of calls per second, 0 or more, not '"
              + values.get(option) + "'");
        }
        rates.put(family, rate);
      }
    }
    return Map.copyOf(rates);
  }

  private static int positive(Option option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option.key + " must be at least 1, not " + value);
    }
    return value;
  }

  private static <T> T parse(Option option, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid value '" + value + "' for " + option.key + " ("
          + option.environmentVariable() + "): " + e.getMessage(), e);
    }
  }

  public OperatorConfig withAwsEndpoint(URI endpoint) {
    return new OperatorConfig(watchNamespaces, metricsPort, Optional.of(endpoint), awsDefaultRegion, leaderElection,
        leaderElectionNamespace, pollInitialInterval, pollMaxInterval, errorRetryInitialInterval, errorRetryMaxInterval,
        logFormat, tenancyPolicyFile, catalogTableName, rateLimits, concurrentRestores, rateLimitMaxWait,
        restorePollInitialInterval, driftCheckInterval, watchLabelSelector, leaseName);
  }

  /** The client-side AWS rate limits this configuration asks for. */
  public ApiLimits apiLimits(io.micrometer.core.instrument.MeterRegistry registry) {
    return new ApiLimits(rateLimits, concurrentRestores, rateLimitMaxWait, registry);
  }
}
