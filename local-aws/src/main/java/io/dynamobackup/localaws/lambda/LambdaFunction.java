package io.dynamobackup.localaws.lambda;

import java.time.Instant;

/** A Lambda function's configuration (its code is stored nowhere and never runs). Guarded by the World lock. */
public final class LambdaFunction {
  public String name;
  public String arn;
  public String role;
  public String runtime;
  public String handler;
  public Instant lastModified;
}
