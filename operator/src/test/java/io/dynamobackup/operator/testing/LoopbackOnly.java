package io.dynamobackup.operator.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Tests never leave loopback. Registered for every AWS SDK client built in the operator's tests (a global interceptor,
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the test classpath), it refuses a request
 * to any host but a loopback address before a connection is opened - e.g. a client built without local-aws's
 * endpoint. Because the operator turns a failed AWS call into a condition rather than a test failure, it also records
 * the attempt, and as a JUnit extension (auto-detected, {@code junit-platform.properties}) fails the test that made it.
 */
public final class LoopbackOnly implements ExecutionInterceptor, AfterEachCallback {
  private static final List<String> VIOLATIONS = new ArrayList<>();

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    if (!loopback(request.host())) {
      String violation = request.method() + " " + request.getUri() + " is not a loopback address";
      synchronized (VIOLATIONS) {
        VIOLATIONS.add(violation);
      }
      throw SdkClientException.create("tests never leave loopback: " + violation
          + " (build AWS clients with local-aws's endpoint)");
    }
    return request;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> seen;
    synchronized (VIOLATIONS) {
      seen = List.copyOf(VIOLATIONS);
      VIOLATIONS.clear();
    }
    if (!seen.isEmpty()) {
      throw new AssertionError("AWS calls to non-loopback addresses: " + seen);
    }
  }

  static boolean loopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name other than localhost: never resolved, it would already be a DNS query
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
