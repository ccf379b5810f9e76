package io.dynamobackup.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionsTest {
  @Test
  void regionsAndPartitionsComeFromTheSdksMetadata() {
    assertThat(Partitions.regionsOf("aws-cn")).containsExactly("cn-north-1", "cn-northwest-1");
    assertThat(Partitions.regionsOf("aws-us-gov")).containsExactly("us-gov-east-1", "us-gov-west-1");
    assertThat(Partitions.regionsOf("aws")).contains("eu-west-1", "us-east-1").doesNotContain("cn-north-1");
    assertThat(Partitions.isKnownRegion("eu-west-1")).isTrue();
    assertThat(Partitions.isKnownRegion("aws-global")).isFalse();
  }

  @Test
  void aRegionTheSdkDoesNotKnowIsNamedWithTheRegionsOfItsPartition() {
    assertThat(Partitions.regionProblem("eu-west-1")).isNull();
    assertThat(Partitions.regionProblem("cn-northwest-1")).isNull();
    assertThat(Partitions.regionProblem("eu-wset-1")).startsWith("'eu-wset-1' is not an AWS Region of partition aws")
        .contains("eu-west-1");
    assertThat(Partitions.regionProblem("cn-south-7")).contains("cn-north-1, cn-northwest-1");
    assertThat(Partitions.regionProblem("us-iso-east-1")).contains("partitions aws, aws-cn or aws-us-gov");
  }

  @Test
  void copiesStayInsideTheirPartitionChinaBetweenBeijingAndNingxia() {
    assertThat(Partitions.copyProblem("eu-west-1", "us-west-2")).isNull();
    assertThat(Partitions.copyProblem("cn-north-1", "cn-northwest-1")).isNull();
    assertThat(Partitions.copyProblem("us-gov-west-1", "us-gov-east-1")).isNull();
    assertThat(Partitions.copyProblem("eu-west-1", "us-gov-west-1"))
        .contains("eu-west-1 is in aws, us-gov-west-1 in aws-us-gov");
    assertThat(Partitions.copyProblem("us-gov-west-1", "us-east-1")).contains("inside one partition");
    assertThat(Partitions.copyProblem("cn-north-1", "ap-east-1"))
        .contains("copy to one of cn-north-1, cn-northwest-1");
  }
}
