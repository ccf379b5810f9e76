package io.dynamobackup.localaws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Arns;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.dynamodb.DynamoDbService;
import io.dynamobackup.localaws.http.Request;

/**
 * Lambda's rules for functions and event-source mappings on DynamoDB streams beyond its service model (ranges and
 * enums come from the model), each in one place. Lambda answers InvalidParameterValueException (400) for a bad
 * parameter and ResourceNotFoundException (404) for a missing function or mapping.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html;
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
final class LambdaRules {
  private LambdaRules() {}

  static ApiException invalid(String message) {
    return new ApiException(400, "InvalidParameterValueException", message);
  }

  /** A function with a .zip package names its runtime and handler. */
  static void newFunction(Request r) {
    boolean image = "Image".equals(r.text("PackageType"));
    if (!image && (r.text("Runtime") == null || r.text("Handler") == null)) {
      throw invalid("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
    }
  }

  /**
   * A function by name, ARN or partial ARN ({@code account:function:name}), optionally with a qualifier; an ARN of
   * another account or Region is not found.
   */
  static LambdaFunction function(Request r, String nameOrArn) {
    String name = nameOrArn;
    if (name.startsWith("arn:")) {
      Arns.Arn arn = Arns.parse(name);
      if (arn == null || !arn.region().equals(r.scope.region()) || !arn.accountId().equals(r.scope.accountId())) {
        throw notFound(r, nameOrArn);
      }
      name = arn.resource();
    }
    int function = name.indexOf("function:");
    if (function >= 0) {
      name = name.substring(function + "function:".length());
    }
    int qualifier = name.indexOf(':');
    if (qualifier >= 0) {
      name = name.substring(0, qualifier);
    }
    LambdaFunction f = r.region().functions.get(name);
    if (f == null) {
      throw notFound(r, nameOrArn);
    }
    return f;
  }

  private static ApiException notFound(Request r, String function) {
    String arn = function.startsWith("arn:") ? function : r.scope.arn("lambda", "function:" + function);
    return new ApiException(404, "ResourceNotFoundException", "Function not found: " + arn);
  }

  /**
   * local-aws maps DynamoDB streams only: the event source is the current, enabled stream of a table in the caller's
   * account and Region.
   */
  static void dynamoDbStream(Request r, String arn) {
    Arns.Arn a = Arns.parse(arn);
    if (a == null || !"dynamodb".equals(a.service()) || !a.resource().contains("/stream/")) {
      throw invalid("local-aws supports event-source mappings on DynamoDB streams only, not " + arn);
    }
    if (!a.region().equals(r.scope.region()) || !a.accountId().equals(r.scope.accountId())) {
      throw invalid("Stream not found: " + arn + " (a mapping reads a stream in its own account and Region)");
    }
    if (!DynamoDbService.isEnabledStream(r, arn)) {
      throw invalid("Stream not found: " + arn);
    }
  }

  /** Streams need a starting position; AT_TIMESTAMP is for Kinesis and Amazon MSK, not DynamoDB. */
  static void startingPosition(String position) {
    if (position == null) {
      throw invalid("StartingPosition is required for DynamoDB stream event sources");
    }
    if ("AT_TIMESTAMP".equals(position)) {
      throw invalid("StartingPosition AT_TIMESTAMP is not supported for DynamoDB streams");
    }
  }

  /**
   * MaximumRecordAgeInSeconds is -1 (infinite) or 60–604800; an on-failure destination is an SQS queue, SNS topic or
   * S3 bucket; at most 5 filters, each a JSON pattern.
   */
  static void streamConfiguration(JsonNode body) {
    Long age = Json.longValue(body, "MaximumRecordAgeInSeconds");
    if (age != null && age != -1 && age < 60) {
      throw invalid("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800 (was " + age + ")");
    }
    String destination = body.path("DestinationConfig").path("OnFailure").path("Destination").asText(null);
    if (destination != null) {
      Arns.Arn arn = Arns.parse(destination);
      if (arn == null || !(arn.service().equals("sqs") || arn.service().equals("sns") || arn.service().equals("s3"))) {
        throw invalid("The OnFailure destination " + destination + " must be an SQS queue, SNS topic or S3 bucket ARN");
      }
    }
    JsonNode filters = body.path("FilterCriteria").path("Filters");
    if (filters.size() > 5) {
      throw invalid("A FilterCriteria has at most 5 filters (was " + filters.size() + ")");
    }
    for (JsonNode filter : filters) {
      try {
        if (!Json.MAPPER.readTree(filter.path("Pattern").asText()).isObject()) {
          throw invalid("Invalid filter pattern definition: " + filter.path("Pattern").asText());
        }
      } catch (java.io.IOException e) {
        throw invalid("Invalid filter pattern definition: " + filter.path("Pattern").asText());
      }
    }
  }
}
