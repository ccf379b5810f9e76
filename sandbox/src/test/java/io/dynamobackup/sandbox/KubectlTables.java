package io.dynamobackup.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tables {@code kubectl get} prints (one per kind, separated by blank lines): kubectl aligns every column
 * on the start of its header, so a value, empty ones included, is the text below its header up to the next column.
 */
final class KubectlTables {
  private KubectlTables() {}

  /** One kind's table: its column headers (NAME first) and its rows, header to value. */
  record Table(List<String> headers, List<Map<String, String>> rows) {}

  static List<Table> parse(String output) {
    List<Table> tables = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (String line : (output + "\n\n").split("\n", -1)) {
      if (!line.isBlank()) {
        lines.add(line);
      } else if (!lines.isEmpty()) {
        tables.add(table(lines));
        lines.clear();
      }
    }
    return tables;
  }

  private static Table table(List<String> lines) {
    String header = lines.get(0);
    List<String> headers = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    Matcher column = Pattern.compile("\\S+(?: \\S+)*").matcher(header); // headers such as "LAST BACKUP"
    while (column.find()) {
      headers.add(column.group());
      starts.add(column.start());
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < headers.size(); i++) {
        int from = Math.min(starts.get(i), line.length());
        int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
        row.put(headers.get(i), line.substring(from, to).trim());
      }
      rows.add(row);
    }
    return new Table(headers, rows);
  }
}
