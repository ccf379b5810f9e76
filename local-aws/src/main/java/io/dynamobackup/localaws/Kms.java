package io.dynamobackup.localaws;

import java.util.HashSet;
import java.util.Set;

/**
 * Which accounts may use which customer managed KMS keys. A key can always be used by the account that owns it (the
 * account in its ARN); another account needs a grant (in AWS: the key policy or a KMS grant). local-aws has no KMS API:
 * keys are named by ARN and exist as far as their owner is concerned. Thread-safe.
 */
public final class Kms {
  private final Set<String> grants = new HashSet<>();

  /** Lets {@code accountId} use the key {@code keyArn} (a key or alias ARN) in restores and table encryption. */
  public synchronized Kms grant(String keyArn, String accountId) {
    grants.add(keyArn + "|" + accountId);
    return this;
  }

  /** Removes every grant. */
  public synchronized Kms clear() {
    grants.clear();
    return this;
  }

  /** Whether {@code accountId} may use the key: it owns it, or it was granted. */
  public synchronized boolean canUse(String keyArn, String keyAccountId, String accountId) {
    return keyAccountId.equals(accountId) || grants.contains(keyArn + "|" + accountId);
  }
}
