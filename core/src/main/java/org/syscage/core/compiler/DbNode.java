package org.syscage.core.compiler;

import org.syscage.core.profile.Op;

/**
 * One node of libseccomp's argument tree for a syscall ({@code struct db_arg_chain_tree}): a
 * test of one 32-bit word of {@code seccomp_data}, what happens when it is true or false (an
 * action, a deeper level, or nothing: fall through to the next node of this level), and its
 * neighbours on the level. Mutable and reference-counted while the tree is built, exactly as
 * libseccomp builds it, because the order in which rules merge changes what the filter decides.
 */
final class DbNode {
    /** Argument index 0..5. */
    final int arg;
    /** Whether this node tests the high word of a 64-bit argument. */
    final boolean hiWord;
    /** Byte offset of the tested word in {@code struct seccomp_data}. */
    final int offset;
    /** The rule's operator, which orders nodes on a level. */
    final Op opOrig;
    /** The operator after libseccomp's rewrite. */
    final WordTest.Cmp op;
    final int mask;
    /** Already ANDed with {@link #mask}, as libseccomp stores it. */
    final int datum;
    /** The full 64-bit value of the rule, used by libseccomp when merging GT/GE leaves. */
    final long datumFull;

    DbNode nxtT;
    DbNode nxtF;
    DbNode lvlPrv;
    DbNode lvlNxt;
    boolean actTFlg;
    boolean actFFlg;
    int actT;
    int actF;
    int refcnt;

    DbNode(int arg, boolean hiWord, int offset, Op opOrig, WordTest.Cmp op, int mask, int datum, long datumFull) {
        this.arg = arg;
        this.hiWord = hiWord;
        this.offset = offset;
        this.opOrig = opOrig;
        this.op = op;
        this.mask = mask;
        this.datum = datum & mask;
        this.datumFull = datumFull;
    }

    boolean isLeaf() {
        return nxtT == null && nxtF == null;
    }

    /** A leaf that decides nothing. */
    boolean isZombie() {
        return isLeaf() && !actTFlg && !actFFlg;
    }

    /** libseccomp orders nodes of a level by argument, then high word before low word. */
    int argPriority() {
        return (arg << 1) + (hiWord ? 1 : 0);
    }
}
