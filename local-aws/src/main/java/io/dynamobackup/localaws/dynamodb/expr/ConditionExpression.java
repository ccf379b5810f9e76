package io.dynamobackup.localaws.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.dynamodb.AttributeValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed condition / filter / key-condition expression: comparisons, BETWEEN, IN, AND, OR,
 * NOT, parentheses and the functions attribute_exists, attribute_not_exists, attribute_type,
 * begins_with, contains and size.
 */
public final class ConditionExpression {
  private final Node root;
  private final Set<String> topLevelAttributes = new HashSet<>();

  private interface Node {
    boolean test(ObjectNode item);
  }

  private ConditionExpression(String expression, JsonNode names, JsonNode values) {
    Lexer lx = new Lexer(expression, names, values);
    this.root = or(lx);
    if (!lx.atEnd()) {
      throw lx.syntax("unexpected token");
    }
  }

  public static ConditionExpression parse(String expression, JsonNode names, JsonNode values) {
    if (expression == null || expression.isBlank()) {
      throw ApiException.validation("Invalid expression: The expression can not be empty;");
    }
    return new ConditionExpression(expression, names, values);
  }

  public boolean test(ObjectNode item) {
    return root.test(item == null ? Json.object() : item);
  }

  /** Names of the top-level attributes the expression refers to. */
  public Set<String> attributes() {
    return topLevelAttributes;
  }

  private Node or(Lexer lx) {
    Node left = and(lx);
    while (lx.acceptWord("OR")) {
      Node l = left;
      Node r = and(lx);
      left = item -> l.test(item) || r.test(item);
    }
    return left;
  }

  private Node and(Lexer lx) {
    Node left = not(lx);
    while (lx.acceptWord("AND")) {
      Node l = left;
      Node r = not(lx);
      left = item -> l.test(item) && r.test(item);
    }
    return left;
  }

  private Node not(Lexer lx) {
    if (lx.acceptWord("NOT")) {
      Node inner = not(lx);
      return item -> !inner.test(item);
    }
    return primary(lx);
  }

