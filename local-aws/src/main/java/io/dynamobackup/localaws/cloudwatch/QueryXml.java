package io.dynamobackup.localaws.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Renders a JSON tree as AWS query-protocol XML: objects become elements, arrays {@code <member>} lists. */
public final class QueryXml {
  public static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";

  private QueryXml() {}

  public static String response(String operation, JsonNode result, String requestId) {
    return response(NAMESPACE, operation, result, requestId);
  }

  /** A query-protocol response in the XML namespace of the service ({@code xmlNamespace} of its model). */
  public static String response(String namespace, String operation, JsonNode result, String requestId) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append('<').append(operation).append("Response xmlns=\"").append(namespace).append("\">");
    if (result != null) {
      xml.append('<').append(operation).append("Result>");
      children(result, xml);
      xml.append("</").append(operation).append("Result>");
    }
    xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
    xml.append("</").append(operation).append("Response>");
    return xml.toString();
  }

  public static String error(String code, String message, boolean sender, String requestId) {
    return error(NAMESPACE, code, message, sender, requestId);
  }

  public static String error(String namespace, String code, String message, boolean sender, String requestId) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>"
        + (sender ? "Sender" : "Receiver") + "</Type><Code>" + escape(code) + "</Code><Message>" + escape(message)
        + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
  }

  private static void children(JsonNode node, StringBuilder xml) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      element(f.getKey(), f.getValue(), xml);
    }
  }

  private static void element(String name, JsonNode value, StringBuilder xml) {
    if (value == null || value.isNull()) {
      return;
    }
    xml.append('<').append(name).append('>');
    if (value.isObject()) {
      children(value, xml);
    } else if (value.isArray()) {
      for (JsonNode member : value) {
        element("member", member, xml);
      }
    } else {
      xml.append(escape(value.asText()));
    }
    xml.append("</").append(name).append('>');
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
