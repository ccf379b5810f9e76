package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureInfo {
  @JsonPropertyDescription("AWS error code or job status reason, e.g. AccessDeniedException.")
  public String code;

  @JsonPropertyDescription("Human-readable message from AWS or the operator.")
  public String message;

  public FailureInfo() {}

  public FailureInfo(String code, String message) {
    this.code = code;
    this.message = message;
  }
}
