package io.dynamobackup.localaws.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The change history point-in-time recovery keeps for one table: every version of every item since PITR was enabled,
 * in emulator time, so a restore can rebuild the exact item set of any instant in the restorable window. Versions
 * older than the recovery period are folded away ({@link #prune}): only the newest version at or before the horizon of
 * each key is kept, a deletion there drops the key.
 *
 * <p>Guarded by the world's lock, like the table it belongs to.
 */
public final class ItemHistory {
  private static final int PRUNE_EVERY = 1024;

  /** One version of an item; {@code item} is null for a deletion. */
  private record Version(Instant at, ObjectNode item) {}

  private final TreeMap<ItemKey, List<Version>> versions = new TreeMap<>();
  private final Instant start;
  private int sincePrune;

  private ItemHistory(Instant start) {
    this.start = start;
  }

  /** A history starting at {@code start} (when PITR was enabled) with the table's items as they are then. */
  public static ItemHistory startingWith(Map<ItemKey, ObjectNode> items, Instant start) {
    ItemHistory history = new ItemHistory(start);
    items.forEach((key, item) -> history.versions.computeIfAbsent(key, k -> new ArrayList<>())
        .add(new Version(start, item)));
    return history;
  }

  /** When the history starts: the time PITR was enabled. */
  public Instant start() {
    return start;
  }

  /** Records a write ({@code item}) or a deletion ({@code null}) of {@code key} at {@code at}. */
  public void record(ItemKey key, ObjectNode item, Instant at, Instant horizon) {
    versions.computeIfAbsent(key, k -> new ArrayList<>()).add(new Version(at, item));
    if (++sincePrune >= PRUNE_EVERY) {
      prune(horizon);
    }
  }

  /** The items as they were at {@code at}: for each key, its newest version at or before then, in key order. */
  public List<ObjectNode> itemsAt(Instant at) {
    List<ObjectNode> items = new ArrayList<>();
    for (List<Version> history : versions.values()) {
      ObjectNode current = null;
      for (Version version : history) {
        if (version.at().isAfter(at)) {
          break;
        }
        current = version.item();
      }
      if (current != null) {
        items.add(current);
      }
    }
    return items;
  }

  /** Forgets what no restore within the recovery period can need: versions superseded before {@code horizon}. */
  public void prune(Instant horizon) {
    sincePrune = 0;
    Iterator<List<Version>> keys = versions.values().iterator();
    while (keys.hasNext()) {
      List<Version> history = keys.next();
      int newestBefore = -1;
      for (int i = 0; i < history.size() && !history.get(i).at().isAfter(horizon); i++) {
        newestBefore = i;
      }
      if (newestBefore > 0) {
        history.subList(0, newestBefore).clear();
      }
      if (newestBefore >= 0 && history.get(0).item() == null && history.size() == 1) {
        keys.remove();
      }
    }
  }
}
