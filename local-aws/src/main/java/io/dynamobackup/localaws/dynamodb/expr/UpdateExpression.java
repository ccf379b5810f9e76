package io.dynamobackup.localaws.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.dynamodb.AttributeValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A parsed UpdateExpression: {@code SET a = :v, b = b + :n, c = if_not_exists(c, :z),
 * d = list_append(d, :l)}, {@code REMOVE x, y}, {@code ADD n :one}, {@code DELETE s :members}.
 */
public final class UpdateExpression {
  private final List<Consumer<ObjectNode>> actions = new ArrayList<>();
  private final Set<String> touched = new LinkedHashSet<>();

  private UpdateExpression(String expression, JsonNode names, JsonNode values) {
    Lexer lx = new Lexer(expression, names, values);
    if (lx.atEnd()) {
      throw ApiException.validation("Invalid UpdateExpression: The expression can not be empty;");
    }
    while (!lx.atEnd()) {
      if (lx.acceptWord("SET")) {
        do {
          set(lx);
        } while (lx.acceptSymbol(","));
      } else if (lx.acceptWord("REMOVE")) {
        do {
          List<Object> path = track(lx.path());
          actions.add(item -> Paths.remove(item, path));
        } while (lx.acceptSymbol(","));
      } else if (lx.acceptWord("ADD")) {
        do {
          add(lx, false);
        } while (lx.acceptSymbol(","));
      } else if (lx.acceptWord("DELETE")) {
        do {
          add(lx, true);
        } while (lx.acceptSymbol(","));
      } else {
        throw lx.syntax("expected SET, REMOVE, ADD or DELETE");
      }
    }
  }

  public static UpdateExpression parse(String expression, JsonNode names, JsonNode values) {
    return new UpdateExpression(expression == null ? "" : expression, names, values);
  }

  /** Applies the update to a mutable copy of the item. */
  public void apply(ObjectNode item) {
    actions.forEach(a -> a.accept(item));
  }

  /** Top-level attribute names that the update writes or removes. */
  public Set<String> touchedAttributes() {
    return touched;
  }

  private List<Object> track(List<Object> path) {
    touched.add((String) path.get(0));
    return path;
  }

  private void set(Lexer lx) {
    List<Object> path = track(lx.path());
    lx.expectSymbol("=");
    Function<ObjectNode, JsonNode> value = value(lx);
    actions.add(item -> {
      JsonNode v = value.apply(item);
      if (v == null) {
        throw ApiException.validation("The provided expression refers to an attribute that does not exist in the item");
      }
      Paths.set(item, path, v.deepCopy());
    });
  }

  private Function<ObjectNode, JsonNode> value(Lexer lx) {
    Function<ObjectNode, JsonNode> left = operand(lx);
    if (lx.peekSymbol("+") || lx.peekSymbol("-")) {
      boolean plus = lx.next().text().equals("+");
      Function<ObjectNode, JsonNode> right = operand(lx);
      return item -> {
        JsonNode a = left.apply(item);
        JsonNode b = right.apply(item);
        if (a == null || b == null || !a.has("N") || !b.has("N")) {
          throw ApiException.validation("An operand in the update expression has an incorrect data type");
        }
        BigDecimal x = new BigDecimal(a.get("N").asText());
        BigDecimal y = new BigDecimal(b.get("N").asText());
        return number(plus ? x.add(y) : x.subtract(y));
      };
    }
    return left;
  }

  private Function<ObjectNode, JsonNode> operand(Lexer lx) {
    Lexer.Token t = lx.peek();
    if (t.kind() == Lexer.Kind.VALUE) {
      lx.next();
      JsonNode v = lx.resolveValue(t.text());
      return item -> v;
    }
    if (t.kind() == Lexer.Kind.WORD && t.text().equalsIgnoreCase("if_not_exists")) {
      lx.next();
      lx.expectSymbol("(");
      List<Object> path = lx.path();
      lx.expectSymbol(",");
      Function<ObjectNode, JsonNode> fallback = value(lx);
      lx.expectSymbol(")");
      return item -> {
        JsonNode existing = Paths.get(item, path);
        return existing != null ? existing : fallback.apply(item);
      };
    }
    if (t.kind() == Lexer.Kind.WORD && t.text().equalsIgnoreCase("list_append")) {
      lx.next();
      lx.expectSymbol("(");
      Function<ObjectNode, JsonNode> a = value(lx);
      lx.expectSymbol(",");
      Function<ObjectNode, JsonNode> b = value(lx);
      lx.expectSymbol(")");
      return item -> {
        JsonNode x = a.apply(item);
        JsonNode y = b.apply(item);
        if (x == null || y == null || !x.has("L") || !y.has("L")) {
          throw ApiException.validation("An operand in the update expression has an incorrect data type");
        }
        ArrayNode out = Json.array();
        out.addAll((ArrayNode) x.get("L").deepCopy());
        out.addAll((ArrayNode) y.get("L").deepCopy());
        ObjectNode l = Json.object();
        l.set("L", out);
        return l;
      };
    }
    List<Object> path = lx.path();
    return item -> Paths.get(item, path);
  }

  private void add(Lexer lx, boolean delete) {
    List<Object> path = track(lx.path());
    Lexer.Token t = lx.next();
    if (t.kind() != Lexer.Kind.VALUE) {
      throw lx.syntax("expected a value");
    }
    JsonNode v = lx.resolveValue(t.text());
    actions.add(item -> {
      JsonNode existing = Paths.get(item, path);
      String type = AttributeValues.type(v);
      if (!delete && "N".equals(type)) {
        BigDecimal base = existing == null ? BigDecimal.ZERO : new BigDecimal(existing.path("N").asText("0"));
        Paths.set(item, path, number(base.add(new BigDecimal(v.get("N").asText()))));
        return;
      }
      if (!type.endsWith("S") || type.equals("S")) {
        throw ApiException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: " + (delete ? "DELETE" : "ADD") + ", operand type: " + type);
      }
      Set<String> members = new LinkedHashSet<>();
      if (existing != null && existing.has(type)) {
        existing.get(type).forEach(m -> members.add(m.asText()));
      }
      v.get(type).forEach(m -> {
        if (delete) {
          members.remove(m.asText());
        } else {
          members.add(m.asText());
        }
      });
      if (members.isEmpty()) {
        Paths.remove(item, path);
      } else {
        ObjectNode set = Json.object();
        ArrayNode arr = set.putArray(type);
        members.forEach(arr::add);
        Paths.set(item, path, set);
      }
    });
  }

  private static JsonNode number(BigDecimal n) {
    return Json.object().put("N", n.stripTrailingZeros().toPlainString());
  }
}
