package org.syscage.core.compiler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The code generator's intermediate form: a graph of BPF operations on the accumulator, built
 * through one {@link Ir} instance that shares identical nodes (so identical return blocks and
 * identical argument checks exist once). {@link Linearizer} turns it into a program.
 */
final class Ir {
    /** A node; {@code id} orders nothing, it only makes sharing cheap. */
    sealed interface Node permits Ret, Jump, Load, And {
        int id();
    }

    /** {@code ret #action}. */
    record Ret(int id, int action) implements Node {
    }

    /** A conditional jump on A against a constant: {@code op} is BPF_JEQ, BPF_JGT, BPF_JGE or BPF_JSET. */
    record Jump(int id, int op, int k, Node onTrue, Node onFalse) implements Node {
    }

    /** {@code ld [offset]}, then {@code next}. */
    record Load(int id, int offset, Node next) implements Node {
    }

    /** {@code and #mask}, then {@code next}. */
    record And(int id, int mask, Node next) implements Node {
    }

    private final Map<List<Integer>, Node> shared = new HashMap<>();
    private int nextId;

    Ret ret(int action) {
        return (Ret) shared.computeIfAbsent(List.of(0, action), k -> new Ret(nextId++, action));
    }

    Node jump(int op, int k, Node onTrue, Node onFalse) {
        if (onTrue == onFalse) {
            return onTrue; // a test whose outcome does not matter is no test
        }
        return shared.computeIfAbsent(List.of(1, op, k, onTrue.id(), onFalse.id()),
                key -> new Jump(nextId++, op, k, onTrue, onFalse));
    }

    Node load(int offset, Node next) {
        if (next instanceof Ret) {
            return next;
        }
        return shared.computeIfAbsent(List.of(2, offset, next.id()), key -> new Load(nextId++, offset, next));
    }

    Node and(int mask, Node next) {
        if (next instanceof Ret) {
            return next;
        }
        return shared.computeIfAbsent(List.of(3, mask, next.id()), key -> new And(nextId++, mask, next));
    }
}
