package io.dynamobackup.operator.aws;

import io.dynamobackup.localaws.LocalAws;
import io.dynamobackup.localaws.LocalAwsOptions;
import io.dynamobackup.operator.limits.ApiLimits;
import io.dynamobackup.sandbox.DemoAws;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.awscore.endpoints.AccountIdEndpointMode;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * CPU per AWS call through the operator's client stack ({@link AwsClients}, as {@code OperatorMain} builds it) against
 * an in-process local-aws: DescribeTable, GetResourcePolicy (a 400: the table has no policy) and PutItem, the calls of
 * every backup. The CPU is the calling thread's ({@link ThreadMXBean#getCurrentThreadCpuTime}): the SDK's whole
 * pipeline (marshalling, signing, interceptors, HTTP client, unmarshalling) runs on it; local-aws's threads are not
 * counted. Variants each change one thing against the production stack, run in interleaved rounds after a warm-up,
 * and are printed as ratios against the production stack in the same run. Run it as the image does:
 * {@code java -XX:TieredStopAtLevel=1 -cp bench/target/bench-0.1.0-SNAPSHOT-all.jar
 * io.dynamobackup.operator.aws.AwsCallCost [iterations per round, default 2000] [rounds, default 5]}.
 *
 * <p>It lives in the operator's package to build clients with one interceptor left out.
 */
public final class AwsCallCost {
  private static final String REGION = "us-east-1";
  private static final String TABLE = "cost-table";

  private AwsCallCost() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.builder().build())) {
      AwsCredentialsProvider credentials = DemoAws.credentials();
      try (DynamoDbClient setup = DemoAws.dynamoDb(aws.endpoint(), REGION)) {
        setup.createTable(b -> b.tableName(TABLE).billingMode("PAY_PER_REQUEST")
            .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
            .keySchema(k -> k.attributeName("pk").keyType("HASH")));
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      AtomicLong audited = new AtomicLong();
      AwsAudit.Listener listener = (subject, call) -> audited.incrementAndGet();
      ApiLimits limits = ApiLimits.defaults();
      AwsClients production = new AwsClients(Optional.of(aws.endpoint()), credentials, registry, null, listener,
          limits, Clock.systemUTC());
      SdkHttpClient apache = ApacheHttpClient.builder().maxConnections(32).build();
      ExecutionInterceptor rate = new RateLimitInterceptor(limits, AwsIdentity.operator().quotaAccount());
      ExecutionInterceptor counter = new CallCounter(registry);
      ExecutionInterceptor audit = new AuditInterceptor(listener, credentials, null, new AtomicReference<>());
      Map<String, DynamoDbClient> variants = new LinkedHashMap<>();
      variants.put("production (AwsClients)", production.dynamoDb(AwsIdentity.operator(), REGION));
      variants.put("rebuilt: all interceptors", build(aws, credentials, apache, List.of(rate, counter, audit), o -> { }));
      variants.put("without RateLimitInterceptor", build(aws, credentials, apache, List.of(counter, audit), o -> { }));
      variants.put("without CallCounter", build(aws, credentials, apache, List.of(rate, audit), o -> { }));
      variants.put("without AuditInterceptor", build(aws, credentials, apache, List.of(rate, counter), o -> { }));
      variants.put("no interceptors", build(aws, credentials, apache, List.of(), o -> { }));
      List<ExecutionInterceptor> all = List.of(rate, counter, audit);
      variants.put("account id endpoints off", build(aws, credentials, apache, all, o -> o
          .accountIdEndpointMode(AccountIdEndpointMode.DISABLED)));
      SdkHttpClient urlConnection = UrlConnectionHttpClient.builder().build();
      variants.put("UrlConnectionHttpClient", build(aws, credentials, urlConnection, all, o -> { }));
      SdkHttpClient noExpect = ApacheHttpClient.builder().maxConnections(32).expectContinueEnabled(false).build();
      variants.put("Apache, no Expect: 100-continue", build(aws, credentials, noExpect, all, o -> { }));
      String only = System.getProperty("cost.only");
      if (only != null) {
        variants.keySet().removeIf(name -> !name.startsWith(only) && !name.startsWith("production"));
      }
      Map<String, long[]> cpu = new LinkedHashMap<>();
      variants.keySet().forEach(name -> cpu.put(name, new long[2]));
      for (DynamoDbClient client : variants.values()) {
        run(client, iterations); // warm-up: C1 compiles the paths, connections are pooled
      }
      for (int round = 0; round < rounds; round++) {
        for (var variant : variants.entrySet()) {
          long before = threads.getCurrentThreadCpuTime();
          int calls = run(variant.getValue(), iterations);
          long[] total = cpu.get(variant.getKey());
          total[0] += threads.getCurrentThreadCpuTime() - before;
          total[1] += calls;
        }
      }
      double base = perCall(cpu.get("production (AwsClients)"));
      System.out.printf("AWS call cost: DescribeTable + GetResourcePolicy (400) + PutItem, %d x %d iterations, "
          + "calling thread CPU per call (JVM %s)%n", rounds, iterations, ManagementFactory.getRuntimeMXBean()
          .getInputArguments());
      for (var e : cpu.entrySet()) {
        double perCall = perCall(e.getValue());
        System.out.printf("  %-34s %7.1f us/call  %.2fx production%n", e.getKey(), perCall / 1000, perCall / base);
      }
      System.out.printf("  (audited calls: %d)%n", audited.get());
      variants.values().stream().skip(1).forEach(DynamoDbClient::close);
      production.close();
      apache.close();
      urlConnection.close();
      noExpect.close();
    }
  }

  private static double perCall(long[] total) {
    return (double) total[0] / total[1];
  }

  private static int run(DynamoDbClient client, int iterations) {
    int calls = 0;
    for (int i = 0; i < iterations; i++) {
      String arn = AwsCalls.call(() -> client.describeTable(b -> b.tableName(TABLE))).table().tableArn();
      try {
        AwsCalls.call(() -> client.getResourcePolicy(b -> b.resourceArn(arn)));
        throw new IllegalStateException("the table has a resource policy");
      } catch (AwsException e) {
        if (!e.code().equals("PolicyNotFoundException")) {
          throw e;
        }
      }
      String key = "item-" + (i % 100);
      AwsCalls.run(() -> client.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(key),
          "recoveryPointArn", AttributeValue.fromS("arn:aws:backup:us-east-1:000000000000:recovery-point:" + key),
          "completedAt", AttributeValue.fromS("2026-12-01T00:00:00Z")))));
      calls += 3;
    }
    return calls;
  }

  private static DynamoDbClient build(LocalAws aws, AwsCredentialsProvider credentials, SdkHttpClient http,
      List<ExecutionInterceptor> interceptors, Consumer<DynamoDbClientBuilder> options) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder().region(Region.of(REGION)).credentialsProvider(credentials)
        .httpClient(http).endpointOverride(aws.endpoint())
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry())
            .executionInterceptors(new ArrayList<>(interceptors)).build());
    options.accept(builder);
    return builder.build();
  }
}
