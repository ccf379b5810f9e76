package io.dynamobackup.localaws.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Refuses a request that breaks its service model before any handler sees it, with the error code each protocol uses
 * for it and AWS's wording ({@code 1 validation error detected: Value 'ab' at 'tableName' failed to satisfy
 * constraint: Member must have length greater than or equal to 3}):
 * <ul>
 *   <li>DynamoDB (JSON 1.0) and Application Auto Scaling (JSON 1.1): {@code ValidationException};</li>
 *   <li>CloudWatch and STS (query protocol): {@code ValidationError};</li>
 *   <li>Resource Groups Tagging API (JSON 1.1): {@code InvalidParameterException}, the only error its model declares
 *       for bad parameters;</li>
 *   <li>AWS Backup (REST-JSON): {@code MissingParameterValueException} when a required member is missing, else
 *       {@code InvalidParameterValueException} (the two errors its model declares for bad parameters).</li>
 * </ul>
 * A value of the wrong type is a {@code SerializationException} in the JSON protocols and an
 * {@code InvalidParameterValue} in the query protocol.
 */
public final class RequestValidator {
  private final String service;
  private final ServiceModel model;
  private final ModelValidator validator;

  /** @param substitution lets a service check a value against another shape than the declared one */
  public RequestValidator(String service, BiFunction<Shape, JsonNode, Shape> substitution) {
    this.service = service;
    this.model = ServiceModel.of(service);
    this.validator = model == null ? null : new ModelValidator(model, substitution);
  }

  public RequestValidator(String service) {
    this(service, (shape, value) -> shape);
  }

  public String service() {
    return service;
  }

  /** Assembles a REST request's input structure (path, query string and body) as its model binds it. */
  public ObjectNode restInput(String operation, JsonNode body, Map<String, String> path, Map<String, String> query) {
    return ModelValidator.restInput(model == null ? null : model.input(operation), body, path, query);
  }

  /** @throws ApiException when the input breaks the model of {@code operation} */
  public void check(String operation, JsonNode input) {
    if (validator == null) {
      return;
    }
    List<Violation> violations;
    try {
      violations = validator.validate(operation, input);
    } catch (ModelValidator.TypeMismatch e) {
      throw typeMismatch(e);
    }
    if (!violations.isEmpty()) {
      throw refusal(violations);
    }
  }

  /** The error this service answers for these violations (also used by semantic rules that word like the model). */
  public static ApiException refusal(String service, List<Violation> violations) {
    String message = Violation.summary(violations);
    return switch (service) {
      case "cloudwatch", "sts" -> new ApiException(400, "ValidationError", message);
      case "tagging" -> new ApiException(400, "InvalidParameterException", message);
      case "backup" -> violations.stream().anyMatch(Violation::missing)
          ? new ApiException(400, "MissingParameterValueException", message)
          : ApiException.invalidParameter(message);
      default -> ApiException.validation(message);
    };
  }

  private ApiException refusal(List<Violation> violations) {
    return refusal(service, violations);
  }

  private ApiException typeMismatch(ModelValidator.TypeMismatch e) {
    if ("query".equals(model.protocol()) || "cloudwatch".equals(service)) {
      return new ApiException(400, "InvalidParameterValue", "Value (" + Violation.text(e.value)
          + ") for parameter " + e.path + " is invalid: expected " + e.expectedType + ".");
    }
    return new ApiException(400, "SerializationException", "Value '" + Violation.text(e.value) + "' at '" + e.path
        + "' can not be converted to " + e.expectedType);
  }
}
