package io.dynamobackup.operator.plan;

import io.dynamobackup.operator.aws.AwsException;
import io.dynamobackup.operator.aws.AwsIdentity;
import io.dynamobackup.operator.aws.Inventory;
import io.dynamobackup.operator.common.TableKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listing of a Region's tables (DynamoDB ListTables, all pages) tells many plans that their single table exists,
 * instead of one DescribeTable per plan: a fleet of plans applied at once, or due at the same slot, lists the Region
 * about once per {@link #FRESH} (each DescribeTable of a cold operator costs more CPU than the calls are worth).
 *
 * <p>A listing answers a plan only if it began at or after the moment the plan's need arose ({@code needSince}, chosen
 * by the caller: the plan's creation, or the due slot), so it is a view of the Region the plan's own DescribeTable
 * could have had: a table deleted before that moment is not reported as existing. A table the listing does not
 * name is confirmed with DescribeTable before it is reported missing (a table created after the listing began), so
 * "missing" stays exactly what DescribeTable says. Listings are kept per (identity, Region) and only while fresh;
 * concurrent lookups wait for one listing. A failed listing is not kept, and its lookups fall back to DescribeTable; an
 * AccessDenied (an IAM policy without {@code dynamodb:ListTables}) is logged and remembered for {@link #DENIED_FOR},
 * during which the (identity, Region) goes straight to DescribeTable.
 *
 * <p>A listing is only worth its calls when it serves many plans: a plan looking alone (no other lookup of its
 * (identity, Region) within {@link #FRESH}, say one hourly plan) asks DescribeTable, one call, instead of listing the
 * Region; and a Region of more than {@link #MAX_PAGES} pages of tables is not listed again for {@link #TOO_MANY_FOR}.
 */
final class TableListings {
  /** How long one listing serves the lookups of other plans. */
  static final Duration FRESH = Duration.ofSeconds(30);

  /** How long a refused ListTables keeps an (identity, Region) on DescribeTable before the listing is tried again. */
  static final Duration DENIED_FOR = Duration.ofMinutes(5);

  /** The most ListTables pages (100 names each) a listing reads before it gives way to DescribeTable. */
  static final int MAX_PAGES = 10;

  /** How long a Region found to hold more than {@link #MAX_PAGES} pages of tables goes straight to DescribeTable. */
  static final Duration TOO_MANY_FOR = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(TableListings.class);

  private record Key(AwsIdentity identity, String region) {}

  /** The lookups of an (identity, Region) since {@code since}, a window of {@link #FRESH}. */
  private record Demand(Instant since, int lookups) {
    boolean over(Instant now) {
      return now.isAfter(since.plus(FRESH)) || now.isBefore(since);
    }
  }

  /** A listing begun at {@code startedAt}; {@code names} completes when every page has been read. */
  private record Listing(Instant startedAt, CompletableFuture<Set<String>> names) {
    boolean serves(Instant needSince, Instant now) {
      return !startedAt.isBefore(needSince) && !now.isBefore(startedAt) && !now.isAfter(startedAt.plus(FRESH));
    }
  }

  private final Map<Key, Listing> listings = new ConcurrentHashMap<>();
  private final Map<Key, Instant> skipUntil = new ConcurrentHashMap<>();
  private final Map<Key, Demand> demand = new ConcurrentHashMap<>();
  private final int minDemand;

  TableListings() {
    this(2);
  }

  /** @param minDemand lookups of an (identity, Region) within {@link #FRESH} before one of them lists the Region */
  TableListings(int minDemand) {
    this.minDemand = minDemand;
  }

  /**
   * Whether {@code table} exists: named by a listing that began at or after {@code needSince}, else DescribeTable.
   *
   * @param needSince when the plan's need to know arose; null when unknown (a spec edit): DescribeTable only
   * @throws AwsException from DescribeTable (not from a failed listing, which falls back to DescribeTable)
   */
  boolean exists(AwsIdentity identity, Inventory inventory, Clock clock, TableKey table, Instant needSince) {
    return needSince != null && listed(new Key(identity, table.region()), inventory, clock, table.name(), needSince)
        || inventory.tableArn(table.region(), table.name()).isPresent();
  }

  private boolean listed(Key key, Inventory inventory, Clock clock, String name, Instant needSince) {
    Instant now = clock.instant();
    Demand seen = demand.compute(key, (k, d) -> d == null || d.over(now) ? new Demand(now, 1)
        : new Demand(d.since(), d.lookups() + 1));
    Instant skip = skipUntil.get(key);
    if (skip != null && now.isBefore(skip)) {
      return false;
    }
    if (now.isBefore(needSince)) {
      // Within the second of the plan's creation: a listing begun now could serve no other plan of that second, and
      // costs more than one DescribeTable (a page per 100 tables).
      return false;
    }
    Listing mine = new Listing(now, new CompletableFuture<>());
    boolean worthListing = seen.lookups() >= minDemand;
    Listing listing = listings.compute(key, (k, current) -> current != null && current.serves(needSince, now)
        ? current : worthListing ? mine : current);
    if (listing == null || listing != mine && !listing.serves(needSince, now)) {
      return false; // looking alone: one DescribeTable costs less than a listing
    }
    if (listing == mine) {
      list(key, mine, inventory, now);
    }
    try {
      return listing.names().join().contains(name);
    } catch (CompletionException | CancellationException failed) {
      return false; // the listing failed: DescribeTable answers, as it would without listings
    }
  }

  private void list(Key key, Listing mine, Inventory inventory, Instant now) {
    try {
      Optional<List<String>> names = inventory.tableNames(key.region(), MAX_PAGES);
      if (names.isEmpty()) {
        listings.remove(key, mine);
        skipUntil.put(key, now.plus(TOO_MANY_FOR));
        mine.names().cancel(false); // its lookups ask DescribeTable
        return;
      }
      mine.names().complete(Set.copyOf(names.get()));
      skipUntil.remove(key);
    } catch (RuntimeException | Error e) {
      // Completed whatever went wrong (an Error too): lookups waiting in join() would otherwise wait forever.
      listings.remove(key, mine);
      if (e instanceof AwsException aws && aws.isAccessDenied()) {
        skipUntil.put(key, now.plus(DENIED_FOR));
        LOG.warn("ListTables in {} was denied ({}): plans check their tables with one DescribeTable each for the"
            + " next {}; grant dynamodb:ListTables (Resource \"*\") to let one listing serve plans looking together",
            key.region(), aws.code(), DENIED_FOR);
      }
      mine.names().completeExceptionally(e);
      if (!(e instanceof AwsException)) {
        throw e; // a bug, not AWS's answer: not hidden behind DescribeTable
      }
    }
  }

  /** Drops listings and lookup counts no longer fresh, and skips (AccessDenied, too many tables) that have run out. */
  void forgetStale(Instant now) {
    listings.values().removeIf(l -> l.names().isDone() && !l.serves(l.startedAt(), now));
    skipUntil.values().removeIf(until -> !now.isBefore(until));
    demand.values().removeIf(d -> d.over(now));
  }
}
