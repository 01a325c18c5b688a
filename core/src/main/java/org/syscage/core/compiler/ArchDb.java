package org.syscage.core.compiler;

import java.util.Map;
import java.util.TreeMap;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;

/**
 * libseccomp's filter database for one architecture ({@code struct db_filter}): per syscall
 * number, either one action or a tree of argument tests. Rules are merged in the order they are
 * added, with libseccomp 2.5's algorithm (db.c: rule generation for 32- and 64-bit arches, tree
 * pruning and tree merging), because that algorithm, quirks included, is what decides every
 * container's syscalls today. The code follows the algorithm step by step on purpose: any
 * "simplification" would change decisions for some profile.
 */
final class ArchDb {
    /** libseccomp refused a rule ({@code -EEXIST}): it conflicts with an earlier rule. */
    static final class Conflict extends Exception {
        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /** A syscall's entry ({@code struct db_sys_list}). */
    static final class Entry {
        /** The syscall number; negative for a pseudo-syscall (a name the arch lacks). */
        final int num;
        DbNode chains;
        int action;
        int nodeCnt;
        /** libseccomp's priority: fewer argument nodes first (an unsigned value). */
        int priority;

        Entry(int num) {
            this.num = num;
        }
    }

    private static final int MATCH = 0x1;
    private static final int MATCH_ONCE = 0x2;
    private static final int X_FINISHED = 0x10;
    private static final int N_FINISHED = 0x20;
    private static final int X_PREFIX = 0x100;
    private static final int N_PREFIX = 0x200;
    private static final int MATCHSET = MATCH | MATCH_ONCE;
    private static final int REDUNDANT = MATCH | X_FINISHED | N_PREFIX;

    private final Arch arch;
    private final TreeMap<Integer, Entry> syscalls = new TreeMap<>(Integer::compareUnsigned);

    ArchDb(Arch arch) {
        this.arch = arch;
    }

    Arch arch() {
        return arch;
    }

    /** The entries by syscall number (as seen in seccomp_data, bias included). */
    Map<Integer, Entry> entries() {
        return syscalls;
    }

    // ---- rule generation --------------------------------------------------------------------

    /**
     * Adds one rule: {@code action} for syscall {@code num} when every condition holds.
     * {@code byIndex[i]} is the condition on argument i, or null.
     */
    void addRule(int num, int action, ArgCondition[] byIndex) throws Conflict {
        Entry fresh = arch.is64Bit() ? gen64(num, action, byIndex) : gen32(num, action, byIndex);
        fresh.priority = CHAIN_MASK - fresh.nodeCnt;
        Entry existing = syscalls.get(num);
        if (existing == null) {
            syscalls.put(num, fresh);
            return;
        }
        merge(existing, fresh, action);
        existing.priority = (existing.priority & ~CHAIN_MASK) | (CHAIN_MASK - existing.nodeCnt);
    }

    private static final int CHAIN_MASK = 0xFFFF;

    private void merge(Entry existing, Entry fresh, int action) throws Conflict {
        boolean removedSome = false;
        while (true) {
            if (existing.chains == null) {
                if (removedSome) {
                    // an earlier pass pruned the whole tree: the new rule takes its place
                    existing.chains = fresh.chains;
                    existing.action = fresh.action;
                    existing.nodeCnt = fresh.nodeCnt;
                }
                // otherwise the syscall already has an unconditional action, which wins
                return;
            }
            if (fresh.chains == null) {
                // an unconditional rule replaces every argument rule of the syscall
                treePut(new Local(existing.chains));
                existing.chains = null;
                existing.nodeCnt = 0;
                existing.action = action;
                return;
            }
            State state = new State(existing, action);
            int removed = prune(rootSlot(existing), fresh.chains, state);
            if (removed > 0) {
                removedSome = true;
                existing.nodeCnt -= removed;
                if (existing.chains == null) {
                    continue;
                }
            } else if ((state.flags & REDUNDANT) == REDUNDANT) {
                // the existing tree already covers the new rule
                return;
            }
            break;
        }
        State state = new State(existing, 0);
        treeAdd(rootSlot(existing), fresh.chains, state);
        existing.nodeCnt += fresh.nodeCnt;
        existing.nodeCnt -= treePut(new Local(fresh.chains));
    }

