package io.dynamobackup.operator.aws;

import java.util.Objects;

/**
 * Whose credentials an AWS call is signed with: the operator's own (IRSA, EKS Pod Identity, the default chain), or
 * the IAM role the operator assumes (sts:AssumeRole with the tenant's ExternalId) for the objects of one namespace.
 * Every {@link AwsClients} accessor and every SDK-backed service takes one, so an AWS call made without deciding
 * whose it is does not compile.
 *
 * @param namespace  the namespace the role is assumed for (it names the STS session); null for the operator's own
 * @param roleArn    the role to assume; null for the operator's own identity
 * @param externalId the ExternalId the role's trust policy requires ({@code sts:ExternalId}); may be null
 */
public record AwsIdentity(String namespace, String roleArn, String externalId) {
  private static final AwsIdentity OPERATOR = new AwsIdentity(null, null, null);

  public AwsIdentity {
    if (roleArn != null) {
      Objects.requireNonNull(namespace, "an assumed role needs the namespace it is assumed for");
    }
  }

  /** The operator's own credentials, as in single-tenant mode. */
  public static AwsIdentity operator() {
    return OPERATOR;
  }

  /** The role assumed for the objects of {@code namespace}. */
  public static AwsIdentity assumed(String namespace, String roleArn, String externalId) {
    return new AwsIdentity(namespace, Objects.requireNonNull(roleArn, "roleArn"), externalId);
  }

  public boolean isOperator() {
    return roleArn == null;
  }

  /**
   * The account whose AWS quotas this identity's calls count against, as the client-side rate limits key it: the
   * assumed role's account, or {@code self} for the operator's own identity (whose account is not looked up).
   */
  public String quotaAccount() {
    return isOperator() ? "self" : Arn.parse(roleArn).account();
  }

  @Override
  public String toString() {
    return isOperator() ? "the operator's own identity" : "role " + roleArn + " for namespace " + namespace;
  }
}
