package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Server-side printing: {@code meta.k8s.io/v1 Table} responses, which {@code kubectl get} asks for. Custom resources
 * use their CRD's additionalPrinterColumns (JSONPath on the stored object, dates as ages, like the real API server);
 * built-in kinds get the columns kubectl users know.
 */
final class Tables {
  private final Clock clock;

  Tables(Clock clock) {
    this.clock = clock;
  }

  /** Does the Accept header ask for a Table? */
  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  ObjectNode table(ResourceType type, List<JsonNode> objects, String resourceVersion, boolean includeObject) {
    ObjectNode table = Json.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    column(definitions, "Name", "string", "name", "Name must be unique within a namespace.", 0);
    List<Column> columns = columns(type);
    for (Column c : columns) {
      column(definitions, c.name, c.type, c.format, c.description, c.priority);
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(object.path("metadata").path("name").asText());
      for (Column c : columns) {
        cells.add(c.cell(object));
      }
      if (includeObject) {
        row.set("object", object);
      } else {
        ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata"));
      }
    }
    return table;
  }

  private static void column(ArrayNode definitions, String name, String type, String format, String description,
      int priority) {
    definitions.addObject().put("name", name).put("type", type).put("format", format == null ? "" : format)
        .put("description", description == null ? "" : description).put("priority", priority);
  }

  private interface Cell {
    JsonNode of(JsonNode object);
  }

  private record Column(String name, String type, String format, String description, int priority, Cell cell) {
    JsonNode cell(JsonNode object) {
      JsonNode value = cell.of(object);
      return value == null ? NullNode.getInstance() : value;
    }
  }

  private List<Column> columns(ResourceType type) {
    if (type.custom()) {
      if (type.printerColumns() == null || type.printerColumns().isEmpty()) {
        return List.of(age());
      }
      List<Column> columns = new java.util.ArrayList<>();
      for (JsonNode c : type.printerColumns()) {
        String columnType = c.path("type").asText("string");
        String path = c.path("jsonPath").asText();
        columns.add(new Column(c.path("name").asText(), columnType, c.path("format").asText(""),
            c.path("description").asText(""), c.path("priority").asInt(0), o -> jsonPathCell(o, path, columnType)));
      }
      return columns;
    }
    return switch (type.kind()) {
      case "Event" -> List.of(
          new Column("Last Seen", "string", "", "Time since the event was last seen.", 0,
              o -> text(age(first(o, "lastTimestamp", "eventTime", "firstTimestamp", "metadata.creationTimestamp")))),
          new Column("Type", "string", "", "Normal or Warning.", 0, o -> o.path("type")),
          new Column("Reason", "string", "", "Short machine-readable reason.", 0, o -> o.path("reason")),
          new Column("Object", "string", "", "The object the event is about.", 0, o -> text(
              o.path("involvedObject").path("kind").asText().toLowerCase() + "/"
                  + o.path("involvedObject").path("name").asText())),
          new Column("Message", "string", "", "Human-readable description.", 0, o -> o.path("message")),
          new Column("Source", "string", "", "The component that reported it.", 1,
              o -> o.path("source").path("component")),
          new Column("First Seen", "string", "", "Time since the event was first seen.", 1,
              o -> text(age(first(o, "firstTimestamp", "eventTime", "metadata.creationTimestamp")))),
          new Column("Count", "integer", "", "How often it occurred.", 1, o -> o.path("count")),
          new Column("Name", "string", "", "Name of the event.", 1, o -> o.path("metadata").path("name")));
      case "Namespace" -> List.of(new Column("Status", "string", "", "Phase of the namespace.", 0,
          o -> text(o.path("status").path("phase").asText("Active"))), age());
      case "ConfigMap" -> List.of(new Column("Data", "integer", "", "Number of entries.", 0,
          o -> Json.MAPPER.getNodeFactory().numberNode(o.path("data").size() + o.path("binaryData").size())), age());
      case "CustomResourceDefinition" -> List.of(new Column("Created At", "date", "", "Creation time (RFC 3339).", 0,
          o -> o.path("metadata").path("creationTimestamp")));
      case "Lease" -> List.of(new Column("Holder", "string", "", "The current holder.", 0,
          o -> o.path("spec").path("holderIdentity")), age());
      default -> List.of(age());
    };
  }

  private Column age() {
    return new Column("Age", "date", "", "Time since the object was created.", 0,
        o -> text(age(o.path("metadata").path("creationTimestamp").asText(null))));
  }

  private JsonNode jsonPathCell(JsonNode object, String path, String type) {
    List<JsonNode> values;
    try {
      values = JsonPathLite.evaluate(object, path);
    } catch (RuntimeException e) {
      return null;
    }
    if (values.isEmpty()) {
      return null;
    }
    JsonNode value = values.get(0);
    return switch (type) {
      case "date" -> value.isTextual() ? text(age(value.asText())) : null;
      case "integer" -> value.canConvertToLong() ? value : null;
      case "number" -> value.isNumber() ? value : null;
      case "boolean" -> value.isBoolean() ? value : null;
      default -> text(value.isValueNode() ? value.asText() : Json.write(value));
    };
  }

  private static String first(JsonNode object, String... paths) {
    for (String path : paths) {
      JsonNode node = object;
      for (String part : path.split("\\.")) {
        node = node.path(part);
      }
      if (node.isTextual() && !node.asText().isEmpty()) {
        return node.asText();
      }
    }
    return null;
  }

  private static JsonNode text(String text) {
    return text == null ? null : TextNode.valueOf(text);
  }

  /** The age of an RFC 3339 timestamp on the sandbox clock, like kubectl prints it; null when absent. */
  String age(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return humanDuration(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      try {
        return humanDuration(Duration.between(java.time.OffsetDateTime.parse(timestamp).toInstant(), clock.instant()));
      } catch (DateTimeParseException e2) {
        return "<unknown>";
      }
    }
  }

  /** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