    private static boolean needLo(ArgCondition c) {
        return !(c.op() == Op.MASKED_EQ && (int) c.value() == 0);
    }

    private static boolean needHi(ArgCondition c) {
        return !(c.op() == Op.MASKED_EQ && (int) (c.value() >>> 32) == 0);
    }

    private static long maskOf(ArgCondition c) {
        return c.op() == Op.MASKED_EQ ? c.value() : -1L;
    }

    private static long datumOf(ArgCondition c) {
        return c.op() == Op.MASKED_EQ ? c.valueTwo() : c.value();
    }

    private int offsetLo(int arg) {
        int base = 16 + 8 * arg;
        return arch.littleEndian() ? base : base + 4;
    }

    private int offsetHi(int arg) {
        int base = 16 + 8 * arg;
        return arch.littleEndian() ? base + 4 : base;
    }

    private static DbNode get(DbNode n) {
        if (n != null) {
            n.refcnt++;
        }
        return n;
    }

    private Entry gen64(int num, int action, ArgCondition[] byIndex) {
        Entry s = new Entry(num);
        DbNode[] prev = null;
        Op opPrev = null;
        DbNode[] cur = null;
        for (int arg = 0; arg < byIndex.length; arg++) {
            ArgCondition c = byIndex[arg];
            if (c == null || (!needHi(c) && !needLo(c))) {
                continue;
            }
            long mask = maskOf(c);
            long datum = datumOf(c);
            int maskHi = (int) (mask >>> 32);
            int maskLo = (int) mask;
            int datumHi = (int) (datum >>> 32);
            int datumLo = (int) datum;
            cur = new DbNode[3];
            switch (c.op()) {
                case GT, GE, LE, LT -> {
                    WordTest.Cmp loCmp = c.op() == Op.GT || c.op() == Op.LE ? WordTest.Cmp.GT : WordTest.Cmp.GE;
                    cur[0] = new DbNode(arg, true, offsetHi(arg), c.op(), WordTest.Cmp.GT, maskHi, datumHi, datum);
                    cur[1] = new DbNode(arg, true, offsetHi(arg), c.op(), WordTest.Cmp.EQ, maskHi, datumHi, datum);
                    cur[2] = new DbNode(arg, false, offsetLo(arg), c.op(), loCmp, maskLo, datumLo, datum);
                    cur[0].nxtF = get(cur[1]);
                    cur[1].nxtT = get(cur[2]);
                }
                case EQ, MASKED_EQ, NE -> {
                    WordTest.Cmp cmp = c.op() == Op.MASKED_EQ ? WordTest.Cmp.MASKED_EQ : WordTest.Cmp.EQ;
                    cur[0] = new DbNode(arg, true, offsetHi(arg), c.op(), cmp, maskHi, datumHi, datum);
                    cur[1] = new DbNode(arg, false, offsetLo(arg), c.op(), cmp, maskLo, datumLo, datum);
                    cur[0].nxtT = get(cur[1]);
                }
            }
            if (prev != null) {
                switch (opPrev) {
                    case GT, GE -> {
                        prev[0].nxtT = get(cur[0]);
                        prev[2].nxtT = get(cur[0]);
                    }
                    case EQ, MASKED_EQ -> prev[1].nxtT = get(cur[0]);
                    case LE, LT -> {
                        prev[1].nxtF = get(cur[0]);
                        prev[2].nxtF = get(cur[0]);
                    }
                    case NE -> {
                        prev[0].nxtF = get(cur[0]);
                        prev[1].nxtF = get(cur[0]);
                    }
                }
            } else {
                s.chains = get(cur[0]);
            }
            s.nodeCnt += cur[2] == null ? 2 : 3;
            prev = cur;
            opPrev = c.op();
        }
        if (cur == null) {
            s.action = action;
            return s;
        }
        switch (opPrev) {
            case GT, GE -> {
                setTrue(cur[0], action);
                setTrue(cur[2], action);
            }
            case LE, LT -> {
                setFalse(cur[1], action);
                setFalse(cur[2], action);
            }
            case EQ, MASKED_EQ -> setTrue(cur[1], action);
            case NE -> {
                setFalse(cur[0], action);
                setFalse(cur[1], action);
            }
        }
        return s;
    }

