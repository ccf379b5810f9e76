package io.dynamobackup.localaws.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AWS's tag rules, the same for DynamoDB tables, AWS Backup vaults and recovery points and CloudWatch alarms: at most
 * 50 user tags per resource; keys 1–128 and values 0–256 Unicode characters; letters, numbers and spaces plus a few
 * symbols; the {@code aws:} key prefix is reserved for AWS.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (tag naming limits and requirements)
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html#TaggingRestrictions
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_TagResource.html
 */
public final class TagRules {
  public static final int MAX_TAGS = 50;
  public static final int MAX_KEY_LENGTH = 128;
  public static final int MAX_VALUE_LENGTH = 256;

  /** The symbols a service allows besides letters, numbers and spaces. */
  public enum Charset {
    /** DynamoDB: {@code + - = . _ : /}. */
    DYNAMODB("+\\-=._:/"),
    /** AWS Backup, CloudWatch and most services: {@code + - = . _ : / @}. */
    GENERAL("+\\-=._:/@");

    private final Pattern allowed;

    Charset(String symbols) {
      this.allowed = Pattern.compile("[\\p{L}\\p{Z}\\p{N}" + symbols + "]*");
    }
  }

  private TagRules() {}

  /** The first tag in {@code added} that breaks the naming rules, described; null when all are well formed. */
  public static String invalidTag(Map<String, String> added, Charset charset) {
    for (Map.Entry<String, String> tag : added.entrySet()) {
      String key = tag.getKey();
      String value = tag.getValue() == null ? "" : tag.getValue();
      if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
        return "Tag key '" + abbreviate(key) + "' must be 1 to " + MAX_KEY_LENGTH + " characters long.";
      }
      if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
        return "The value of tag '" + abbreviate(key) + "' must be at most " + MAX_VALUE_LENGTH + " characters long"
            + " (it has " + value.codePointCount(0, value.length()) + ").";
      }
      if (!charset.allowed.matcher(key).matches()) {
        return "Tag key '" + abbreviate(key) + "' contains characters that are not allowed: use letters, numbers,"
            + " spaces and " + symbols(charset) + ".";
      }
      if (!charset.allowed.matcher(value).matches()) {
        return "The value of tag '" + abbreviate(key) + "' contains characters that are not allowed: use letters,"
            + " numbers, spaces and " + symbols(charset) + ".";
      }
      if (key.regionMatches(true, 0, "aws:", 0, 4)) {
        return "Tag key '" + abbreviate(key) + "' uses the prefix aws:, which is reserved for AWS.";
      }
    }
    return null;
  }

  /**
   * Why a resource with {@code existing} tags cannot also take {@code added} (a tag with an existing key replaces
   * it): more than 50 tags; null when it can.
   */
  public static String tooMany(Map<String, String> existing, Map<String, String> added) {
    Map<String, String> after = new LinkedHashMap<>(existing);
    after.putAll(added);
    if (after.size() > MAX_TAGS) {
      return "A resource can have at most " + MAX_TAGS + " tags; with this request it would have " + after.size() + ".";
    }
    return null;
  }

  private static String symbols(Charset charset) {
    return charset == Charset.DYNAMODB ? "+ - = . _ : /" : "+ - = . _ : / @";
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
