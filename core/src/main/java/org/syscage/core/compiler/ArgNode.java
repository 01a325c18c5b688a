package org.syscage.core.compiler;

/**
 * The argument tests that decide one syscall, as a decision graph: each test reads one 32-bit
 * word of {@code seccomp_data} and leads to another test or to a return. Graphs may share
 * sub-graphs; compare and index them by identity.
 */
public sealed interface ArgNode permits ArgNode.Test, ArgNode.Return {

    /** Test a word; go on with {@code onTrue} or {@code onFalse}. */
    record Test(WordTest word, ArgNode onTrue, ArgNode onFalse) implements ArgNode {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** Return this action; {@code reason} says whether a rule or the default decided. */
    record Return(int action, Decision.Reason reason) implements ArgNode {
    }

    /** Reads the 32-bit word at a byte offset of {@code struct seccomp_data}. */
    @FunctionalInterface
    interface WordSource {
        int word(int offset);
    }

    /** Follows the graph for the given words. */
    static Return evaluate(ArgNode node, WordSource words) {
        ArgNode n = node;
        while (n instanceof Test t) {
            n = t.word().test(words.word(t.word().offset())) ? t.onTrue() : t.onFalse();
        }
        return (Return) n;
    }
}
