package io.dynamobackup.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.common.SpecValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagRulesTest {
  private List<String> check(Map<String, String> tags, TagRules.Charset charset, int max, boolean awsPrefix) {
    SpecValidation v = new SpecValidation();
    TagRules.tags(v, tags, "spec.tags", charset, max, awsPrefix);
    return v.problems();
  }

  @Test
  void wellFormedTagsPass() {
    assertThat(check(Map.of("team", "payments", "cost center", "4711", "a+b=c.d_e:f/g", ""),
        TagRules.Charset.DYNAMODB, 50, false)).isEmpty();
    assertThat(check(Map.of("owner", "ops@example.com"), TagRules.Charset.GENERAL, 50, false)).isEmpty();
  }

  @Test
  void keysValuesCharactersAndThePrefixAreCheckedAllAtOnce() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("k".repeat(129), "v");
    tags.put("big", "x".repeat(300_000));
    tags.put("bad#key", "v");
    tags.put("mail", "ops@example.com");
    tags.put("aws:owner", "me");
    tags.put("", "v");
    assertThat(check(tags, TagRules.Charset.DYNAMODB, 50, false)).containsExactlyInAnyOrder(
        "spec.tags[" + "k".repeat(37) + "...]: a tag key must be 1 to 128 characters long, not 129",
        "spec.tags[big]: a tag value must be at most 256 characters long, not 300000",
        "spec.tags[bad#key]: the key may only contain letters, numbers, spaces and + - = . _ : /",
        "spec.tags[mail]: the value may only contain letters, numbers, spaces and + - = . _ : /",
        "spec.tags[aws:owner]: keys starting with aws: are reserved for AWS",
        "spec.tags[]: a tag key must be 1 to 128 characters long, not 0");
  }

  @Test
  void atMostFiftyTagsLessThoseTheOperatorAdds() {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 51; i++) {
      tags.put("k" + i, "v");
    }
    assertThat(check(tags, TagRules.Charset.GENERAL, 50, false)).containsExactly("spec.tags: at most 50 tags, not 51");
    assertThat(check(Map.of("a", "1", "b", "2", "c", "3"), TagRules.Charset.GENERAL, 2, false)).containsExactly(
        "spec.tags: at most 2 tags (AWS allows 50 per resource and the operator adds 48), not 3");
  }

  @Test
  void aSelectorMayMatchAwssOwnTags() {
    assertThat(check(Map.of("aws:cloudformation:stack-name", "prod"), TagRules.Charset.DYNAMODB, 50, true)).isEmpty();
  }
}
