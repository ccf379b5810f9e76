package io.dynamobackup.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.InvalidParameterException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ThrottledException;

/** The Resource Groups Tagging API's GetResources, through the AWS SDK's own client, as AWS answers it. */
class TaggingApiTest extends LocalAwsTestBase {
  private ResourceGroupsTaggingApiClient tagging;

  @org.junit.jupiter.api.BeforeEach
  void taggingClient() {
    tagging = tagging(ACCOUNT, REGION);
  }

  private void tagged(String name, String... keyValues) {
    createTable(name);
    for (int i = 0; i < keyValues.length; i += 2) {
      String key = keyValues[i];
      String value = keyValues[i + 1];
      ddb.tagResource(b -> b.resourceArn(tableArn(name)).tags(t -> t.key(key).value(value)));
    }
  }

  @Test
  void findsTheTablesCarryingEveryTagFilterAndOneOfItsValues() {
    tagged("gold-orders", "backup", "gold", "team", "payments");
    tagged("gold-users", "backup", "gold", "team", "identity");
    tagged("silver-logs", "backup", "silver", "team", "payments");
    createTable("untagged");

    var gold = tagging.getResources(b -> b.tagFilters(f -> f.key("backup").values("gold"))
        .resourceTypeFilters("dynamodb:table"));
    assertThat(gold.resourceTagMappingList()).extracting(ResourceTagMapping::resourceARN)
        .containsExactly(tableArn("gold-orders"), tableArn("gold-users"));
    assertThat(gold.resourceTagMappingList().get(0).tags()).extracting(t -> t.key() + "=" + t.value())
        .containsExactly("backup=gold", "team=payments");
    assertThat(gold.paginationToken()).isEmpty();

    var goldPayments = tagging.getResources(b -> b.tagFilters(f -> f.key("backup").values("gold"),
        f -> f.key("team").values("payments")).resourceTypeFilters("dynamodb"));
    assertThat(goldPayments.resourceTagMappingList()).extracting(ResourceTagMapping::resourceARN)
        .containsExactly(tableArn("gold-orders"));
    var anyBackupTag = tagging.getResources(b -> b.tagFilters(f -> f.key("backup").values("gold", "silver")));
    assertThat(anyBackupTag.resourceTagMappingList()).hasSize(3);
    var keyOnly = tagging.getResources(b -> b.tagFilters(f -> f.key("team")));
    assertThat(keyOnly.resourceTagMappingList()).hasSize(3);
    assertThat(tagging.getResources(b -> b.resourceTypeFilters("backup:backup-vault")).resourceTagMappingList())
        .isEmpty();
  }

  @Test
  void paginatesWithResourcesPerPageAndAnEmptyTokenOnTheLastPage() {
    for (int i = 0; i < 7; i++) {
      tagged("table-" + i, "backup", "gold");
    }
    List<String> arns = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String from = token;
      var page = tagging.getResources(b -> b.tagFilters(f -> f.key("backup").values("gold")).resourcesPerPage(3)
          .paginationToken(from));
      page.resourceTagMappingList().forEach(m -> arns.add(m.resourceARN()));
      token = page.paginationToken().isEmpty() ? null : page.paginationToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(arns).hasSize(7).doesNotHaveDuplicates();
  }

  @Test
  void accountsAndRegionsSeeOnlyTheirOwnResources() {
    tagged("orders", "backup", "gold");
    DynamoDbClient other = ddb("444455556666", REGION);
    createTable(other, "orders");
    other.tagResource(b -> b.resourceArn("arn:aws:dynamodb:" + REGION + ":444455556666:table/orders")
        .tags(t -> t.key("backup").value("gold")));
    assertThat(tagging.getResources(b -> b.tagFilters(f -> f.key("backup").values("gold"))).resourceTagMappingList())
        .extracting(ResourceTagMapping::resourceARN).containsExactly(tableArn("orders"));
    assertThat(tagging("111122223333", "us-west-2").getResources(b -> b.tagFilters(f -> f.key("backup")))
        .resourceTagMappingList()).isEmpty();
  }

  @Test
  void refusesWhatAwsRefusesWithInvalidParameterException() {
    assertThatThrownBy(() -> tagging.getResources(b -> b.resourceARNList(tableArn("orders"))
        .tagFilters(f -> f.key("backup"))))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.getMessage())
            .contains("ResourceARNList cannot be combined"));
    assertThatThrownBy(() -> tagging.getResources(b -> b.resourcesPerPage(101)))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("ResourcesPerPage");
    assertThatThrownBy(() -> tagging.getResources(b -> b.excludeCompliantResources(true)))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("IncludeComplianceDetails");
    assertThatThrownBy(() -> tagging.getResources(b -> b.paginationToken("not-a-token")))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("PaginationToken");
    List<String> tooManyValues = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      tooManyValues.add("v" + i);
    }
    assertThatThrownBy(() -> tagging.getResources(b -> b.tagFilters(f -> f.key("backup").values(tooManyValues))))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("length less than or equal to 20");
  }

  @Test
  void throttlingIsThrottledExceptionAndCountsInTheCallLog() {
    aws.faults().throttle("GetResources", 1.0);
    assertThatThrownBy(() -> tagging.getResources(b -> b.tagFilters(f -> f.key("backup"))))
        .isInstanceOfSatisfying(ThrottledException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    assertThat(aws.calls()).last().satisfies(call -> {
      assertThat(call.service()).isEqualTo("tagging");
      assertThat(call.operation()).isEqualTo("GetResources");
      assertThat(call.httpStatus()).isEqualTo(400);
    });
  }
}
