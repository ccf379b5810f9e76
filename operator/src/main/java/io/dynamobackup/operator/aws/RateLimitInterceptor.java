package io.dynamobackup.operator.aws;

import io.dynamobackup.operator.limits.ApiLimits;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Takes the client-side rate-limit permits of every call before it is sent ({@link ApiLimits#pace}): on every client,
 * so no call can bypass the limits. The starts of AWS jobs already waited for their permit in the operator's queue.
 */
record RateLimitInterceptor(ApiLimits limits, String account) implements ExecutionInterceptor {
  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    var region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    limits.pace(account, region == null ? "" : region.id(),
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }
}
