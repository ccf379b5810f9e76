package io.dynamobackup.localaws;

import io.dynamobackup.localaws.autoscaling.AutoScalingService;
import io.dynamobackup.localaws.backup.BackupService;
import io.dynamobackup.localaws.cloudwatch.CloudWatchService;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Scope;
import io.dynamobackup.localaws.core.World;
import io.dynamobackup.localaws.dynamodb.DynamoDbService;
import io.dynamobackup.localaws.http.Dispatcher;
import io.dynamobackup.localaws.kinesis.KinesisService;
import io.dynamobackup.localaws.lambda.LambdaService;
import io.dynamobackup.localaws.http.EdgeServer;
import io.dynamobackup.localaws.model.RequestValidator;
import io.dynamobackup.localaws.sts.StsService;
import io.dynamobackup.localaws.tagging.TaggingService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A local, multi-Region, multi-account AWS Backup + DynamoDB (+ Application Auto Scaling, CloudWatch alarms, STS
 * AssumeRole and the Resource Groups Tagging API's GetResources) emulator that speaks the real wire
 * protocols, so the unmodified AWS SDK ({@code endpointOverride(aws.endpoint())}) and the aws
 * CLI ({@code --endpoint-url}) work against it.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().clock(clock).build())) {
 *   DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(aws.endpoint())...build();
 *   ...
 *   clock.advance(Duration.ofSeconds(30)); // jobs progress on the next request
 * }
 * }</pre>
 */
public final class LocalAws implements AutoCloseable {
  private final World world;
  private final Faults faults = new Faults();
  private final List<CallRecord> calls = new ArrayList<>();
  private final EdgeServer server;
  private final URI endpoint;

  private LocalAws(LocalAwsOptions options) throws IOException {
    this.world = new World(options.clock(), options, faults::isRoleDenied);
    DynamoDbService dynamo = new DynamoDbService(world);
    BackupService backup = new BackupService();
    StsService sts = new StsService(faults::checkAssumeRole);
    Dispatcher dispatcher = new Dispatcher(world, new Dispatcher.Hooks() {
      @Override
      public ApiException fault(String service, String operation) {
        return faults.check(service, operation);
      }

      @Override
      public void record(String service, String operation, Scope scope, Instant time, int status, String table) {
        synchronized (calls) {
          calls.add(new CallRecord(service, operation, scope.region(), scope.accountId(), time, status, table));
        }
      }

      @Override
      public boolean unreachable(String region) {
        return faults.isRegionOut(region);
      }

      @Override
      public String accountOfAccessKey(String accessKeyId) {
        return sts.session(accessKeyId).map(StsService.Session::accountId).orElse(null);
      }
    }, validators());
    this.server = new EdgeServer(dispatcher, new EdgeServer.Services(dynamo.operations(),
        new AutoScalingService().operations(), new CloudWatchService().operations(), sts.operations(),
        backup.routes(), new KinesisService().operations(), new LambdaService().routes(),
        new TaggingService().operations()),
        new AdminApi(options.clock(), faults, this::calls), options.host(), options.port());
    this.endpoint = URI.create("http://" + options.host() + ":" + server.port());
  }

  /** Every service's requests are checked against its AWS model before a handler runs. */
  private static Map<String, RequestValidator> validators() {
    Map<String, RequestValidator> validators = new HashMap<>();
    validators.put("dynamodb", new RequestValidator("dynamodb", DynamoDbService::tableNameOrArn));
    for (String service : List.of("backup", "application-autoscaling", "cloudwatch", "sts", "lambda", "kinesis",
        "tagging")) {
      validators.put(service, new RequestValidator(service));
    }
    return validators;
  }

  /** Starts an emulator (on a free port unless the options name one). */
  public static LocalAws start(LocalAwsOptions options) {
    try {
      return new LocalAws(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start local-aws on " + options.host() + ":" + options.port(), e);
    }
  }

  /** Starts an emulator with default options (system clock, free port). */
  public static LocalAws start() {
    return start(LocalAwsOptions.defaults());
  }

  /** {@code http://127.0.0.1:PORT}: the endpoint for every service and Region. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return server.port();
  }

  public Clock clock() {
    return world.clock();
  }

  public Faults faults() {
    return faults;
  }

  /** Cross-account grants of KMS keys (a key's own account can always use it). */
  public Kms kms() {
    return world.kms();
  }

  /** A snapshot of every call received so far, in arrival order. */
  public List<CallRecord> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** How many calls of this operation (any service, Region and account) were received. */
  public long callCount(String operation) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.operation().equals(operation)).count();
    }
  }

  public void clearCalls() {
    synchronized (calls) {
      calls.clear();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
