package io.dynamobackup.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection.ItemFilter;
import io.dynamobackup.operator.api.v1alpha1.itemrestore.ItemSelection.KeyAttributeValue;
import io.dynamobackup.operator.common.SpecValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DynamoDB's rules for listed keys and filter expressions, each one DynamoDB would refuse the call for. */
class ItemRulesTest {
  @Test
  void keyValuesAreNonEmptyValidNumbersOrBase64AndNoKeyIsListedTwice() {
    List<Map<String, KeyAttributeValue>> keys = List.of(
        key("o-1", "1"),
        key("", "1.5e3"),
        key("o-2", "12345678901234567890123456789012345678901"),
        key("o-3", "1e126"),
        key("o-1", "1.00"),
        Map.of("id", binary("not base64!")),
        Map.of("id", binary("")),
        Map.of("id", KeyAttributeValue.s("x".repeat(2049))));
    SpecValidation v = new SpecValidation();
    ItemRules.keys(v, keys, "spec.items.keys");
    assertThat(v.problems()).containsExactly(
        "spec.items.keys[1].orderId.S: a key attribute cannot be an empty string",
        "spec.items.keys[2].n.N: a number has at most 38 significant digits",
        "spec.items.keys[3].n.N: a number's magnitude is 1E-130 to 9.9999999999999999999999999999999999999E+125",
        "spec.items.keys[4]: the same key as spec.items.keys[0]: DynamoDB refuses a batch that names an item twice",
        "spec.items.keys[5].id.B: is not base64",
        "spec.items.keys[6].id.B: a key attribute cannot be empty binary",
        "spec.items.keys[7].id.S: a key value is at most 2048 bytes");
  }

  @Test
  void atMostTenKeyProblemsAreWordedTheRestCounted() {
    List<Map<String, KeyAttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      keys.add(key("", String.valueOf(i)));
    }
    SpecValidation v = new SpecValidation();
    ItemRules.keys(v, keys, "spec.items.keys");
    assertThat(v.problems()).hasSize(11).last().isEqualTo("spec.items.keys: 3 more problems of listed keys");
  }

  @Test
  void placeholdersAreWellFormedDefinedAndUsedAndValuesAreDynamoDbJson() {
    ItemFilter filter = new ItemFilter();
    filter.expression = "#s = :paid AND #t > :missing";
    filter.names = new LinkedHashMap<>(Map.of("#s", "status", "#unused", "x", "status", "y"));
    filter.values = new LinkedHashMap<>();
    filter.values.put(":paid", JsonNodeFactory.instance.objectNode().put("STRING", "PAID"));
    filter.values.put(":extra", JsonNodeFactory.instance.objectNode().put("N", "1"));
    SpecValidation v = new SpecValidation();
    ItemRules.filter(v, filter, "spec.items.filter");
    assertThat(v.problems()).containsExactlyInAnyOrder(
        "spec.items.filter.names.status: a name placeholder is # followed by letters, digits or '_'",
        "spec.items.filter.values.:paid: must be one DynamoDB JSON value such as {S: text} or {\"N\": \"42\"}",
        "spec.items.filter.names: #t is used in the expression but not defined",
        "spec.items.filter.values: :missing is used in the expression but not defined",
        "spec.items.filter.names.#unused: is not used in the expression, and DynamoDB refuses unused placeholders",
        "spec.items.filter.names.status: is not used in the expression, and DynamoDB refuses unused placeholders",
        "spec.items.filter.values.:extra: is not used in the expression, and DynamoDB refuses unused placeholders");

    filter.expression = "#s = :paid OR " + "attribute_exists(a) OR ".repeat(200) + "attribute_exists(b)";
    filter.names = Map.of("#s", "status");
    filter.values = Map.of(":paid", JsonNodeFactory.instance.objectNode().put("S", "PAID"));
    v = new SpecValidation();
    ItemRules.filter(v, filter, "spec.items.filter");
    assertThat(v.problems()).containsExactly("spec.items.filter.expression: an expression is at most 4096 bytes");
  }

  @Test
  void aNumberTypeThatKubectlReadAsFalseIsExplained() {
    ItemFilter filter = new ItemFilter();
    filter.expression = "amount >= :big";
    // {N: "495"} as kubectl sends it: YAML 1.1 reads the plain key N as the boolean false.
    filter.values = Map.of(":big", JsonNodeFactory.instance.objectNode().put("false", "495"));
    SpecValidation v = new SpecValidation();
    ItemRules.filter(v, filter, "spec.items.filter");
    assertThat(v.problems()).containsExactly("spec.items.filter.values.:big: must be one DynamoDB JSON value such as"
        + " {S: text} or {\"N\": \"42\"} (kubectl's YAML reads an unquoted N as false: write \"N\")");
  }

  @Test
  void numbersFollowDynamoDbsPrecisionAndRange() {
    assertThat(ItemRules.numberProblem("0")).isNull();
    assertThat(ItemRules.numberProblem("-9.9999999999999999999999999999999999999E+125")).isNull();
    assertThat(ItemRules.numberProblem("1E-130")).isNull();
    assertThat(ItemRules.numberProblem("1E-131")).isNotNull();
    assertThat(ItemRules.numberProblem("12a")).isEqualTo("'12a' is not a number");
  }

  private static Map<String, KeyAttributeValue> key(String orderId, String n) {
    Map<String, KeyAttributeValue> key = new LinkedHashMap<>();
    key.put("orderId", KeyAttributeValue.s(orderId));
    key.put("n", KeyAttributeValue.n(n));
    return key;
  }

  private static KeyAttributeValue binary(String base64) {
    KeyAttributeValue value = new KeyAttributeValue();
    value.B = base64;
    return value;
  }
}
