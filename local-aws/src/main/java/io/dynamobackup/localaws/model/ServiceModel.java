package io.dynamobackup.localaws.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.localaws.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * An AWS service model (botocore {@code service-2.json}, in {@code src/main/resources/aws-models/}, Apache-2.0, see
 * the NOTICE there). Each model is read once per JVM, on the first request to its service.
 */
public final class ServiceModel {
  /** The model file of each service local-aws serves, keyed by the service name of the call log. */
  public static final Map<String, String> FILES = Map.of(
      "dynamodb", "dynamodb-2012-08-10",
      "backup", "backup-2018-11-15",
      "application-autoscaling", "application-autoscaling-2016-02-06",
      "cloudwatch", "cloudwatch-2010-08-01",
      "sts", "sts-2011-06-15",
      "lambda", "lambda-2015-03-31",
      "kinesis", "kinesis-2013-12-02",
      "tagging", "resourcegroupstaggingapi-2017-01-26");
  private static final Map<String, ServiceModel> LOADED = new ConcurrentHashMap<>();

  private final String service;
  private final JsonNode document;
  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

  private ServiceModel(String service, JsonNode document) {
    this.service = service;
    this.document = document;
  }

  /** The model of a service ({@code dynamodb}, {@code backup}, ...), or null for one without a model. */
  public static ServiceModel of(String service) {
    String file = FILES.get(service);
    return file == null ? null : LOADED.computeIfAbsent(service, s -> new ServiceModel(s, read(file)));
  }

  /** The parsed model document, as botocore ships it. */
  public static JsonNode document(String service) {
    ServiceModel model = of(service);
    return model == null ? null : model.document;
  }

  private static JsonNode read(String file) {
    String resource = "/aws-models/" + file + ".service-2.json.gz";
    try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing AWS model " + resource);
      }
      return Json.MAPPER.readTree(new GZIPInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read AWS model " + resource, e);
    }
  }

  public String service() {
    return service;
  }

  public String protocol() {
    return document.path("metadata").path("protocol").asText();
  }

  /** The input shape of an operation, or null when the operation takes no input or is not in the model. */
  public Shape input(String operation) {
    JsonNode input = document.path("operations").path(operation).path("input").path("shape");
    return input.isMissingNode() ? null : shape(input.asText());
  }

  public Shape shape(String name) {
    return shapes.computeIfAbsent(name, n -> {
      JsonNode node = document.path("shapes").path(n);
      if (node.isMissingNode()) {
        throw new IllegalArgumentException(service + " model has no shape " + n);
      }
      return new Shape(n, node);
    });
  }
}
