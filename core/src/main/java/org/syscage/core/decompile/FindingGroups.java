package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Findings that many syscalls share, one per cause: a filter that tests the instruction
 * pointer before its dispatch makes every syscall inexpressible for the same reason, and one
 * finding naming them all reads better than four hundred.
 */
final class FindingGroups {
    private static final int NAMES_SHOWN = 8;

    private record Group(Finding.Kind kind, String cause, List<String> details, List<String> where) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();

    /** Adds {@code where} (a syscall, a range of numbers) to the group of {@code cause}; details are made once. */
    void add(Finding.Kind kind, String cause, String where, Supplier<List<String>> details) {
        List<String> places = groups.computeIfAbsent(kind + "\n" + cause,
                k -> new Group(kind, cause, details.get(), new ArrayList<>())).where();
        if (!places.contains(where)) {
            places.add(where);
        }
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (Group g : groups.values()) {
            List<String> shown = g.where().subList(0, Math.min(NAMES_SHOWN, g.where().size()));
            String more = g.where().size() > NAMES_SHOWN ? " and " + (g.where().size() - NAMES_SHOWN) + " more" : "";
            out.add(new Finding(g.kind(), g.cause() + "; for " + String.join(", ", shown) + more, g.details()));
        }
        return out;
    }
}