  private Node primary(Lexer lx) {
    if (lx.acceptSymbol("(")) {
      Node inner = or(lx);
      lx.expectSymbol(")");
      return inner;
    }
    Lexer.Token t = lx.peek();
    if (t.kind() == Lexer.Kind.WORD && !t.text().equalsIgnoreCase("size")) {
      String fn = t.text().toLowerCase();
      switch (fn) {
        case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains" -> {
          lx.next();
          return function(fn, lx);
        }
        default -> { }
      }
    }
    Function<ObjectNode, JsonNode> left = operand(lx);
    if (lx.acceptWord("BETWEEN")) {
      Function<ObjectNode, JsonNode> lo = operand(lx);
      if (!lx.acceptWord("AND")) {
        throw lx.syntax("expected AND in BETWEEN");
      }
      Function<ObjectNode, JsonNode> hi = operand(lx);
      return item -> {
        JsonNode v = left.apply(item);
        return comparable(v, lo.apply(item)) && comparable(v, hi.apply(item))
            && AttributeValues.compare(v, lo.apply(item)) >= 0 && AttributeValues.compare(v, hi.apply(item)) <= 0;
      };
    }
    if (lx.acceptWord("IN")) {
      lx.expectSymbol("(");
      List<Function<ObjectNode, JsonNode>> options = new ArrayList<>();
      do {
        options.add(operand(lx));
      } while (lx.acceptSymbol(","));
      lx.expectSymbol(")");
      return item -> {
        JsonNode v = left.apply(item);
        return v != null && options.stream().anyMatch(o -> AttributeValues.valueEquals(v, o.apply(item)));
      };
    }
    Lexer.Token op = lx.next();
    if (op.kind() != Lexer.Kind.SYMBOL) {
      throw lx.syntax("expected a comparator");
    }
    Function<ObjectNode, JsonNode> right = operand(lx);
    switch (op.text()) {
      case "=":
        return item -> {
          JsonNode a = left.apply(item);
          JsonNode b = right.apply(item);
          return a != null && b != null && AttributeValues.valueEquals(a, b);
        };
      case "<>":
        return item -> {
          JsonNode a = left.apply(item);
          JsonNode b = right.apply(item);
          return a == null || b == null || !AttributeValues.valueEquals(a, b);
        };
      case "<", "<=", ">", ">=": {
        String o = op.text();
        return item -> {
          JsonNode a = left.apply(item);
          JsonNode b = right.apply(item);
          if (!comparable(a, b)) {
            return false;
          }
          int c = AttributeValues.compare(a, b);
          return switch (o) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
          };
        };
      }
      default:
        throw lx.syntax("unknown comparator " + op.text());
    }
  }

  private static boolean comparable(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return false;
    }
    String ta = AttributeValues.type(a);
    return ta.equals(AttributeValues.type(b)) && (ta.equals("S") || ta.equals("N") || ta.equals("B"));
  }

  private Node function(String fn, Lexer lx) {
    lx.expectSymbol("(");
    List<Object> path = lx.path();
    topLevelAttributes.add((String) path.get(0));
    Function<ObjectNode, JsonNode> arg = null;
    if (lx.acceptSymbol(",")) {
      arg = operand(lx);
    }
    lx.expectSymbol(")");
    Function<ObjectNode, JsonNode> a = arg;
    switch (fn) {
      case "attribute_exists":
        return item -> Paths.get(item, path) != null;
      case "attribute_not_exists":
        return item -> Paths.get(item, path) == null;
      case "attribute_type":
        requireArg(a, fn);
        return item -> {
          JsonNode v = Paths.get(item, path);
          return v != null && AttributeValues.type(v).equals(a.apply(item).path("S").asText());
        };
      case "begins_with":
        requireArg(a, fn);
        return item -> {
          JsonNode v = Paths.get(item, path);
          JsonNode p = a.apply(item);
          if (v == null || p == null) {
            return false;
          }
          if (v.has("S") && p.has("S")) {
            return v.get("S").asText().startsWith(p.get("S").asText());
          }
          return v.has("B") && p.has("B") && v.get("B").asText().startsWith(p.get("B").asText());
        };
      default: // contains
        requireArg(a, fn);
        return item -> {
          JsonNode v = Paths.get(item, path);
          JsonNode x = a.apply(item);
          if (v == null || x == null) {
            return false;
          }
          if (v.has("S") && x.has("S")) {
            return v.get("S").asText().contains(x.get("S").asText());
          }
          for (String setType : new String[] {"SS", "NS", "BS"}) {
            if (v.has(setType)) {
              String member = x.elements().next().asText();
              for (JsonNode m : v.get(setType)) {
                if (m.asText().equals(member)) {
                  return true;
                }
              }
              return false;
            }
          }
          if (v.has("L")) {
            for (JsonNode m : v.get("L")) {
              if (AttributeValues.valueEquals(m, x)) {
                return true;
              }
            }
          }
          return false;
        };
    }
  }

  private static void requireArg(Object arg, String fn) {
    if (arg == null) {
      throw ApiException.validation("Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: " + fn);
    }
  }

  private Function<ObjectNode, JsonNode> operand(Lexer lx) {
    Lexer.Token t = lx.peek();
    if (t.kind() == Lexer.Kind.VALUE) {
      lx.next();
      JsonNode v = lx.resolveValue(t.text());
      return item -> v;
    }
    if (t.kind() == Lexer.Kind.WORD && t.text().equalsIgnoreCase("size")) {
      lx.next();
      lx.expectSymbol("(");
      List<Object> path = lx.path();
      lx.expectSymbol(")");
      topLevelAttributes.add((String) path.get(0));
      return item -> {
        JsonNode v = Paths.get(item, path);
        if (v == null) {
          return null;
        }
        JsonNode inner = v.elements().next();
        long size = inner.isTextual() ? inner.asText().length() : inner.size();
        return Json.object().put("N", Long.toString(size));
      };
    }
    List<Object> path = lx.path();
    topLevelAttributes.add((String) path.get(0));
    return item -> Paths.get(item, path);
  }
}