    private Entry gen32(int num, int action, ArgCondition[] byIndex) {
        Entry s = new Entry(num);
        DbNode prev = null;
        DbNode cur = null;
        boolean onTrue = true;
        for (int arg = 0; arg < byIndex.length; arg++) {
            ArgCondition c = byIndex[arg];
            if (c == null || !needLo(c)) {
                continue;
            }
            WordTest.Cmp cmp;
            boolean nextOnTrue;
            switch (c.op()) {
                case NE -> { cmp = WordTest.Cmp.EQ; nextOnTrue = false; }
                case LT -> { cmp = WordTest.Cmp.GE; nextOnTrue = false; }
                case LE -> { cmp = WordTest.Cmp.GT; nextOnTrue = false; }
                case MASKED_EQ -> { cmp = WordTest.Cmp.MASKED_EQ; nextOnTrue = true; }
                case EQ -> { cmp = WordTest.Cmp.EQ; nextOnTrue = true; }
                case GT -> { cmp = WordTest.Cmp.GT; nextOnTrue = true; }
                case GE -> { cmp = WordTest.Cmp.GE; nextOnTrue = true; }
                default -> throw new IllegalStateException();
            }
            // a 32-bit arch keeps only the low word of the rule's value and mask
            cur = new DbNode(arg, false, offsetLo(arg), c.op(), cmp, (int) maskOf(c), (int) datumOf(c), datumOf(c));
            if (prev != null) {
                if (onTrue) {
                    prev.nxtT = get(cur);
                } else {
                    prev.nxtF = get(cur);
                }
            } else {
                s.chains = get(cur);
            }
            s.nodeCnt++;
            onTrue = nextOnTrue;
            prev = cur;
        }
        if (cur == null) {
            s.action = action;
        } else if (onTrue) {
            setTrue(cur, action);
        } else {
            setFalse(cur, action);
        }
        return s;
    }

    private static void setTrue(DbNode n, int action) {
        n.actTFlg = true;
        n.actT = action;
    }

    private static void setFalse(DbNode n, int action) {
        n.actFFlg = true;
        n.actF = action;
    }

    // ---- node ordering ----------------------------------------------------------------------

    private static int opPriority(Op op) {
        return switch (op) {
            case MASKED_EQ, EQ, NE -> 3;
            case LE, LT -> 2;
            case GE, GT -> 1;
        };
    }

    private static boolean chainLt(DbNode a, DbNode b) {
        int aArg = a.argPriority();
        int bArg = b.argPriority();
        if (aArg != bArg) {
            return aArg < bArg;
        }
        int aOp = opPriority(a.opOrig);
        int bOp = opPriority(b.opOrig);
        if (aOp != bOp) {
            return aOp < bOp;
        }
        if (a.opOrig == Op.LE || a.opOrig == Op.LT) {
            return Integer.compareUnsigned(a.datum, b.datum) > 0;
        }
        return Integer.compareUnsigned(a.datum, b.datum) < 0;
    }

    private static boolean chainEq(DbNode a, DbNode b) {
        return a.argPriority() == b.argPriority() && a.op == b.op && a.datum == b.datum && a.mask == b.mask;
    }

    // ---- references -------------------------------------------------------------------------

