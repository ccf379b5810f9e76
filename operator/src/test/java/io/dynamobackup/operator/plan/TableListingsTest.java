package io.dynamobackup.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import io.dynamobackup.localaws.ManualClock;
import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.common.TableKey;
import io.dynamobackup.operator.testing.UnsupportedInventory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/**
 * Plans reconciling together learn that their tables exist from one ListTables listing of the Region, never from a
 * listing begun before their need arose, and "missing" is still DescribeTable's answer.
 */
class TableListingsTest {
  private static final String REGION = "eu-west-1";
  private static final AwsIdentity IDENTITY = AwsIdentity.operator();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-20T10:00:00Z"));
  private final Aws aws = new Aws();
  /** Every lookup may list here; the production rule (a second lookup first) has its own test. */
  private final TableListings listings = new TableListings(1);

  @Test
  void plansReconcilingTogetherShareOneListingAndDescribeNoTableThatExists() {
    Instant created = clock.instant();
    for (int i = 0; i < 50; i++) {
      aws.tables.add("table-" + i);
    }
    clock.advance(Duration.ofSeconds(2));
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofMillis(100));
      assertThat(exists("table-" + i, created.plusSeconds(1))).isTrue();
    }
    assertThat(aws.calls).containsExactly("ListTables " + REGION);
  }

  @Test
  void aListingBegunBeforeAPlansNeedDoesNotAnswerIt() {
    aws.tables.add("orders");
    clock.advance(Duration.ofSeconds(2));
    assertThat(exists("orders", clock.instant().minusSeconds(1))).isTrue();
    // Deleted after that listing began; a plan created afterwards must not be told it exists.
    aws.tables.remove("orders");
    Instant needSince = clock.instant().plusSeconds(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(exists("orders", needSince)).isFalse();
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "ListTables " + REGION, "DescribeTable orders");
  }

  @Test
  void aTableCreatedAfterTheListingBeganIsConfirmedWithDescribeTable() {
    clock.advance(Duration.ofSeconds(2));
    assertThat(exists("orders", clock.instant().minusSeconds(1))).isFalse();
    aws.tables.add("late");
    Instant needSince = clock.instant().minusSeconds(1);
    assertThat(exists("late", needSince)).as("not in the listing, but DescribeTable finds it").isTrue();
    aws.tables.add("later");
    clock.advance(Duration.ofSeconds(5));
    Instant created = clock.instant();
    clock.advance(Duration.ofSeconds(2));
    assertThat(exists("later", created.plusSeconds(1))).as("a plan created after the table: a new listing").isTrue();
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "DescribeTable orders", "DescribeTable late",
        "ListTables " + REGION);
  }

  @Test
  void aMissingTableIsReportedMissingByDescribeTable() {
    clock.advance(Duration.ofSeconds(2));
    assertThat(exists("gone", clock.instant().minusSeconds(1))).isFalse();
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "DescribeTable gone");
  }

  @Test
  void withinTheSecondOfThePlansCreationOrWithoutAKnownNeedDescribeTableAnswers() {
    aws.tables.add("orders");
    assertThat(exists("orders", clock.instant().plusSeconds(1))).isTrue();
    assertThat(exists("orders", null)).isTrue();
    assertThat(aws.calls).containsExactly("DescribeTable orders", "DescribeTable orders");
  }

  @Test
  void aListingServesForThirtySecondsOnly() {
    aws.tables.add("orders");
    Instant needSince = clock.instant();
    exists("orders", needSince);
    clock.advance(TableListings.FRESH);
    exists("orders", needSince);
    clock.advance(Duration.ofMillis(1));
    exists("orders", needSince);
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "ListTables " + REGION);
  }

  @Test
  void anAccessDeniedListingFallsBackToDescribeTableAndIsNotTriedAgainForAWhile() {
    aws.tables.add("orders");
    aws.listError = new AwsException("AccessDeniedException", "User is not authorized to perform:"
        + " dynamodb:ListTables", false, null);
    Instant needSince = clock.instant();
    assertThat(exists("orders", needSince)).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(exists("orders", needSince)).isTrue();
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "DescribeTable orders", "DescribeTable orders");

    aws.listError = null; // the policy fixed
    clock.advance(TableListings.DENIED_FOR);
    aws.calls.clear();
    assertThat(exists("orders", needSince)).isTrue();
    assertThat(aws.calls).containsExactly("ListTables " + REGION);
  }

  @Test
  void anyOtherFailedListingIsNotKeptAndDescribeTableAnswers() {
    aws.tables.add("orders");
    aws.listError = new AwsException("ThrottlingException", "Rate exceeded", true, null);
    Instant needSince = clock.instant();
    assertThat(exists("orders", needSince)).isTrue();
    aws.listError = null;
    assertThat(exists("orders", needSince)).isTrue();
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "DescribeTable orders", "ListTables " + REGION);
  }

  @Test
  void aListingThatFailsWithAnErrorIsNotLeftForOtherLookupsToWaitOnForever() {
    aws.tables.add("orders");
    aws.listBug = new StackOverflowError("a bug while listing");
    Instant needSince = clock.instant();
    assertThatThrownBy(() -> exists("orders", needSince)).isSameAs(aws.listBug);
    aws.listBug = null;
    Boolean found = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> exists("orders", needSince));
    assertThat(found).isTrue();
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "ListTables " + REGION);
  }

  @Test
  void describeTableErrorsStillReachThePlan() {
    clock.advance(Duration.ofSeconds(2));
    aws.describeError = new AwsException("ThrottlingException", "Rate exceeded", true, null);
    assertThatThrownBy(() -> exists("gone", clock.instant().minusSeconds(1))).isSameAs(aws.describeError);
  }

  @Test
  void concurrentLookupsWaitForOneListing() throws Exception {
    aws.tables.add("orders");
    aws.listing = new CountDownLatch(1);
    Instant needSince = clock.instant();
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> exists("orders", needSince));
    await().until(() -> aws.calls.contains("ListTables " + REGION));
    FutureTask<Boolean> waiting = new FutureTask<>(() -> exists("orders", needSince));
    Thread second = new Thread(waiting);
    second.start();
    await().until(() -> second.getState() == Thread.State.WAITING);
    aws.listing.countDown();
    assertThat(waiting.get()).isTrue();
    assertThat(first.get()).isTrue();
    assertThat(aws.calls).containsExactly("ListTables " + REGION);
  }

  @Test
  void staleListingsAreForgotten() {
    aws.tables.add("orders");
    exists("orders", clock.instant());
    listings.forgetStale(clock.instant().plus(TableListings.FRESH).plusSeconds(1));
    exists("orders", clock.instant());
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "ListTables " + REGION);
  }

  @Test
  void aPlanLookingAloneAsksDescribeTableAndASecondLookupListsTheRegion() {
    TableListings production = new TableListings();
    aws.tables.addAll(List.of("orders", "payments"));
    Instant needSince = clock.instant();
    clock.advance(Duration.ofSeconds(2));
    assertThat(production.exists(IDENTITY, aws, clock, new TableKey(REGION, "orders"), needSince)).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(production.exists(IDENTITY, aws, clock, new TableKey(REGION, "payments"), needSince)).isTrue();
    assertThat(aws.calls).containsExactly("DescribeTable orders", "ListTables " + REGION);
    clock.advance(TableListings.FRESH.plusSeconds(1)); // alone again: the listing and the count have run out
    assertThat(production.exists(IDENTITY, aws, clock, new TableKey(REGION, "orders"), needSince)).isTrue();
    assertThat(aws.calls).endsWith("DescribeTable orders");
  }

  @Test
  void aRegionOfMoreThanTenPagesOfTablesIsNotListedAgainForAnHour() {
    for (int i = 0; i <= TableListings.MAX_PAGES * 100; i++) {
      aws.tables.add(String.format("table-%04d", i));
    }
    Instant needSince = clock.instant();
    clock.advance(Duration.ofSeconds(2));
    assertThat(exists("table-0001", needSince)).as("DescribeTable answers").isTrue();
    clock.advance(Duration.ofMinutes(30));
    assertThat(exists("table-0002", needSince)).isTrue();
    assertThat(aws.calls).containsExactly("ListTables " + REGION, "DescribeTable table-0001",
        "DescribeTable table-0002");
    clock.advance(Duration.ofMinutes(31));
    listings.forgetStale(clock.instant());
    assertThat(exists("table-0003", needSince)).isTrue();
    assertThat(aws.calls).endsWith("ListTables " + REGION, "DescribeTable table-0003");
  }

  private boolean exists(String table, Instant needSince) {
    return listings.exists(IDENTITY, aws, clock, new TableKey(REGION, table), needSince);
  }

  /** One account's tables, the ListTables and DescribeTable calls made, and the faults to answer with. */
  static final class Aws extends UnsupportedInventory {
    final Set<String> tables = new TreeSet<>();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile AwsException listError;
    volatile Error listBug;
    volatile AwsException describeError;
    volatile CountDownLatch listing;

    @Override
    public Optional<List<String>> tableNames(String region, int maxPages) {
      calls.add("ListTables " + region);
      if (listing != null) {
        try {
          listing.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (listError != null) {
        throw listError;
      }
      if (listBug != null) {
        throw listBug;
      }
      return tables.size() > maxPages * 100 ? Optional.empty() : Optional.of(List.copyOf(tables));
    }

    @Override
    public Optional<String> tableArn(String region, String tableName) {
      calls.add("DescribeTable " + tableName);
      if (describeError != null) {
        throw describeError;
      }
      return tables.contains(tableName)
          ? Optional.of("arn:aws:dynamodb:" + region + ":111122223333:table/" + tableName) : Optional.empty();
    }

  }
}
