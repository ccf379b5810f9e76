package io.dynamobackup.localaws.core;

import java.util.Objects;

/** An (account, Region) pair: every resource lives in exactly one. */
public record Scope(String accountId, String region) {
  public Scope {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(region, "region");
  }

  public String partition() {
    return Arns.partitionOf(region);
  }

  public String arn(String service, String resource) {
    return "arn:" + partition() + ":" + service + ":" + region + ":" + accountId + ":" + resource;
  }

  @Override
  public String toString() {
    return accountId + "/" + region;
  }
}
