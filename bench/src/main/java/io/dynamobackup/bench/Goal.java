package io.dynamobackup.bench;

import java.util.ArrayList;
import java.util.List;

/** One goal of the bench, printed as {@code goal <name>: <measured> (target <target>) PASS|FAIL}. */
record Goal(String name, String measured, String target, boolean pass) {
  String line() {
    return "goal " + name + ": " + measured + " (target " + target + ") " + (pass ? "PASS" : "FAIL");
  }

  /** The goals of one run, printed as they are met and again together at the end. */
  static final class Report {
    private final List<Goal> goals = new ArrayList<>();

    void add(Goal goal) {
      goals.add(goal);
      System.out.println(goal.line());
    }

    boolean allPass() {
      return goals.stream().allMatch(Goal::pass);
    }

    void summary(String command) {
      System.out.printf("%n== Goals (%s)%n", command);
      goals.forEach(g -> System.out.println(g.line()));
    }
  }
}
