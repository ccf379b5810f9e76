package io.dynamobackup.localaws.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamobackup.localaws.backup.RecoveryPoint;
import io.dynamobackup.localaws.backup.Vault;
import io.dynamobackup.localaws.core.ApiException;
import io.dynamobackup.localaws.core.Json;
import io.dynamobackup.localaws.core.RegionState;
import io.dynamobackup.localaws.dynamodb.Table;
import io.dynamobackup.localaws.http.Operation;
import io.dynamobackup.localaws.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Resource Groups Tagging API (JSON 1.1, {@code X-Amz-Target: ResourceGroupsTaggingAPI_20170126.Op}):
 * GetResources over the taggable resources local-aws keeps — DynamoDB tables ({@code dynamodb:table}), backup vaults
 * ({@code backup:backup-vault}) and recovery points ({@code backup:recovery-point}) — of the caller's account and
 * Region, filtered by tags and resource types and paginated as AWS does:
 * <ul>
 *   <li>TagFilters: a resource must match every filter; a filter matches when the resource has the key and, if values
 *   are given, one of them; without TagFilters every tagged resource is returned;</li>
 *   <li>ResourceTypeFilters: {@code service} or {@code service:resourceType}, as in the resource's ARN;</li>
 *   <li>ResourceARNList cannot be combined with TagFilters, ResourceTypeFilters or the pagination parameters;
 *   ResourcesPerPage is 1..100 (default 100), TagsPerPage 100..500; ExcludeCompliantResources needs
 *   IncludeComplianceDetails — each refused with InvalidParameterException, as AWS does;</li>
 *   <li>PaginationToken: the empty string on the last page.</li>
 * </ul>
 * Tag policies (compliance details) are not modelled: every resource is reported compliant.
 */
public final class TaggingService {
  public static final String TARGET_PREFIX = "ResourceGroupsTaggingAPI_20170126.";
  private static final int DEFAULT_PAGE = 100;
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  public TaggingService() {
    operations.put("GetResources", this::getResources);
  }

  public Map<String, Operation> operations() {
    return operations;
  }

  static ApiException invalidParameter(String message) {
    return new ApiException(400, "InvalidParameterException", message);
  }

  /** A taggable resource: its ARN, its {@code service:resourceType} and its tags. */
  private record Tagged(String arn, String type, Map<String, String> tags) {}

  JsonNode getResources(Request r) {
    JsonNode arnList = r.body.get("ResourceARNList");
    boolean byArn = arnList != null && !arnList.isNull();
    boolean paginated = r.body.hasNonNull("ResourcesPerPage") || r.body.hasNonNull("TagsPerPage")
        || (r.body.hasNonNull("PaginationToken") && !r.text("PaginationToken").isEmpty());
    if (byArn && (r.body.hasNonNull("TagFilters") || r.body.hasNonNull("ResourceTypeFilters") || paginated)) {
      throw invalidParameter("ResourceARNList cannot be combined with TagFilters, ResourceTypeFilters,"
          + " ResourcesPerPage, TagsPerPage or PaginationToken.");
    }
    if (Boolean.TRUE.equals(Json.bool(r.body, "ExcludeCompliantResources"))
        && !Boolean.TRUE.equals(Json.bool(r.body, "IncludeComplianceDetails"))) {
      throw invalidParameter("ExcludeCompliantResources can be used only if IncludeComplianceDetails is true.");
    }
    Long perPage = Json.longValue(r.body, "ResourcesPerPage");
    if (perPage != null && (perPage < 1 || perPage > 100)) {
      throw invalidParameter("ResourcesPerPage must be between 1 and 100.");
    }
    Long tagsPerPage = Json.longValue(r.body, "TagsPerPage");
    if (tagsPerPage != null && (tagsPerPage < 100 || tagsPerPage > 500)) {
      throw invalidParameter("TagsPerPage must be between 100 and 500.");
    }
    List<Tagged> matches = new ArrayList<>();
    for (Tagged resource : resources(r.region())) {
      if (byArn ? contains(arnList, resource.arn())
          : !resource.tags().isEmpty() && types(r.body.get("ResourceTypeFilters"), resource)
              && tags(r.body.get("TagFilters"), resource)) {
        matches.add(resource);
      }
    }
    int from = start(r.text("PaginationToken"), matches.size());
    int size = byArn ? matches.size() : perPage != null ? perPage.intValue() : DEFAULT_PAGE;
    int to = Math.min(matches.size(), from + size);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("ResourceTagMappingList");
    for (Tagged resource : matches.subList(from, to)) {
      ObjectNode mapping = list.addObject();
      mapping.put("ResourceARN", resource.arn());
      ArrayNode tags = mapping.putArray("Tags");
      resource.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
      if (Boolean.TRUE.equals(Json.bool(r.body, "IncludeComplianceDetails"))) {
        mapping.putObject("ComplianceDetails").put("ComplianceStatus", true);
      }
    }
    out.put("PaginationToken", to < matches.size() ? token(to) : "");
    return out;
  }

  private static List<Tagged> resources(RegionState region) {
    List<Tagged> all = new ArrayList<>();
    for (Table table : region.tables.values()) {
      if (!table.deleted) {
        all.add(new Tagged(table.arn, "dynamodb:table", new LinkedHashMap<>(table.tags)));
      }
    }
    for (Vault vault : region.vaults.values()) {
      if (!vault.deleted) {
        all.add(new Tagged(vault.arn, "backup:backup-vault", new LinkedHashMap<>(vault.tags)));
        for (RecoveryPoint point : vault.points.values()) {
          if (!point.deleted) {
            all.add(new Tagged(point.arn, "backup:recovery-point", new LinkedHashMap<>(point.tags)));
          }
        }
      }
    }
    return all;
  }

  private static boolean types(JsonNode filters, Tagged resource) {
    if (filters == null || filters.isNull() || filters.isEmpty()) {
      return true;
    }
    for (JsonNode filter : filters) {
      String type = filter.asText();
      if (resource.type().equals(type) || resource.type().startsWith(type + ":")) {
        return true;
      }
    }
    return false;
  }

  private static boolean tags(JsonNode filters, Tagged resource) {
    if (filters == null || filters.isNull()) {
      return true;
    }
    for (JsonNode filter : filters) {
      String key = Json.text(filter, "Key");
      if (key == null) {
        throw invalidParameter("Each TagFilter must contain a Key.");
      }
      if (!resource.tags().containsKey(key)) {
        return false;
      }
      JsonNode values = filter.get("Values");
      if (values != null && !values.isNull() && !values.isEmpty() && !contains(values, resource.tags().get(key))) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode element : array) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String token(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int start(String token, int size) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int offset = Integer.parseInt(decoded.substring(decoded.indexOf(':') + 1));
      if (!decoded.startsWith("offset:") || offset < 0 || offset > size) {
        throw new IllegalArgumentException(decoded);
      }
      return offset;
    } catch (IllegalArgumentException e) {
      throw invalidParameter("The PaginationToken is not valid.");
    }
  }
}