    /** A place that holds a node pointer (a C {@code struct db_arg_chain_tree **}). */
    private interface Slot {
        DbNode get();

        void set(DbNode n);
    }

    private static final class Local implements Slot {
        DbNode v;

        Local(DbNode v) {
            this.v = v;
        }

        @Override public DbNode get() { return v; }

        @Override public void set(DbNode n) { v = n; }
    }

    private static Slot trueSlot(DbNode n) {
        return new Slot() {
            @Override public DbNode get() { return n.nxtT; }

            @Override public void set(DbNode x) { n.nxtT = x; }
        };
    }

    private static Slot falseSlot(DbNode n) {
        return new Slot() {
            @Override public DbNode get() { return n.nxtF; }

            @Override public void set(DbNode x) { n.nxtF = x; }
        };
    }

    private static Slot rootSlot(Entry e) {
        return new Slot() {
            @Override public DbNode get() { return e.chains; }

            @Override public void set(DbNode x) { e.chains = x; }
        };
    }

    /** Drops a reference; a node that loses its last one leaves its level with its sub-trees. */
    private static int nodePut(Slot node) {
        DbNode n = node.get();
        if (n == null) {
            return 0;
        }
        int cnt = 0;
        if (--n.refcnt == 0) {
            Local lvlP = new Local(n.lvlPrv);
            Local lvlN = new Local(n.lvlNxt);
            Local nxtT = new Local(n.nxtT);
            Local nxtF = new Local(n.nxtF);
            if (lvlP.v != null) {
                lvlP.v.lvlNxt = null;
            }
            if (lvlN.v != null) {
                lvlN.v.lvlPrv = null;
            }
            if (lvlP.v != null) {
                cnt += nodePut(lvlP);
            }
            if (lvlN.v != null) {
                cnt += nodePut(lvlN);
            }
            if (lvlP.v != null) {
                lvlP.v.lvlNxt = get(lvlN.v);
            }
            if (lvlN.v != null) {
                lvlN.v.lvlPrv = get(lvlP.v);
            }
            node.set(lvlP.v != null ? lvlP.v : lvlN.v);
            cnt += treePut(nxtT);
            cnt += treePut(nxtF);
            cnt++;
        }
        return cnt;
    }

    private static int treePut(Slot tree) {
        int cnt = nodePut(tree);
        if (tree.get() != null) {
            cnt += levelClean(tree.get());
        }
        return cnt;
    }

    /** Longer than any level of a real filter: a walk this long goes round a ring. */
    private static final int LEVEL_WALK_LIMIT = 1 << 20;

    /**
     * The first node of {@code n}'s level. libseccomp 2.5.4 can link a level into a ring (two
     * rules that share a range condition followed by different conditions on a later argument):
     * its seccomp_rule_add then walks the ring forever and runc hangs starting the container.
     * syscage refuses such a profile instead.
     */
    private static DbNode levelStart(DbNode n) {
        int steps = 0;
        while (n.lvlPrv != null) {
            n = n.lvlPrv;
            if (++steps > LEVEL_WALK_LIMIT) {
                throw endlessLoop();
            }
        }
        return n;
    }

    static CompileException endlessLoop() {
        return new CompileException("libseccomp 2.5.4 never finishes adding these rules (its rule tree "
                + "becomes a ring; runc hangs starting the container): avoid two rules of one syscall that share a "
                + "range condition (NE, LT, LE, GT, GE) followed by different conditions on a later argument");
    }

    /** Frees a whole level when nothing but its own sibling links refers to it. */
    private static int levelClean(DbNode node) {
        DbNode start = levelStart(node);
        DbNode n = start;
        int steps = 0;
        while (n != null) {
            int links = (n.lvlPrv != null ? 1 : 0) + (n.lvlNxt != null ? 1 : 0);
            if (n.refcnt > links) {
                return 0;
            }
            n = n.lvlNxt;
            if (++steps > LEVEL_WALK_LIMIT) {
                throw endlessLoop();
            }
        }
        int cnt = 0;
        Local it = new Local(start);
        steps = 0;
        while (it.v != null) {
            if (++steps > LEVEL_WALK_LIMIT) {
                throw endlessLoop();
            }
            DbNode before = it.v;
            int freed = nodePut(it);
            cnt += freed;
            if (freed == 0 && it.v == before) {
                break; // a node that stays alive ends the sweep (cannot happen on a sound tree)
            }
        }
        return cnt;
    }

