package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field ownership as server-side apply tracks it in {@code metadata.managedFields}: one entry per (field manager,
 * operation {@code Apply}/{@code Update}, subresource) with the set of fields it owns ({@code FieldsV1}). Leaves are
 * owned; lists are atomic except {@code metadata.finalizers}, a set whose items are owned one by one; of metadata only
 * labels, annotations, finalizers and ownerReferences are owned. An apply whose fields another manager owns with a
 * different value is a conflict ({@code 409}) unless forced, which moves the fields to the applier; fields a manager
 * applied before and no longer applies are removed unless another manager owns them. Any other write moves the fields
 * it changes to its manager (operation {@code Update}).
 */
final class ManagedFields {
  private static final char SEP = '\u0000';

  /** One managedFields entry. */
  static final class Entry {
    final String manager;
    final String operation;
    final String subresource;
    String apiVersion;
    String time;
    Set<String> fields;

    Entry(String manager, String operation, String subresource, String apiVersion, String time, Set<String> fields) {
      this.manager = manager;
      this.operation = operation;
      this.subresource = subresource == null ? "" : subresource;
      this.apiVersion = apiVersion;
      this.time = time;
      this.fields = fields;
    }

    boolean is(String manager, String operation, String subresource) {
      return this.manager.equals(manager) && this.operation.equals(operation)
          && this.subresource.equals(subresource == null ? "" : subresource);
    }
  }

  /** A conflict of an apply: the other manager and the field path as kubectl prints it. */
  record Conflict(String manager, String field) {
  }

  private ManagedFields() {
  }

  // ---- field sets

  /**
   * The fields of {@code object} within a write's scope: for a {@code status} subresource only {@code status}; for the
   * main resource of a type with a status subresource everything but {@code status}.
   */
  static Set<String> fieldsOf(JsonNode object, String subresource, boolean statusSubresource) {
    Set<String> fields = new TreeSet<>();
    object.fields().forEachRemaining(f -> {
      String name = f.getKey();
      if (!inScope(name, subresource, statusSubresource) || name.equals("apiVersion") || name.equals("kind")) {
        return;
      }
      if (name.equals("metadata")) {
        metadata(f.getValue(), fields);
      } else {
        collect(f.getValue(), "f:" + name, fields);
      }
    });
    return fields;
  }

  private static boolean inScope(String topLevel, String subresource, boolean statusSubresource) {
    if ("status".equals(subresource)) {
      return topLevel.equals("status");
    }
    return !(statusSubresource && topLevel.equals("status"));
  }

  private static void metadata(JsonNode metadata, Set<String> fields) {
    for (String map : List.of("labels", "annotations")) {
      metadata.path(map).fieldNames().forEachRemaining(key -> fields.add("f:metadata" + SEP + "f:" + map + SEP + "f:"
          + key));
    }
    metadata.path("finalizers").forEach(v -> fields.add("f:metadata" + SEP + "f:finalizers" + SEP + "v:" + v));
    if (metadata.path("ownerReferences").size() > 0) {
      fields.add("f:metadata" + SEP + "f:ownerReferences");
    }
  }

  private static void collect(JsonNode node, String path, Set<String> fields) {
    if (node.isObject() && node.size() > 0) {
      node.fields().forEachRemaining(f -> collect(f.getValue(), path + SEP + "f:" + f.getKey(), fields));
    } else {
      fields.add(path);
    }
  }

  /** The value at a field path; null when absent. */
  static JsonNode valueAt(JsonNode object, String path) {
    JsonNode node = object;
    for (String segment : path.split(String.valueOf(SEP))) {
      if (segment.startsWith("v:")) {
        JsonNode wanted = Json.parse(segment.substring(2));
        for (JsonNode item : node) {
          if (item.equals(wanted)) {
            return item;
          }
        }
        return null;
      }
      node = node.get(segment.substring(2));
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static void remove(ObjectNode object, String path) {
    String[] segments = path.split(String.valueOf(SEP));
    JsonNode node = object;
    for (int i = 0; i < segments.length - 1; i++) {
      node = node.get(segments[i].substring(2));
      if (node == null) {
        return;
      }
    }
    String last = segments[segments.length - 1];
    if (last.startsWith("v:") && node instanceof ArrayNode array) {
      JsonNode wanted = Json.parse(last.substring(2));
      for (Iterator<JsonNode> it = array.elements(); it.hasNext();) {
        if (it.next().equals(wanted)) {
          it.remove();
        }
      }
    } else if (node instanceof ObjectNode parent) {
      parent.remove(last.substring(2));
    }
  }

  /** A field path as kubectl prints it in conflicts: {@code .spec.table.name}. */
  static String display(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split(String.valueOf(SEP))) {
      out.append(segment.startsWith("v:") ? "[" + segment.substring(2) + "]" : "." + segment.substring(2));
    }
    return out.toString();
  }

  // ---- managedFields (de)serialization

  static List<Entry> read(JsonNode object) {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode e : object.path("metadata").path("managedFields")) {
      Set<String> fields = new TreeSet<>();
      flatten(e.path("fieldsV1"), "", fields);
      entries.add(new Entry(e.path("manager").asText(""), e.path("operation").asText("Update"),
          e.path("subresource").asText(""), e.path("apiVersion").asText(null), e.path("time").asText(null), fields));
    }
    return entries;
  }

