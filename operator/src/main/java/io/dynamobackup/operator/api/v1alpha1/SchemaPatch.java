package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * Says in the CRD schema what fabric8's annotations cannot: {@code @SchemaCustomizer(value = SchemaPatch.class,
 * input = "[...]")} on an API class applies that RFC 6902 JSON Patch (fabric8's zjsonpatch) to the schema the CRD
 * generator made of the class. A patch whose path does not exist fails the build. Read at build time only.
 */
public final class SchemaPatch implements SchemaCustomizer.Customizer {
  /** On a status class: conditions are a list map keyed by type, as in Kubernetes' own types (for server-side apply). */
  public static final String CONDITIONS_MAP = """
      [{"op": "add", "path": "/properties/conditions/x-kubernetes-list-type", "value": "map"},
       {"op": "add", "path": "/properties/conditions/x-kubernetes-list-map-keys", "value": ["type"]}]""";

  @Override
  public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    JsonNode patched = JsonPatch.apply(serialization.unmarshal(input, JsonNode.class),
        serialization.convertValue(schema, JsonNode.class));
    return serialization.convertValue(patched, JSONSchemaProps.class);
  }

  /**
   * {@code @SchemaCustomizer(value = SchemaPatch.DateTime.class, input = "creationTime completionTime")}: these
   * string properties of the class hold RFC 3339 timestamps ({@code format: date-time}, checked by the API server).
   */
  public static final class DateTime implements SchemaCustomizer.Customizer {
    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
      for (String name : input.trim().split("\\s+")) {
        JSONSchemaProps property = schema.getProperties().get(name);
        if (property == null || !"string".equals(property.getType())) {
          throw new IllegalArgumentException("no string property " + name + " in " + schema.getProperties().keySet());
        }
        property.setFormat("date-time");
      }
      return schema;
    }
  }
}
