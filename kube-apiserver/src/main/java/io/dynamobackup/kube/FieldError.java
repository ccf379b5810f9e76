package io.dynamobackup.kube;

/**
 * One validation error of one field, as {@code k8s.io/apimachinery/pkg/util/validation/field.Error}: its
 * {@link #toString()} is what kubectl prints, e.g. {@code spec.table: Invalid value: "object": set exactly one of name
 * or arn}.
 *
 * @param field  the field path without a leading dot, e.g. {@code spec.table.name}
 * @param detail the message after the field, e.g. {@code Required value} or {@code Invalid value: "x": ...}
 */
public record FieldError(Type type, String field, String detail) {
  /** The error types the API server reports, with their {@code Status} cause reasons. */
  public enum Type {
    INVALID("FieldValueInvalid"),
    REQUIRED("FieldValueRequired"),
    NOT_SUPPORTED("FieldValueNotSupported"),
    FORBIDDEN("FieldValueForbidden"),
    DUPLICATE("FieldValueDuplicate"),
    TOO_LONG("FieldValueTooLong"),
    TOO_MANY("FieldValueTooMany"),
    TYPE_INVALID("FieldValueTypeInvalid");

    private final String reason;

    Type(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  @Override
  public String toString() {
    return field.isEmpty() ? detail : field + ": " + detail;
  }
}
