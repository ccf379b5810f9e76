package io.dynamobackup.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** JSON helpers shared by the API server extensions. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Json() {
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? MAPPER.missingNode() : MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "BadRequest", "invalid JSON: " + e.getOriginalMessage());
    }
  }

  /** YAML is a superset of JSON: server-side apply bodies may be either. */
  static JsonNode parseYaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "BadRequest", "invalid YAML: " + e.getOriginalMessage());
    }
  }

  /** Every document of a multi-document YAML stream (empty documents skipped). */
  static java.util.List<JsonNode> parseYamlDocuments(String text) {
    try (com.fasterxml.jackson.core.JsonParser parser = YAML.getFactory().createParser(text)) {
      java.util.List<JsonNode> documents = new java.util.ArrayList<>();
      for (java.util.Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class); it.hasNext();) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
      return documents;
    } catch (java.io.IOException e) {
      throw new ApiException(400, "BadRequest", "invalid YAML: " + e.getMessage());
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 7386 JSON merge patch. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : object();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }
}
