package io.dynamobackup.operator.api.v1alpha1.itemrestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.operator.api.v1alpha1.SchemaPatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Which items of the restored copy are put back: by primary key, by a filter expression, or all. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.keys), has(self.filter), has(self.all) && self.all].filter(x, x).size() == 1",
    message = "set exactly one of keys, filter or all: true")
@SchemaCustomizer(value = SchemaPatch.class, input = """
    [{"op": "add", "path": "/properties/keys/items/maxProperties", "value": 2},
     {"op": "add", "path": "/properties/keys/items/minProperties", "value": 1}]""")
public class ItemSelection {
  /** Most keys one DynamoItemRestore may list; more belong in a filter, or in several objects. */
  public static final int MAX_KEYS = 10_000;

  @JsonPropertyDescription("Primary keys of the items to put back, in DynamoDB JSON: each key names the table's"
      + " partition key (and sort key) with its type, e.g. {orderId: {S: o-00042}, createdAt: {S: '2026-11-20'}}."
      + " At most 10,000. A key that the restored copy does not hold is counted in status.itemsNotFound. Quote a"
      + " number's type, {\"N\": \"42\"}: kubectl's YAML reads an unquoted N as false.")
  @Size(max = MAX_KEYS)
  public List<Map<String, KeyAttributeValue>> keys;

  @JsonPropertyDescription("A DynamoDB filter expression evaluated on every item of the restored copy (a Scan);"
      + " the matching items are put back.")
  public ItemFilter filter;

  @JsonPropertyDescription("Put back every item of the restored copy.")
  public Boolean all;

  /** One attribute of a primary key: a string, number or binary value, in DynamoDB JSON. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "[has(self.S), has(self.N), has(self.B)].filter(x, x).size() == 1",
      message = "a key attribute is exactly one of S, N or B")
  public static class KeyAttributeValue {
    @JsonPropertyDescription("A string value.")
    public String S;

    @JsonPropertyDescription("A number value, as a string (e.g. \"42\"). Quote the key in YAML, \"N\": kubectl reads"
        + " an unquoted N as false.")
    public String N;

    @JsonPropertyDescription("A binary value, base64-encoded.")
    public String B;

    public static KeyAttributeValue s(String value) {
      KeyAttributeValue v = new KeyAttributeValue();
      v.S = value;
      return v;
    }

    public static KeyAttributeValue n(String value) {
      KeyAttributeValue v = new KeyAttributeValue();
      v.N = value;
      return v;
    }
  }

  /** A filter expression with its placeholders, as in a DynamoDB Scan. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ItemFilter {
    @JsonPropertyDescription("A DynamoDB filter expression, e.g. \"#s = :cancelled AND deletedAt >= :since\"."
        + " Evaluated by DynamoDB on the restored copy, so the live table is never scanned.")
    @Required
    public String expression;

    @JsonPropertyDescription("Placeholders for attribute names in the expression, e.g. {\"#s\": status}.")
    public Map<String, String> names;

    @JsonPropertyDescription("Placeholders for values in the expression, in DynamoDB JSON, e.g."
        + " {\":cancelled\": {S: CANCELLED}, \":min\": {\"N\": \"100\"}} (quote N: kubectl's YAML reads an unquoted N"
        + " as false).")
    public Map<String, JsonNode> values;
  }
}