    /** Removes {@code node} (and what hangs below it) from the tree, and any node left empty. */
    private static int treeRemove(Slot tree, DbNode node) {
        if (tree == null || tree.get() == null || node == null) {
            return 0;
        }
        int cnt = 0;
        DbNode c = levelStart(tree.get());
        boolean remove = false;
        do {
            if (c == node) {
                remove = true;
                break;
            }
            cnt += treeRemove(trueSlot(c), node);
            cnt += treeRemove(falseSlot(c), node);
            if (c.isZombie()) {
                remove = true;
                break;
            }
            c = c.lvlNxt;
        } while (c != null && cnt == 0);
        if (!remove) {
            return cnt;
        }
        if (c == tree.get()) {
            tree.set(c.lvlPrv != null ? c.lvlPrv : c.lvlNxt);
        }
        if (c.lvlPrv != null) {
            c.lvlPrv.lvlNxt = c.lvlNxt;
        }
        if (c.lvlNxt != null) {
            c.lvlNxt.lvlPrv = c.lvlPrv;
        }
        c.lvlPrv = null;
        c.lvlNxt = null;
        cnt += nodePut(new Local(c));
        return cnt;
    }

    /** Whether every action in the tree equals {@code action}. */
    private static boolean actionsAllEqual(DbNode tree, int action) {
        if (tree == null) {
            return true;
        }
        DbNode c = levelStart(tree);
        do {
            if (c.actTFlg && c.actT != action) {
                return false;
            }
            if (c.actFFlg && c.actF != action) {
                return false;
            }
            if (!actionsAllEqual(c.nxtT, action) || !actionsAllEqual(c.nxtF, action)) {
                return false;
            }
            c = c.lvlNxt;
        } while (c != null);
        return true;
    }

    // ---- pruning and merging ----------------------------------------------------------------

    /** What a pruning pass learnt about the new tree versus the existing one. */
    private static final class State {
        int flags;
        final int action;
        final Entry sx;

        State(Entry sx, int action) {
            this.sx = sx;
            this.action = action;
        }

        State copy() {
            State s = new State(sx, action);
            s.flags = flags;
            return s;
        }
    }

