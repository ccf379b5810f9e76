package io.dynamobackup.operator.rules;

import io.dynamobackup.operator.common.SpecValidation;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AWS's tag rules, checked before any call that tags: at most 50 tags per resource; keys 1–128 and values 0–256 Unicode
 * characters; letters, numbers and spaces plus {@code + - = . _ : /} (and {@code @} outside DynamoDB); the key prefix
 * {@code aws:} is reserved for AWS.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html;
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html#TaggingRestrictions;
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_TagResource.html
 */
public final class TagRules {
  public static final int MAX_TAGS = 50;
  public static final int MAX_KEY_LENGTH = 128;
  public static final int MAX_VALUE_LENGTH = 256;

  /** The characters a service allows in tags. */
  public enum Charset {
    /** DynamoDB tables: letters, numbers, spaces and {@code + - = . _ : /}. */
    DYNAMODB("+\\-=._:/", "+ - = . _ : /"),
    /** AWS Backup recovery points, CloudWatch alarms: also {@code @}. */
    GENERAL("+\\-=._:/@", "+ - = . _ : / @");

    private final Pattern allowed;
    private final String symbols;

    Charset(String pattern, String symbols) {
      this.allowed = Pattern.compile("[\\p{L}\\p{Z}\\p{N}" + pattern + "]*");
      this.symbols = symbols;
    }
  }

  private TagRules() {}

  /**
   * Every problem of {@code tags} at once: each key and value (the map's field plus {@code [key]}) and the count.
   *
   * @param maxTags how many of the resource's 50 tags these may use (the operator adds its own to some resources)
   * @param reservedPrefixAllowed whether keys may start with {@code aws:} (a selector matching AWS's own tags)
   */
  public static void tags(SpecValidation v, Map<String, String> tags, String field, Charset charset, int maxTags,
      boolean reservedPrefixAllowed) {
    if (tags == null) {
      return;
    }
    v.check(tags.size() <= maxTags, field, "at most " + maxTags + " tags"
        + (maxTags < MAX_TAGS ? " (AWS allows 50 per resource and the operator adds " + (MAX_TAGS - maxTags) + ")" : "")
        + ", not " + tags.size());
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      String key = tag.getKey();
      String value = tag.getValue() == null ? "" : tag.getValue();
      String at = field + "[" + abbreviate(key) + "]";
      int keyLength = key.codePointCount(0, key.length());
      int valueLength = value.codePointCount(0, value.length());
      v.check(keyLength >= 1 && keyLength <= MAX_KEY_LENGTH, at, "a tag key must be 1 to " + MAX_KEY_LENGTH
          + " characters long, not " + keyLength)
          .check(valueLength <= MAX_VALUE_LENGTH, at, "a tag value must be at most " + MAX_VALUE_LENGTH
              + " characters long, not " + valueLength)
          .check(charset.allowed.matcher(key).matches(), at, "the key may only contain letters, numbers, spaces and "
              + charset.symbols)
          .check(charset.allowed.matcher(value).matches(), at, "the value may only contain letters, numbers, spaces"
              + " and " + charset.symbols)
          .check(reservedPrefixAllowed || !key.regionMatches(true, 0, "aws:", 0, 4), at,
              "keys starting with aws: are reserved for AWS");
    }
  }

  private static String abbreviate(String key) {
    return key.length() <= 40 ? key : key.substring(0, 37) + "...";
  }
}
