package io.dynamobackup.operator.restore.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rewrites a resource-based policy captured from one table for another. DynamoDB applies a table's policy only to
 * the table it is attached to and its indexes (a stream's to that stream), so a policy copied verbatim names the wrong
 * table and silently stops protecting anything. Every ARN of the source table — the table, {@code TABLE/index/...},
 * {@code TABLE/*}, {@code TABLE/stream/...} — becomes the same ARN of the target, across Regions and accounts, in
 * every string of every statement (Resource, NotResource, Condition values).
 *
 * <p>A value the rewrite cannot carry over without changing what the statement grants or denies is refused, naming the
 * statement: a wildcard pattern other than {@code *} that matches the source table (it would match other tables
 * after a rename, or miss the target), or the source table's ARN embedded in a longer string.
 */
public final class PolicyRewriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The rewritten policy, or the problems that stop it (each naming its statement). */
  public record Result(String policy, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final String sourceTable;
  private final String targetTable;
  private final String sourceStream;
  private final String targetStream;

  /**
   * @param sourceStream the source table's stream ARN, or null
   * @param targetStream the target table's current stream ARN, or null when it has none yet
   */
  public PolicyRewriter(String sourceTable, String targetTable, String sourceStream, String targetStream) {
    this.sourceTable = sourceTable;
    this.targetTable = targetTable;
    this.sourceStream = sourceStream;
    this.targetStream = targetStream;
  }

  public Result rewrite(String policy) {
    JsonNode document;
    try {
      document = JSON.readTree(policy);
    } catch (IOException e) {
      return new Result(null, List.of("the policy is not a JSON document: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    JsonNode statements = document.path("Statement");
    if (statements.isArray()) {
      for (int i = 0; i < statements.size(); i++) {
        statements = rewriteStatement((ArrayNode) statements, i, problems);
      }
    } else if (statements.isObject()) {
      ((ObjectNode) document).set("Statement", rewrite(statements, "", name(statements, -1), problems));
    }
    try {
      return new Result(problems.isEmpty() ? JSON.writeValueAsString(document) : null, problems);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ArrayNode rewriteStatement(ArrayNode statements, int i, List<String> problems) {
    statements.set(i, rewrite(statements.get(i), "", name(statements.get(i), i), problems));
    return statements;
  }

  private static String name(JsonNode statement, int index) {
    String sid = statement.hasNonNull("Sid") ? " (Sid " + statement.get("Sid").asText() + ")" : "";
    return (index < 0 ? "Statement" : "Statement[" + index + "]") + sid;
  }

  private JsonNode rewrite(JsonNode node, String path, String statement, List<String> problems) {
    if (node.isTextual()) {
      return rewriteValue(node.asText(), path, statement, problems);
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(rewrite(element, path, statement, problems)));
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        copy.set(field.getKey(), rewrite(field.getValue(), child, statement, problems));
      }
      return copy;
    }
    return node;
  }

  private JsonNode rewriteValue(String value, String path, String statement, List<String> problems) {
    if (value.equals(sourceTable)) {
      return TextNode.valueOf(targetTable);
    }
    if (value.startsWith(sourceTable + "/")) {
      String rest = value.substring(sourceTable.length());
      if (rest.startsWith("/stream/") && !rest.equals("/stream/*")) {
        if (sourceStream != null && value.equals(sourceStream) && targetStream != null) {
          return TextNode.valueOf(targetStream);
        }
        problems.add(statement + ": " + path + " " + value + " names a stream of the source table that the restored"
            + " table does not have" + (targetStream == null ? " yet" : " (its stream is " + targetStream + ")"));
        return TextNode.valueOf(value);
      }
      if (isPattern(rest.replace("/index/*", "").replace("/stream/*", "").replace("/*", ""))) {
        problems.add(statement + ": " + path + " " + value + " is a pattern the operator cannot carry over");
      }
      return TextNode.valueOf(targetTable + rest);
    }
    if (!value.equals("*") && isPattern(value) && glob(value).matcher(sourceTable).matches()) {
      problems.add(statement + ": " + path + " " + value + " is a pattern that matches the source table " + sourceTable
          + "; rewritten for " + targetTable + " it would grant or deny something else");
    } else if (value.contains(sourceTable)) {
      problems.add(statement + ": " + path + " " + value + " contains the source table's ARN inside a longer value");
    }
    return TextNode.valueOf(value);
  }

  private static boolean isPattern(String value) {
    return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
  }

  /** An IAM ARN pattern: {@code *} any characters, {@code ?} one character. */
  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }
}
