package io.dynamobackup.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.common.SpecValidation;
import org.junit.jupiter.api.Test;

class ArnRulesTest {
  private static final Scope EU = Scope.of("eu-west-1", "111122223333", "the target table's Region eu-west-1");

  @Test
  void aKmsKeyEncryptsTablesOfItsOwnRegionOnly() {
    SpecValidation v = new SpecValidation();
    ArnRules.kmsKey(v, "arn:aws:kms:eu-west-1:111122223333:key/k1", "a", EU);
    ArnRules.kmsKey(v, "arn:aws:kms:us-east-1:111122223333:key/k1", "b", EU);
    ArnRules.kmsKey(v, "arn:aws-cn:kms:eu-west-1:111122223333:key/k1", "c", EU);
    assertThat(v.problems()).containsExactly(
        "b: the key is in us-east-1, the table in eu-west-1: a KMS key can only encrypt tables of its own Region",
        "c: partition aws-cn does not fit Region eu-west-1 (an ARN in eu-west-1 starts with arn:aws:)");
  }

  @Test
  void anotherAccountsKeyCannotBeJudgedUpFrontOnlyFlagged() {
    assertThat(ArnRules.otherAccountsKey("arn:aws:kms:eu-west-1:111122223333:key/k1", "111122223333")).isNull();
    assertThat(ArnRules.otherAccountsKey("arn:aws:kms:eu-west-1:444455556666:key/k1", "111122223333"))
        .contains("unless the key's policy or a grant allows account 111122223333");
  }

  @Test
  void arnsInUnknownRegionsAreRefused() {
    SpecValidation v = new SpecValidation();
    assertThat(v.arnRegion("arn:aws:backup:eu-wset-1:111122223333:backup-vault:dr", "f")).isFalse();
    assertThat(v.problems()).singleElement().asString().startsWith("f (its Region): 'eu-wset-1' is not an AWS Region");
  }
}
