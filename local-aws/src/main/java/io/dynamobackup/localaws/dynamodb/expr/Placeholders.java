package io.dynamobackup.localaws.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What DynamoDB checks of a request's expressions as a whole, before evaluating any: each expression at most 4 KB;
 * placeholder keys well formed ({@code #name}, {@code :value}); every ExpressionAttributeNames and
 * ExpressionAttributeValues entry used by one of the request's expressions (an unused one is refused).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html;
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html;
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters
 */
public final class Placeholders {
  /** The expression members of the item operations, in the order DynamoDB reports them. */
  private static final List<String> EXPRESSIONS = List.of("KeyConditionExpression", "FilterExpression",
      "ConditionExpression", "UpdateExpression", "ProjectionExpression");
  private static final int MAX_EXPRESSION_BYTES = 4096;
  private static final Pattern NAME = Pattern.compile("#[A-Za-z0-9_]+");
  private static final Pattern VALUE = Pattern.compile(":[A-Za-z0-9_]+");

  private Placeholders() {}

  public static void check(Request r) {
    StringBuilder all = new StringBuilder();
    for (String member : EXPRESSIONS) {
      String expression = r.text(member);
      if (expression == null) {
        continue;
      }
      int size = expression.getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_EXPRESSION_BYTES) {
        throw ApiException.validation("Invalid " + member + ": Expression size has exceeded the maximum allowed size;"
            + " expression size: " + size);
      }
      all.append(expression).append(' ');
    }
    check(r.node("ExpressionAttributeNames"), "ExpressionAttributeNames", NAME, all.toString());
    check(r.node("ExpressionAttributeValues"), "ExpressionAttributeValues", VALUE, all.toString());
  }

  private static void check(JsonNode placeholders, String member, Pattern pattern, String expressions) {
    if (placeholders == null || !placeholders.isObject()) {
      return;
    }
    Set<String> used = new TreeSet<>();
    Matcher m = pattern.matcher(expressions);
    while (m.find()) {
      used.add(m.group());
    }
    Set<String> unused = new TreeSet<>();
    for (Iterator<String> keys = placeholders.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!pattern.matcher(key).matches()) {
        throw ApiException.validation(member + " contains invalid key: Syntax error; key: \"" + key + "\"");
      }
      if (!used.contains(key)) {
        unused.add(key);
      }
    }
    if (!unused.isEmpty()) {
      throw ApiException.validation("Value provided in " + member + " unused in expressions: keys: {"
          + String.join(", ", unused) + "}");
    }
  }
}
