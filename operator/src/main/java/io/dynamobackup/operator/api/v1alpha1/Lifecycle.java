package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.moveToColdStorageAfterDays) || !has(self.deleteAfterDays)"
        + " || self.deleteAfterDays >= self.moveToColdStorageAfterDays + 90",
    message = "deleteAfterDays must be at least moveToColdStorageAfterDays + 90 (AWS Backup keeps cold"
        + " recovery points for 90 days minimum)")
public class Lifecycle {
  @JsonPropertyDescription("Days after creation when AWS Backup moves the recovery point to cold storage."
      + " Omit to keep it in warm storage.")
  @Min(1)
  public Long moveToColdStorageAfterDays;

  @JsonPropertyDescription("Days after creation when AWS Backup deletes the recovery point. Applies even when"
      + " the operator is not running. Omit to keep it until deleted by retention or by hand.")
  @Min(1)
  public Long deleteAfterDays;

  public Lifecycle() {}

  public Lifecycle(Long moveToColdStorageAfterDays, Long deleteAfterDays) {
    this.moveToColdStorageAfterDays = moveToColdStorageAfterDays;
    this.deleteAfterDays = deleteAfterDays;
  }
}
