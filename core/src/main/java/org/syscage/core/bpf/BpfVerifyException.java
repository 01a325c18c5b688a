package org.syscage.core.bpf;

import java.util.List;

import org.syscage.core.InputException;

/**
 * A filter the kernel would refuse with EINVAL. The message names the first problem (and how
 * many more there are); {@link #problems()} lists them all.
 */
public class BpfVerifyException extends InputException {
    private final List<String> problems;

    public BpfVerifyException(List<String> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String summary(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a verify failure needs at least one problem");
        }
        String first = "the kernel would reject this filter: " + problems.getFirst();
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
    }
}
