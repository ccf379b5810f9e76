package io.dynamobackup.localaws;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator until stopped: {@code java -jar local-aws.jar [--port 4566] [--time-scale N]
 * [--region-default us-east-1] [--host 127.0.0.1]}.
 */
public final class LocalAwsMain {
  private LocalAwsMain() {}

  public static void main(String[] args) throws InterruptedException {
    LocalAwsOptions.Builder options = LocalAwsOptions.builder().port(4566);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (name.equals("--help") || name.equals("-h")) {
        System.out.println("usage: local-aws [--port N (default 4566, 0 = any free port)] [--time-scale N]"
            + " [--region-default REGION] [--host ADDRESS]");
        return;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          fail("missing value for " + name);
        }
        value = args[++i];
      }
      try {
        switch (name) {
          case "--port" -> options.port(Integer.parseInt(value));
          case "--time-scale" -> {
            double scale = Double.parseDouble(value);
            Clock clock = scale == 1.0 ? Clock.systemUTC() : ScaledClock.ofScale(scale);
            options.clock(clock);
          }
          case "--region-default" -> options.defaultRegion(value);
          case "--host" -> options.host(value);
          default -> fail("unknown option " + name);
        }
      } catch (IllegalArgumentException e) {
        fail("invalid value for " + name + ": " + value + " (" + e.getMessage() + ")");
      }
    }
    LocalAws aws = LocalAws.start(options.build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      aws.close();
      stopped.countDown();
    }, "local-aws-shutdown"));
    System.out.println("local-aws listening on " + aws.endpoint());
    System.out.flush();
    stopped.await();
  }

  private static void fail(String message) {
    System.err.println("local-aws: " + message);
    System.exit(2);
  }
}
