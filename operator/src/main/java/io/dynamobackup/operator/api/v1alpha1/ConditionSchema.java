package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;

/**
 * The CRD schema of {@code status.conditions}: Kubernetes' {@code metav1.Condition} (required keys, status enum,
 * reason and type patterns, RFC 3339 transition time), so kubectl, Argo CD and kstatus read our conditions as they
 * read Kubernetes' own. The Java type of the field stays fabric8's {@link io.fabric8.kubernetes.api.model.Condition};
 * this class only shapes the schema, through {@code @SchemaFrom(type = ConditionSchema.Conditions.class)}.
 */
@SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "lastTransitionTime")
public final class ConditionSchema {
  /** Kubernetes' pattern for a condition type: a name, optionally prefixed by a DNS subdomain and '/'. */
  public static final String TYPE_PATTERN = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
      + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
  /** Kubernetes' pattern for a reason: CamelCase letters, digits, '_', ',' and ':', starting with a letter. */
  public static final String REASON_PATTERN = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

  @JsonPropertyDescription("Type of the condition in CamelCase, e.g. Ready, Completed or SettingsApplied.")
  @Required
  @Pattern(TYPE_PATTERN)
  @Size(max = 316)
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  public Status status;

  @JsonPropertyDescription("The metadata.generation of the spec the condition was computed for.")
  @Min(0)
  public Long observedGeneration;

  @JsonPropertyDescription("When the status last changed from one value to another (RFC 3339).")
  @Required
  public String lastTransitionTime;

  @JsonPropertyDescription("Machine-readable reason for the last transition in CamelCase, e.g. InvalidSpec or"
      + " AccessDeniedException.")
  @Required
  @Pattern(REASON_PATTERN)
  @Size(min = 1, max = 1024)
  public String reason;

  @JsonPropertyDescription("Human-readable details, naming the field or AWS error involved; may be empty.")
  @Required
  @Size(max = 32768)
  public String message;

  /** The values of a condition's status. */
  public enum Status { True, False, Unknown }

  /** The schema of the conditions list. */
  public static final class Conditions extends ArrayList<ConditionSchema> {
    private static final long serialVersionUID = 1L;
  }

  private ConditionSchema() {}
}
