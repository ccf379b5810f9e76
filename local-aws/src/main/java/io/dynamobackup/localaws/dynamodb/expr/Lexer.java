package io.dynamobackup.localaws.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamobackup.localaws.core.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizer and cursor for DynamoDB expressions. Resolves {@code #name} and {@code :value}
 * placeholders against ExpressionAttributeNames / ExpressionAttributeValues.
 */
final class Lexer {
  enum Kind { WORD, NAME, VALUE, NUMBER, SYMBOL, END }

  record Token(Kind kind, String text) {}

  private final List<Token> tokens = new ArrayList<>();
  private final JsonNode names;
  private final JsonNode values;
  private int pos;

  Lexer(String expression, JsonNode names, JsonNode values) {
    this.names = names;
    this.values = values;
    tokenize(expression);
  }

  private void tokenize(String s) {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#' || c == ':' || Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '-')) {
          j++;
        }
        Kind kind = c == '#' ? Kind.NAME : c == ':' ? Kind.VALUE : Kind.WORD;
        tokens.add(new Token(kind, s.substring(i, j)));
        i = j;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
          j++;
        }
        tokens.add(new Token(Kind.NUMBER, s.substring(i, j)));
        i = j;
      } else if ((c == '<' || c == '>') && i + 1 < s.length() && (s.charAt(i + 1) == '=' || (c == '<' && s.charAt(i + 1) == '>'))) {
        tokens.add(new Token(Kind.SYMBOL, s.substring(i, i + 2)));
        i += 2;
      } else if ("()[],.=<>+-".indexOf(c) >= 0) {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
        i++;
      } else {
        throw ApiException.validation("Invalid expression: Syntax error; token: \"" + c + "\", near: \"" + s + "\"");
      }
    }
    tokens.add(new Token(Kind.END, ""));
  }

  Token peek() {
    return tokens.get(pos);
  }

  Token next() {
    return tokens.get(pos++);
  }

  boolean atEnd() {
    return peek().kind() == Kind.END;
  }

  boolean peekSymbol(String sym) {
    return peek().kind() == Kind.SYMBOL && peek().text().equals(sym);
  }

  boolean peekWord(String word) {
    return peek().kind() == Kind.WORD && peek().text().equalsIgnoreCase(word);
  }

  boolean acceptSymbol(String sym) {
    if (peekSymbol(sym)) {
      pos++;
      return true;
    }
    return false;
  }

  boolean acceptWord(String word) {
    if (peekWord(word)) {
      pos++;
      return true;
    }
    return false;
  }

  void expectSymbol(String sym) {
    if (!acceptSymbol(sym)) {
      throw syntax("expected '" + sym + "'");
    }
  }

  ApiException syntax(String what) {
    return ApiException.validation("Invalid expression: Syntax error; " + what + " near token: \"" + peek().text() + "\"");
  }

  String resolveName(String ref) {
    JsonNode n = names == null ? null : names.get(ref);
    if (n == null) {
      throw ApiException.validation("Value provided in ExpressionAttributeNames unused in expressions or an expression attribute name used in expression is not defined; attribute name: " + ref);
    }
    return n.asText();
  }

  JsonNode resolveValue(String ref) {
    JsonNode v = values == null ? null : values.get(ref);
    if (v == null) {
      throw ApiException.validation("Invalid expression: An expression attribute value used in expression is not defined; attribute value: " + ref);
    }
    return v;
  }

  /** Parses a document path: {@code a.b[1].#c}. */
  List<Object> path() {
    List<Object> segments = new ArrayList<>();
    segments.add(element());
    while (true) {
      if (acceptSymbol(".")) {
        segments.add(element());
      } else if (acceptSymbol("[")) {
        Token n = next();
        if (n.kind() != Kind.NUMBER) {
          throw syntax("expected a list index");
        }
        segments.add(Integer.valueOf(n.text()));
        expectSymbol("]");
      } else {
        return segments;
      }
    }
  }

  private String element() {
    Token t = next();
    if (t.kind() == Kind.NAME) {
      return resolveName(t.text());
    }
    if (t.kind() == Kind.WORD) {
      return t.text();
    }
    throw syntax("expected an attribute name");
  }
}
