package org.syscage.core.compiler;

import java.util.List;

/**
 * The argument tests libseccomp builds for one syscall, as an ordered decision structure: a
 * level is a list of tests tried in order; a test's outcome returns an action, descends into a
 * deeper level, or continues with the next test of its level. When a deeper level runs out of
 * tests, evaluation continues after the test that led into it; when the top level runs out, the
 * filter's default action applies. This is how libseccomp's generated BPF walks its tree.
 *
 * @param tests the top level
 */
public record ArgTests(List<Test> tests) {
    public ArgTests {
        tests = List.copyOf(tests);
    }

    /** One test and where each result leads. */
    public record Test(WordTest word, Outcome onTrue, Outcome onFalse) {
    }

    /** Where a test result leads. */
    public sealed interface Outcome permits Return, Descend, Continue {
    }

    /** Stop with this action. */
    public record Return(int action) implements Outcome {
    }

    /** Try the tests of a deeper level. */
    public record Descend(ArgTests level) implements Outcome {
    }

    /** Go on with the next test of the current level. */
    public enum Continue implements Outcome {
        INSTANCE
    }

    /**
     * Evaluates the tests against the words of a {@code seccomp_data}; returns the action, or
     * null when no test decided (the caller then applies the default action).
     */
    public Integer evaluate(WordSource words) {
        for (Test t : tests) {
            Outcome o = t.word().test(words.word(t.word().offset())) ? t.onTrue() : t.onFalse();
            switch (o) {
                case Return r -> {
                    return r.action();
                }
                case Descend d -> {
                    Integer r = d.level().evaluate(words);
                    if (r != null) {
                        return r;
                    }
                }
                case Continue c -> {
                }
            }
        }
        return null;
    }

    /** Reads the 32-bit word at a byte offset of {@code struct seccomp_data}. */
    @FunctionalInterface
    public interface WordSource {
        int word(int offset);
    }
}
