package io.dynamobackup.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArnTest {
  @Test
  void partitionOfARegionComesFromTheSdksMetadata() {
    assertThat(Arn.partitionOf("eu-west-1")).isEqualTo("aws");
    assertThat(Arn.partitionOf("cn-north-1")).isEqualTo("aws-cn");
    assertThat(Arn.partitionOf("cn-northwest-1")).isEqualTo("aws-cn");
    assertThat(Arn.partitionOf("us-gov-west-1")).isEqualTo("aws-us-gov");
    assertThat(Arn.partitionOf("us-gov-east-1")).isEqualTo("aws-us-gov");
  }

  @Test
  void aRegionTheSdkDoesNotKnowYetIsMatchedByItsPartitionsPattern() {
    assertThat(Arn.partitionOf("eu-west-9")).isEqualTo("aws");
    assertThat(Arn.partitionOf("cn-south-7")).isEqualTo("aws-cn");
    assertThat(Arn.partitionOf("us-gov-south-9")).isEqualTo("aws-us-gov");
  }

  @Test
  void parsesTheSixPartsAndTheResourceName() {
    Arn arn = Arn.parse("arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders/backup/01234");
    assertThat(arn.partition()).isEqualTo("aws-cn");
    assertThat(arn.region()).isEqualTo("cn-north-1");
    assertThat(arn.account()).isEqualTo("111122223333");
    assertThat(arn.resourceName()).isEqualTo("orders");
    assertThat(Arn.parse("arn:aws:backup:eu-west-1:111122223333:backup-vault:dr").resourceName()).isEqualTo("dr");
    assertThatThrownBy(() -> Arn.parse("orders")).hasMessageContaining("not an ARN");
  }
}