    /** Removes existing sub-trees the new rule makes redundant; returns the number of nodes freed. */
    private static int prune(Slot existing, DbNode fresh, State state) {
        int cnt = 0;
        State stateNew = state.copy();
        DbNode x = existing.get();
        DbNode n = fresh;
        done:
        {
            if (n == null || x == null) {
                break done;
            }
            if ((state.flags & MATCHSET) == MATCH_ONCE) {
                break done;
            }
            x = levelStart(x);
            do {
                DbNode xNext = x.lvlNxt;
                next:
                {
                    if (chainEq(x, n)) {
                        stateNew.flags |= MATCHSET;
                        if (n.isLeaf()) {
                            stateNew.flags |= N_FINISHED;
                        }
                        if (x.isLeaf()) {
                            stateNew.flags |= X_FINISHED;
                        }
                        if ((x.actTFlg || x.nxtT != null) && !(n.actTFlg || n.nxtT != null)) {
                            break done;
                        }
                        if ((x.actFFlg || x.nxtF != null) && !(n.actFFlg || n.nxtF != null)) {
                            break done;
                        }
                        if ((stateNew.flags & N_FINISHED) != 0 && (stateNew.flags & X_FINISHED) != 0) {
                            if (n.actTFlg != x.actTFlg || n.actT != x.actT
                                    || n.actFFlg != x.actFFlg || n.actF != x.actF) {
                                break done;
                            }
                        }
                        if (n.nxtT != null) {
                            get(x);
                            State stateNxt = state.copy();
                            stateNxt.flags |= MATCHSET;
                            cnt += prune(trueSlot(x), n.nxtT, stateNxt);
                            Local lx = new Local(x);
                            cnt += nodePut(lx);
                            x = lx.v;
                            if ((stateNxt.flags & MATCH) != 0) {
                                stateNew.flags |= stateNxt.flags;
                            }
                            if (x == null) {
                                break next;
                            }
                        }
                        if (n.nxtF != null) {
                            get(x);
                            State stateNxt = state.copy();
                            stateNxt.flags |= MATCHSET;
                            cnt += prune(falseSlot(x), n.nxtF, stateNxt);
                            Local lx = new Local(x);
                            cnt += nodePut(lx);
                            x = lx.v;
                            if ((stateNxt.flags & MATCH) != 0) {
                                stateNew.flags |= stateNxt.flags;
                            }
                            if (x == null) {
                                break next;
                            }
                        }
                        boolean sameActions = actionsAllEqual(x, stateNew.action);
                        if (sameActions && (stateNew.flags & MATCH) != 0 && (stateNew.flags & N_FINISHED) != 0
                                && (stateNew.flags & X_PREFIX) != 0) {
                            // the new tree is shorter: the existing branch is redundant
                            cnt += treeRemove(rootSlot(state.sx), x);
                            if (state.sx.chains == null) {
                                break done;
                            }
                        } else if (sameActions && (stateNew.flags & MATCH) != 0
                                && (stateNew.flags & X_FINISHED) != 0 && (stateNew.flags & N_PREFIX) != 0) {
                            // the new tree is longer: nothing to prune
                            break done;
                        }
                    } else if (chainLt(x, n)) {
                        if ((state.flags & N_PREFIX) != 0) {
                            break done;
                        }
                        if (x.nxtT != null) {
                            get(x);
                            State stateNxt = state.copy();
                            stateNxt.flags &= ~MATCH;
                            stateNxt.flags |= X_PREFIX;
                            cnt += prune(trueSlot(x), n, stateNxt);
                            Local lx = new Local(x);
                            cnt += nodePut(lx);
                            x = lx.v;
                            if ((stateNxt.flags & MATCH) != 0) {
                                stateNew.flags |= stateNxt.flags;
                                break done;
                            }
                            if (x == null) {
                                break next;
                            }
                        }
                        if (x.nxtF != null) {
                            get(x);
                            State stateNxt = state.copy();
                            stateNxt.flags &= ~MATCH;
                            stateNxt.flags |= X_PREFIX;
                            cnt += prune(falseSlot(x), n, stateNxt);
                            Local lx = new Local(x);
                            cnt += nodePut(lx);
                            x = lx.v;
                            if ((stateNxt.flags & MATCH) != 0) {
                                stateNew.flags |= stateNxt.flags;
                                break done;
                            }
                            if (x == null) {
                                break next;
                            }
                        }
                    } else {
                        if ((state.flags & X_PREFIX) != 0) {
                            break done;
                        }
                        if (n.nxtT != null) {
                            get(x);
                            State stateNxt = state.copy();
                            stateNxt.flags &= ~MATCH;
                            stateNxt.flags |= N_PREFIX;
                            cnt += prune(new Local(x), n.nxtT, stateNxt);
                            Local lx = new Local(x);
                            cnt += nodePut(lx);
                            x = lx.v;
                            if ((stateNxt.flags & MATCH) != 0) {
                                stateNew.flags |= stateNxt.flags;
                                break done;
                            }
                            if (x == null) {
                                break next;
                            }
                        }
                        if (n.nxtF != null) {
                            get(x);
                            State stateNxt = state.copy();
                            stateNxt.flags &= ~MATCH;
                            stateNxt.flags |= N_PREFIX;
                            cnt += prune(new Local(x), n.nxtF, stateNxt);
                            Local lx = new Local(x);
                            cnt += nodePut(lx);
                            x = lx.v;
                            if ((stateNxt.flags & MATCH) != 0) {
                                stateNew.flags |= stateNxt.flags;
                                break done;
                            }
                            if (x == null) {
                                break next;
                            }
                        }
                    }
                }
                x = xNext;
            } while (x != null);
            // falling through: nothing matched
            stateNew.flags &= ~MATCH;
        }
        if ((stateNew.flags & MATCH) != 0) {
            state.flags |= stateNew.flags;
        } else {
            state.flags &= ~MATCH;
        }
        return cnt;
    }