  private static void flatten(JsonNode node, String prefix, Set<String> fields) {
    boolean leaf = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> child = it.next();
      if (child.getKey().equals(".")) {
        continue;
      }
      leaf = false;
      flatten(child.getValue(), prefix.isEmpty() ? child.getKey() : prefix + SEP + child.getKey(), fields);
    }
    if (leaf && !prefix.isEmpty()) {
      fields.add(prefix);
    }
  }

  static void write(ObjectNode object, List<Entry> entries) {
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    List<Entry> kept = entries.stream().filter(e -> !e.fields.isEmpty()).toList();
    if (kept.isEmpty()) {
      metadata.remove("managedFields");
      return;
    }
    ArrayNode array = metadata.putArray("managedFields");
    for (Entry e : kept) {
      ObjectNode entry = array.addObject().put("manager", e.manager).put("operation", e.operation);
      if (e.apiVersion != null) {
        entry.put("apiVersion", e.apiVersion);
      }
      if (e.time != null) {
        entry.put("time", e.time);
      }
      entry.put("fieldsType", "FieldsV1");
      ObjectNode fields = entry.putObject("fieldsV1");
      for (String path : e.fields) {
        ObjectNode node = fields;
        for (String segment : path.split(String.valueOf(SEP))) {
          node = node.has(segment) ? (ObjectNode) node.get(segment) : node.putObject(segment);
        }
      }
      if (!e.subresource.isEmpty()) {
        entry.put("subresource", e.subresource);
      }
    }
  }

  // ---- operations

  /**
   * Applies {@code applied} as {@code manager} to {@code live} (null: the object does not exist yet) and returns the
   * new object, its managedFields updated.
   *
   * @throws ApiException 409 Conflict when another manager owns an applied field with a different value and
   *                      {@code force} is false
   */
  static ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode applied, String manager, String subresource,
      boolean force, String now) {
    boolean statusSubresource = type.statusSubresource();
    ObjectNode base = live == null ? Json.object() : live.deepCopy();
    List<Entry> entries = live == null ? new ArrayList<>() : read(live);
    Set<String> appliedFields = fieldsOf(applied, subresource, statusSubresource);
    Map<Entry, Set<String>> conflicts = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.is(manager, "Apply", subresource)) {
        continue;
      }
      for (String path : e.fields) {
        if (appliedFields.contains(path) && !Objects.equals(valueAt(base, path), valueAt(applied, path))) {
          conflicts.computeIfAbsent(e, k -> new LinkedHashSet<>()).add(path);
        }
      }
    }
    if (!conflicts.isEmpty()) {
      if (!force) {
        throw conflict(type, applied.path("metadata").path("name").asText(), conflicts);
      }
      conflicts.forEach((e, paths) -> e.fields.removeAll(paths));
    }
    Entry mine = entries.stream().filter(e -> e.is(manager, "Apply", subresource)).findFirst().orElse(null);
    if (mine != null) {
      Set<String> othersOwn = new TreeSet<>();
      entries.stream().filter(e -> e != mine).forEach(e -> othersOwn.addAll(e.fields));
      for (String path : mine.fields) {
        if (!appliedFields.contains(path) && !othersOwn.contains(path)) {
          remove(base, path);
        }
      }
    }
    merge(base, applied, subresource, statusSubresource, true);
    Set<String> previous = mine == null ? Set.of() : mine.fields;
    if (mine == null) {
      entries.add(new Entry(manager, "Apply", subresource, applied.path("apiVersion").asText(null), now,
          appliedFields));
    } else if (!previous.equals(appliedFields) || conflicts.size() > 0) {
      mine.fields = appliedFields;
      mine.time = now;
    }
    write(base, entries);
    return base;
  }

  /** Records a non-apply write of {@code manager}: it owns what it changed, the others lose it. */
  static void recordUpdate(ResourceType type, JsonNode old, ObjectNode updated, String manager, String subresource,
      String now) {
    boolean statusSubresource = type.statusSubresource();
    List<Entry> entries = old == null ? new ArrayList<>() : read(old);
    Set<String> after = fieldsOf(updated, subresource, statusSubresource);
    Set<String> changed = new TreeSet<>();
    if (old == null) {
      changed.addAll(after);
    } else {
      Set<String> before = fieldsOf(old, subresource, statusSubresource);
      Set<String> all = new TreeSet<>(before);
      all.addAll(after);
      for (String path : all) {
        if (!Objects.equals(valueAt(old, path), valueAt(updated, path))) {
          changed.add(path);
        }
      }
    }
    if (changed.isEmpty()) {
      write(updated, entries);
      return;
    }
    Entry mine = entries.stream().filter(e -> e.is(manager, "Update", subresource)).findFirst().orElse(null);
    for (Entry e : entries) {
      if (e != mine) {
        e.fields.removeAll(changed);
      }
    }
    Set<String> owned = new TreeSet<>(changed);
    owned.retainAll(after);
    if (mine == null) {
      if (!owned.isEmpty()) {
        entries.add(new Entry(manager, "Update", subresource, updated.path("apiVersion").asText(null), now, owned));
      }
    } else {
      mine.fields.removeIf(p -> changed.contains(p) && !owned.contains(p));
      mine.fields.addAll(owned);
      mine.time = now;
    }
    write(updated, entries);
  }

  /**
   * Merges an applied configuration into {@code target} within the write's scope: objects field by field, lists
   * replaced, except the finalizers set, to which the applied finalizers are added.
   */
  private static void merge(ObjectNode target, ObjectNode applied, String subresource, boolean statusSubresource,
      boolean root) {
    applied.fields().forEachRemaining(f -> {
      String name = f.getKey();
      if (root && !inScope(name, subresource, statusSubresource)) {
        return;
      }
      JsonNode value = f.getValue();
      if (root && name.equals("metadata")) {
        ObjectNode metadata = target.has("metadata") ? (ObjectNode) target.get("metadata") : target.putObject("metadata");
        mergeMetadata(metadata, value);
      } else if (value.isObject() && target.get(name) instanceof ObjectNode existing) {
        merge(existing, (ObjectNode) value, subresource, statusSubresource, false);
      } else if (value.isNull()) {
        target.remove(name);
      } else {
        target.set(name, value.deepCopy());
      }
    });
  }

  private static void mergeMetadata(ObjectNode metadata, JsonNode applied) {
    for (String field : List.of("name", "namespace", "generateName")) {
      if (applied.has(field) && !metadata.has(field)) {
        metadata.set(field, applied.get(field));
      }
    }
    for (String map : List.of("labels", "annotations")) {
      if (applied.path(map).isObject() && applied.path(map).size() > 0) {
        ObjectNode target = metadata.has(map) ? (ObjectNode) metadata.get(map) : metadata.putObject(map);
        applied.get(map).fields().forEachRemaining(f -> target.set(f.getKey(), f.getValue()));
      }
    }
    if (applied.path("finalizers").size() > 0) {
      ArrayNode finalizers = metadata.has("finalizers") ? (ArrayNode) metadata.get("finalizers")
          : metadata.putArray("finalizers");
      for (JsonNode f : applied.get("finalizers")) {
        boolean present = false;
        for (JsonNode existing : finalizers) {
          present |= existing.equals(f);
        }
        if (!present) {
          finalizers.add(f);
        }
      }
    }
    if (applied.path("ownerReferences").size() > 0) {
      metadata.set("ownerReferences", applied.get("ownerReferences").deepCopy());
    }
    for (String map : List.of("labels", "annotations", "finalizers")) {
      if (metadata.has(map) && metadata.get(map).isEmpty()) {
        metadata.remove(map);
      }
    }
  }

  private static ApiException conflict(ResourceType type, String name, Map<Entry, Set<String>> conflicts) {
    List<Conflict> list = new ArrayList<>();
    conflicts.forEach((e, paths) -> paths.forEach(p -> list.add(new Conflict(e.manager, display(p)))));
    StringBuilder message = new StringBuilder("Apply failed with " + list.size() + " conflict"
        + (list.size() == 1 ? "" : "s") + ": ");
    if (list.size() == 1) {
      message.append("conflict with \"").append(list.get(0).manager()).append("\": ").append(list.get(0).field());
    } else {
      message.append(String.join("\n", list.stream().map(c -> "conflict with \"" + c.manager() + "\": " + c.field())
          .toList()));
    }
    ObjectNode details = Json.object().put("name", name).put("group", type.group()).put("kind", type.plural());
    ArrayNode causes = details.putArray("causes");
    list.forEach(c -> causes.addObject().put("reason", "FieldManagerConflict")
        .put("message", "conflict with \"" + c.manager() + "\"").put("field", c.field()));
    return new ApiException(409, "Conflict", message.toString(), details);
  }
}