    /** Merges the new rule's tree into the existing one. */
    private static void treeAdd(Slot existing, DbNode fresh, State state) throws Conflict {
        DbNode x = existing.get();
        DbNode n = fresh;
        do {
            if (chainEq(x, n)) {
                if (n.actTFlg) {
                    if (!x.actTFlg) {
                        if (!actionsAllEqual(x.nxtT, n.actT)) {
                            throw new Conflict("a rule with the same condition has a different action");
                        }
                        int freed = nodePut(trueSlot(x));
                        x.nxtT = null;
                        x.actT = n.actT;
                        x.actTFlg = true;
                        state.sx.nodeCnt -= freed;
                    } else if (n.actT != x.actT) {
                        // libseccomp's attempt to order 64-bit GT/GE leaves by their full value
                        if (n.hiWord && Long.compareUnsigned(n.datumFull, x.datumFull) > 0) {
                            x.actT = n.actT;
                        }
                        if (x.isLeaf() || n.isLeaf()) {
                            throw new Conflict("a rule with the same condition has a different action");
                        }
                    }
                }
                if (n.actFFlg) {
                    if (!x.actFFlg) {
                        if (!actionsAllEqual(x.nxtF, n.actF)) {
                            throw new Conflict("a rule with the same condition has a different action");
                        }
                        int freed = nodePut(falseSlot(x));
                        x.nxtF = null;
                        x.actF = n.actF;
                        x.actFFlg = true;
                        state.sx.nodeCnt -= freed;
                    } else if (n.actF != x.actF) {
                        // libseccomp 2.5 updates the true action here (sic)
                        if (n.hiWord && Long.compareUnsigned(n.datumFull, x.datumFull) < 0) {
                            x.actT = n.actT;
                        }
                        if (x.isLeaf() || n.isLeaf()) {
                            throw new Conflict("a rule with the same condition has a different action");
                        }
                    }
                }
                if (n.nxtT != null) {
                    if (x.nxtT != null) {
                        treeAdd(trueSlot(x), n.nxtT, state);
                    } else if (!x.actTFlg) {
                        x.nxtT = get(n.nxtT);
                    } else {
                        return;
                    }
                }
                if (n.nxtF != null) {
                    if (x.nxtF != null) {
                        treeAdd(falseSlot(x), n.nxtF, state);
                    } else if (!x.actFFlg) {
                        x.nxtF = get(n.nxtF);
                    } else {
                        return;
                    }
                }
                return;
            } else if (!chainLt(x, n)) {
                if (x.lvlNxt == null) {
                    n.lvlPrv = get(x);
                    x.lvlNxt = get(n);
                    return;
                }
                x = x.lvlNxt;
            } else {
                if (x.lvlPrv != null) {
                    x.lvlPrv.lvlNxt = get(n);
                    n.lvlPrv = x.lvlPrv;
                    x.lvlPrv = get(n);
                    n.lvlNxt = x;
                } else {
                    x.lvlPrv = get(n);
                    n.lvlNxt = get(x);
                }
                if (existing.get() == x) {
                    existing.set(get(n));
                    nodePut(new Local(x));
                }
                return;
            }
        } while (x != null);
    }
}
