package org.syscage.core.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;

/**
 * libseccomp 2.5's BPF generator (gen_bpf.c, default optimization level 1), step by step.
 *
 * <p>Why reproduce it rather than just the rule semantics: libseccomp tracks which word the
 * accumulator holds while it generates code, and when a deeper level of argument tests falls
 * through to the next test of an outer level, that next test may skip its load and compare
 * whatever word the deeper level left behind. Whether it does depends on the order in which the
 * generator lays out its blocks. The result is what runc-started containers really get, so the
 * compiler reproduces the generator — blocks, their de-duplication, their layout, the loads it
 * inserts — and reads the meaning of a profile off the generated program ({@link SpecExtractor}).
 * The same code yields libseccomp's exact program, which the benchmark compares against.
 */
final class LibseccompGen {
    /** What the accumulator holds: a word of seccomp_data, possibly masked. offset -1: unknown. */
    record Acc(int offset, int mask) {
        static final Acc UNDEF = new Acc(-1, -1);

        static Acc at(int offset) {
            return new Acc(offset, -1);
        }
    }

    /** A jump target or operand as the generator carries it until the final layout. */
    sealed interface Tgt {
    }

    record None() implements Tgt {
        static final None INSTANCE = new None();
    }

    /** Fall through to the n-th next block (top level) or the next test of the level. */
    record Nxt(int n) implements Tgt {
    }

    record K(int value) implements Tgt {
    }

    /** A level of the argument tree not generated yet. */
    record Db(DbNode node) implements Tgt {
    }

    /** A block not added to the hash table yet. */
    record BlkRef(Blk blk) implements Tgt {
    }

    /** A block by its hash (as libseccomp refers to finished blocks). */
    record Hsh(long hash) implements Tgt {
    }

    static final class Ins {
        final int op;
        Tgt jt;
        Tgt jf;
        Tgt k;

        Ins(int op, Tgt jt, Tgt jf, Tgt k) {
            this.op = op;
            this.jt = jt;
            this.jf = jf;
            this.k = k;
        }

        Object key() {
            return List.of(op, jt, jf, k);
        }
    }

    /** An instruction block ({@code struct bpf_blk}). */
    static final class Blk {
        final List<Ins> ins = new ArrayList<>();
        Acc accStart = Acc.UNDEF;
        Acc accEnd = Acc.UNDEF;
        boolean hashed;
        boolean dup;
        long hash;
        int priority;
        Blk lvlPrv;
        Blk lvlNxt;
        Blk prev;
        Blk next;
        /** For blocks of the syscall dispatch: the syscall number, else null. */
        Integer syscall;
        /** Which RET this is, when it is one of the filter-wide actions. */
        boolean isBadArch;
        /** The x86_64/x32 check that sends the other ABI's numbers to the bad-arch action. */
        boolean isAbiCheck;

        Blk append(Ins i) {
            ins.add(i);
            return this;
        }
    }

    private static final class Bucket {
        final Blk blk;
        boolean found;

        Bucket(Blk blk, boolean found) {
            this.blk = blk;
            this.found = found;
        }
    }

    private static final int LD_ABS = Bpf.BPF_LD | Bpf.BPF_W | Bpf.BPF_ABS;
    private static final int AND_K = Bpf.BPF_ALU | Bpf.BPF_AND | Bpf.BPF_K;
    private static final int JEQ = Bpf.BPF_JMP | Bpf.BPF_JEQ | Bpf.BPF_K;
    private static final int JGT = Bpf.BPF_JMP | Bpf.BPF_JGT | Bpf.BPF_K;
    private static final int JGE = Bpf.BPF_JMP | Bpf.BPF_JGE | Bpf.BPF_K;
    private static final int JA = Bpf.BPF_JMP | Bpf.BPF_JA;
    private static final int RET = Bpf.BPF_RET | Bpf.BPF_K;
    private static final int JMP_MAX = 255;

    private final Map<Object, Bucket> byContent = new HashMap<>();
    private final Map<Long, Bucket> byHash = new HashMap<>();
    private long nextHash = 1;
    private long defHash;
    private long badArchHash;
    private final int defaultAction;
    private final int badArchAction;
    /** libseccomp's optimization level: 1 (priority order) or 2 (binary tree). */
    private final int optimize;

    /** The arches' databases in the order the filter lists them. */
    private final List<ArchDb> dbs;
    /** The arches whose syscall-number load libseccomp drops with a leading pseudo-syscall. */
    private final List<Arch> lostNumberLoads = new ArrayList<>();

    /** The laid-out program: the first block, after {@link #generate()}. */
    private Blk head;

    LibseccompGen(List<ArchDb> dbs, int defaultAction, int badArchAction, int optimize) {
        this.dbs = dbs;
        this.defaultAction = defaultAction;
        this.badArchAction = badArchAction;
        this.optimize = optimize;
    }

    Blk head() {
        return head;
    }

    long defaultHash() {
        return defHash;
    }

    long badArchHash() {
        return badArchHash;
    }

    Blk byHash(long hash) {
        return byHash.get(hash).blk;
    }

    // ---- hashing --------------------------------------------------------------------------

    private Object contentKey(Blk b) {
        List<Object> k = new ArrayList<>(b.ins.size() + 2);
        for (Ins i : b.ins) {
            k.add(i.key());
        }
        k.add(b.accStart);
        k.add(b.accEnd);
        return k;
    }

    /** Adds a block to the hash table; returns the block to use (an identical older one, or it). */
    private Blk hshAdd(Blk blk, boolean found) {
        if (blk.hashed) {
            return blk;
        }
        Object key = contentKey(blk);
        Bucket existing = byContent.get(key);
        blk.hashed = true;
        if (existing != null) {
            blk.hash = existing.blk.hash;
            if (found) {
                blk.dup = true;
                return blk;
            }
            if (existing.blk.priority < blk.priority) {
                existing.blk.priority = blk.priority;
            }
            return existing.blk;
        }
        blk.hash = nextHash++;
        Bucket b = new Bucket(blk, found);
        byContent.put(key, b);
        byHash.put(blk.hash, b);
        return blk;
    }

    private Blk findOnce(long hash) {
        Bucket b = byHash.get(hash);
        if (b == null || b.found) {
            return null;
        }
        b.found = true;
        return b.blk;
    }

    // ---- generation -----------------------------------------------------------------------

    private Blk action(int action) {
        return new Blk().append(new Ins(RET, None.INSTANCE, None.INSTANCE, new K(action)));
    }

    private Blk actionHsh(int action) {
        return hshAdd(action(action), false);
    }

    /** Mutable accumulator state threaded through a level. */
    private static final class AccState {
        Acc acc;

        AccState(Acc acc) {
            this.acc = acc;
        }
    }

    private Blk genNode(DbNode node, AccState a) {
        Blk blk = new Blk();
        blk.accStart = a.acc;
        long actT = node.actTFlg ? actionHsh(node.actT).hash : 0;
        long actF = node.actFFlg ? actionHsh(node.actF).hash : 0;
        int accOffset = node.offset;
        int accMask = node.mask;
        if (accOffset != a.acc.offset() || (accMask & a.acc.mask()) != accMask) {
            a.acc = Acc.at(accOffset);
            blk.append(new Ins(LD_ABS, None.INSTANCE, None.INSTANCE, new K(accOffset)));
            blk.accStart = Acc.UNDEF;
        }
        if (accMask != a.acc.mask()) {
            a.acc = new Acc(a.acc.offset(), accMask);
            blk.append(new Ins(AND_K, None.INSTANCE, None.INSTANCE, new K(accMask)));
        }
        blk.accEnd = a.acc;
        int op = switch (node.op) {
            case EQ, MASKED_EQ -> JEQ;
            case GT -> JGT;
            case GE -> JGE;
        };
        Tgt jt = node.nxtT != null ? new Db(node.nxtT) : node.actTFlg ? new Hsh(actT) : new Nxt(0);
        Tgt jf = node.nxtF != null ? new Db(node.nxtF) : node.actFFlg ? new Hsh(actF) : new Nxt(0);
        blk.append(new Ins(op, jt, jf, new K(node.datum)));
        return blk;
    }

    private Blk lvlRes(ArchDb.Entry sys, Blk blk, Tgt nxtJump) {
        if (blk.hashed) {
            return blk;
        }
        for (Ins i : blk.ins) {
            i.jt = resolve(sys, blk, i.jt, nxtJump);
            i.jf = resolve(sys, blk, i.jf, nxtJump);
        }
        return hshAdd(blk, false);
    }

    private Tgt resolve(ArchDb.Entry sys, Blk blk, Tgt t, Tgt nxtJump) {
        return switch (t) {
            case BlkRef r -> new Hsh(lvlRes(sys, r.blk(), nxtJump).hash);
            case Db d -> new Hsh(genChain(sys, d.node(), nxtJump, blk.accEnd).hash);
            default -> t;
        };
    }

    private Blk genChain(ArchDb.Entry sys, DbNode chain, Tgt nxtJump, Acc start) {
        AccState acc = new AccState(start);
        Blk bHead = null;
        Blk bTail = null;
        if (chain == null) {
            bHead = action(sys.action);
            bTail = bHead;
        } else {
            DbNode c = chain;
            while (c.lvlPrv != null) {
                c = c.lvlPrv;
            }
            for (; c != null; c = c.lvlNxt) {
                Blk b = genNode(c, acc);
                if (bHead == null) {
                    bHead = b;
                } else {
                    b.lvlPrv = bTail;
                    bTail.lvlNxt = b;
                }
                bTail = b;
            }
            for (Blk b = bHead; b != null; b = b.lvlNxt) {
                Blk next = b.lvlNxt;
                for (Ins i : b.ins) {
                    if (i.jt instanceof Nxt) {
                        i.jt = next == null ? nxtJump : new BlkRef(next);
                    }
                    if (i.jf instanceof Nxt) {
                        i.jf = next == null ? nxtJump : new BlkRef(next);
                    }
                }
            }
        }
        Blk b = bTail;
        while (b != null) {
            Blk prev = b.lvlPrv;
            Blk next = b.lvlNxt;
            b = lvlRes(sys, b, next == null ? nxtJump : new BlkRef(next));
            if (prev != null) {
                prev.lvlNxt = b;
            }
            b.lvlPrv = prev;
            b.lvlNxt = next;
            if (next != null) {
                next.lvlPrv = b;
            }
            if (b.lvlPrv == null) {
                bHead = b;
            }
            b = prev;
        }
        return bHead;
    }

    private Blk genSyscall(ArchDb.Entry sys, long nxtHash, boolean accReset) {
        Blk blkS = new Blk();
        Acc a;
        if (accReset) {
            blkS.append(new Ins(LD_ABS, None.INSTANCE, None.INSTANCE, new K(Bpf.SECCOMP_DATA_NR)));
            a = Acc.at(Bpf.SECCOMP_DATA_NR);
            blkS.accStart = Acc.UNDEF;
        } else {
            a = Acc.UNDEF;
            blkS.accStart = Acc.at(Bpf.SECCOMP_DATA_NR);
        }
        blkS.accEnd = Acc.at(Bpf.SECCOMP_DATA_NR);
        Blk blkC = genChain(sys, sys.chains, new Hsh(defHash), a);
        blkS.append(new Ins(JEQ, new Hsh(blkC.hash), new Hsh(nxtHash), new K(sys.num)));
        blkS.priority = sys.priority;
        blkS.syscall = sys.num;
        return hshAdd(blkS, true);
    }

    /** The arch's blocks, first one first; the count of blocks after the arch check. */
    private record Section(Blk first, int count) {
    }

    private static final int SYSCALLS_PER_NODE = 4;
    private static final long HASH_INVALID = -1;
    private static final int SYSCALL_INVALID = -1;

    private Section genArch(ArchDb db, ArchDb secondary) {
        List<ArchDb.Entry> order = new ArrayList<>();
        sort(db, order);
        if (secondary != null) {
            sort(secondary, order);
        }
        boolean x86Family = db.arch() == Arch.X86_64 || db.arch() == Arch.X32;
        boolean accReset = !(x86Family && secondary == null);
        int levels = 0;
        int emptyCnt = 0;
        long[] treeHashes = null;
        int[] treeSyscalls = null;
        if (optimize == 2) {
            int count = (int) order.stream().filter(e -> e.num >= 0).count();
            if (count > 0) {
                levels = 2;
                for (long max = SYSCALLS_PER_NODE * 2; max < count; max <<= 1) {
                    levels++;
                }
                emptyCnt = ((SYSCALLS_PER_NODE * 2) << (levels - 1)) - count;
                treeHashes = new long[levels];
                treeSyscalls = new int[levels];
                java.util.Arrays.fill(treeHashes, HASH_INVALID);
                java.util.Arrays.fill(treeSyscalls, SYSCALL_INVALID);
                accReset = false; // the tree's first block loads the number
            }
        }
        Blk bHead = null;
        int blkCnt = 0;
        int syscallCnt = 0;
        ArchDb.Entry sHead = order.isEmpty() ? null : order.getFirst();
        if (sHead != null && sHead.num < 0 && accReset && order.stream().anyMatch(e -> e.num >= 0)) {
            lostNumberLoads.add(db.arch());
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            ArchDb.Entry s = order.get(i);
            if (s.num < 0) {
                continue; // pseudo-syscall: never in the program (its load of nr goes with it)
            }
            long nxt = levels > 0 && (syscallCnt + emptyCnt) % SYSCALLS_PER_NODE == 0 ? defHash
                    : bHead == null ? defHash : bHead.hash;
            Blk bNew = genSyscall(s, nxt, s == sHead && accReset);
            bNew.prev = null;
            bNew.next = bHead;
            if (bHead != null) {
                bHead.prev = bNew;
            }
            bHead = bNew;
            blkCnt++;
            syscallCnt++;
            if (levels > 0) {
                Blk[] headRef = {bHead};
                blkCnt += bintree(treeHashes, treeSyscalls, levels, syscallCnt + emptyCnt, s.num, bNew, headRef);
                bHead = headRef[0];
            }
        }
        if (levels > 0) {
            Blk ld = new Blk().append(new Ins(LD_ABS, None.INSTANCE, None.INSTANCE, new K(Bpf.SECCOMP_DATA_NR)));
            ld.next = bHead;
            if (bHead != null) {
                bHead.prev = ld;
            }
            bHead = hshAdd(ld, true);
            bHead.accStart = Acc.UNDEF;
            bHead.accEnd = Acc.at(Bpf.SECCOMP_DATA_NR);
            blkCnt++;
        }
        long target = bHead == null ? defHash : bHead.hash;
        if (x86Family && secondary == null) {
            Blk abi = new Blk();
            abi.isAbiCheck = true;
            abi.append(new Ins(LD_ABS, None.INSTANCE, None.INSTANCE, new K(Bpf.SECCOMP_DATA_NR)));
            abi.accEnd = Acc.at(Bpf.SECCOMP_DATA_NR);
            if (db.arch() == Arch.X86_64) {
                // x32 numbers (bit 30) are a bad arch for an x86_64 filter, except -1, which
                // tracers use to skip a syscall
                abi.append(new Ins(JGE, None.INSTANCE, new Hsh(target), new K(Arch.X32_SYSCALL_BIT)));
                abi.append(new Ins(JEQ, new Hsh(target), new Hsh(badArchHash), new K(-1)));
            } else {
                abi.append(new Ins(JGE, new Hsh(target), new Hsh(badArchHash), new K(Arch.X32_SYSCALL_BIT)));
            }
            blkCnt++;
            abi.next = bHead;
            if (bHead != null) {
                bHead.prev = abi;
            }
            bHead = hshAdd(abi, true);
            target = bHead.hash;
        }
        Blk check = new Blk().append(new Ins(JEQ, new Hsh(target), new Nxt(blkCnt), new K(db.arch().auditArch())));
        check.next = bHead;
        if (bHead != null) {
            bHead.prev = check;
        }
        check = hshAdd(check, true);
        return new Section(check, blkCnt + 1);
    }

    /**
     * libseccomp's insertion sorts, in the db's (unsigned number) order: by descending priority
     * (level 1), or by descending number (level 2, for the binary tree).
     */
    private void sort(ArchDb db, List<ArchDb.Entry> order) {
        for (ArchDb.Entry s : db.entries().values()) {
            int pos = order.size();
            for (int i = 0; i < order.size(); i++) {
                int c = optimize == 2 ? Integer.compareUnsigned(s.num, order.get(i).num)
                        : Integer.compareUnsigned(s.priority, order.get(i).priority);
                if (c > 0) {
                    pos = i;
                    break;
                }
            }
            order.add(pos, s);
        }
    }

    /**
     * libseccomp's binary tree (level 2): after every SYSCALLS_PER_NODE syscalls, and at every
     * power-of-two boundary above that, "jgt" blocks that skip to the right node.
     */
    private int bintree(long[] hashes, int[] syscalls, int levels, int totalCnt, int cur, Blk bNew, Blk[] headRef) {
        int added = 0;
        Blk bTree = null;
        for (int i = levels - 1; i >= 0; i--) {
            int level = SYSCALLS_PER_NODE << i;
            if (Integer.remainderUnsigned(totalCnt, level) == 0) {
                syscalls[i] = cur;
                hashes[i] = bNew.hash;
                int j;
                for (j = 0; j < i; j++) {
                    if (syscalls[j] == SYSCALL_INVALID || hashes[j] == HASH_INVALID) {
                        continue;
                    }
                    Blk b = new Blk().append(new Ins(JGT, new Hsh(bTree == null ? bNew.hash : bTree.hash),
                            new Hsh(hashes[j]), new K(syscalls[j])));
                    added++;
                    b.next = headRef[0];
                    if (headRef[0] != null) {
                        headRef[0].prev = b;
                    }
                    headRef[0] = b;
                    bTree = hshAdd(b, true);
                    headRef[0] = bTree;
                }
                if (bTree != null) {
                    hashes[j] = bTree.hash;
                }
                break;
            }
        }
        return added;
    }

    /** Generates the program's blocks and lays them out as libseccomp does. */
    /**
     * The arches where libseccomp's program compares the arch value instead of the syscall
     * number: the entry it sorts first is a pseudo-syscall (a name the arch has only through
     * socketcall/ipc, or not at all), which it leaves out together with the load of the number.
     * Every syscall of such an arch gets the default action.
     */
    List<Arch> lostNumberLoads() {
        return List.copyOf(lostNumberLoads);
    }

    void generate() {
        Blk badArch = action(badArchAction);
        badArch.isBadArch = true;
        badArch = hshAdd(badArch, true);
        badArchHash = badArch.hash;
        Blk def = hshAdd(action(defaultAction), false);
        defHash = def.hash;

        Blk ldArch = new Blk().append(new Ins(LD_ABS, None.INSTANCE, None.INSTANCE, new K(Bpf.SECCOMP_DATA_ARCH)));
        ldArch.accEnd = Acc.at(Bpf.SECCOMP_DATA_ARCH);
        ldArch = hshAdd(ldArch, true);
        head = ldArch;
        Blk tail = ldArch;

        int x8664 = -1;
        int x32 = -1;
        for (int i = 0; i < dbs.size(); i++) {
            if (dbs.get(i).arch() == Arch.X86_64) {
                x8664 = i;
            }
            if (dbs.get(i).arch() == Arch.X32) {
                x32 = i;
            }
        }
        for (int i = 0; i < dbs.size(); i++) {
            ArchDb secondary = null;
            if (i == x8664) {
                if (x32 > i) {
                    secondary = dbs.get(x32);
                } else if (x32 >= 0) {
                    continue;
                }
            } else if (i == x32) {
                if (x8664 > i) {
                    secondary = dbs.get(x8664);
                } else if (x8664 >= 0) {
                    continue;
                }
            }
            Section s = genArch(dbs.get(i), secondary);
            s.first().prev = tail;
            tail.next = s.first();
            tail = s.first();
            while (tail.next != null) {
                tail = tail.next;
            }
        }
        badArch.prev = tail;
        badArch.next = null;
        tail.next = badArch;
        tail = badArch;

        // resolve the top level's "skip n blocks" jumps
        for (Blk b = head; b != null && b.next != null; b = b.next) {
            for (Ins i : b.ins) {
                if (i.jt instanceof Nxt n) {
                    i.jt = new Hsh(skip(b, n.n()).hash);
                }
                if (i.jf instanceof Nxt n) {
                    i.jf = new Hsh(skip(b, n.n()).hash);
                }
            }
        }
        pullIn(tail);
    }

    private static Blk skip(Blk b, int n) {
        Blk it = b.next;
        for (; it != null && n > 0; n--) {
            it = it.next;
        }
        if (it == null) {
            throw new IllegalStateException("libseccomp layout: jump past the end");
        }
        return it;
    }

    private static Blk last(Blk b) {
        while (b.next != null) {
            b = b.next;
        }
        return b;
    }

    /**
     * Places every block reached by a jump right after the first block (scanning from the end)
     * that jumps to it; when the placed block assumes an accumulator content the block before it
     * does not leave, a load (and mask) is put in front of it. Other blocks that jump to it are
     * not checked: this is where libseccomp's accumulator tracking can go wrong.
     */
    private void pullIn(Blk tail) {
        Blk it = tail;
        while (it != null) {
            Blk pulled = null;
            for (int i = it.ins.size() - 1; i >= 0 && pulled == null; i--) {
                Ins in = it.ins.get(i);
                if (in.jt instanceof Hsh h) {
                    pulled = findOnce(h.hash());
                }
                if (pulled == null && in.jf instanceof Hsh h) {
                    pulled = findOnce(h.hash());
                }
                if (pulled == null && in.k instanceof Hsh h) {
                    pulled = findOnce(h.hash());
                }
                if (pulled != null) {
                    if (pulled.accStart.offset() != -1 && !it.accEnd.equals(pulled.accStart)) {
                        if (pulled.accStart.mask() != -1) {
                            pulled.ins.addFirst(new Ins(AND_K, None.INSTANCE, None.INSTANCE, new K(pulled.accStart.mask())));
                        }
                        pulled.ins.addFirst(new Ins(LD_ABS, None.INSTANCE, None.INSTANCE, new K(pulled.accStart.offset())));
                        pulled.accStart = Acc.UNDEF;
                    }
                    pulled.prev = it;
                    pulled.next = it.next;
                    it.next = pulled;
                    if (pulled.next != null) {
                        pulled.next.prev = pulled;
                    }
                }
            }
            if (pulled != null) {
                it = last(tail);
                tail = it;
            } else {
                it = it.prev;
            }
        }
    }

    // ---- encoding ---------------------------------------------------------------------------

    /** The program libseccomp would export: long jumps added as it adds them, then encoded. */
    BpfProgram encode() {
        Blk tail = last(head);
        Blk it = tail;
        while (it != null) {
            int added = 0;
            for (int i = it.ins.size() - 1; i >= 0; i--) {
                Ins in = it.ins.get(i);
                if (in.jt instanceof Hsh h) {
                    added += longJump(tail, it, i, h.hash());
                }
                if (in.jf instanceof Hsh h) {
                    added += longJump(tail, it, i, h.hash());
                }
            }
            if (added == 0) {
                it = it.prev;
            }
            tail = last(head);
        }
        List<Insn> out = new ArrayList<>();
        for (Blk b = head; b != null; b = b.next) {
            for (int i = 0; i < b.ins.size(); i++) {
                Ins in = b.ins.get(i);
                int jt = distance(b, i, in.jt);
                int jf = distance(b, i, in.jf);
                int k;
                if (in.k instanceof Hsh h) {
                    k = longJumpDistance(b, i, h.hash());
                } else {
                    k = in.k instanceof K kk ? kk.value() : 0;
                }
                out.add(new Insn(in.op, jt, jf, k));
            }
        }
        return BpfProgram.of(out);
    }

    private static int distance(Blk b, int index, Tgt t) {
        if (!(t instanceof Hsh h)) {
            return 0;
        }
        int len = b.ins.size() - (index + 1);
        Blk j = b.next;
        while (j != null && j.hash != h.hash()) {
            len += j.ins.size();
            j = j.next;
        }
        if (j == null) {
            throw new IllegalStateException("libseccomp layout: jump target not after the jump");
        }
        return len;
    }

    /** A JA's offset: to the last block carrying the target's hash (the target itself). */
    private int longJumpDistance(Blk b, int index, long hash) {
        Blk j = last(head);
        while (j.hash != hash) {
            j = j.prev;
        }
        int len = b.ins.size() - (index + 1);
        for (j = j.prev; j != b; j = j.prev) {
            len += j.ins.size();
        }
        return len;
    }

    private int longJump(Blk tail, Blk blk, int offset, long tgtHash) {
        Blk tgt = tail;
        while (tgt != blk && tgt.hash != tgtHash) {
            tgt = tgt.prev;
        }
        if (tgt == blk) {
            throw new IllegalStateException("libseccomp layout: backward jump");
        }
        if (tgt.ins.size() == 1 && tgt.ins.getFirst().op == RET) {
            int rc = longJumpRet(blk, offset, tgt);
            if (rc == 1) {
                return 1;
            }
        }
        int len = blk.ins.size() - (offset + 1);
        Blk j = blk.next;
        while (j != null && j != tgt && len < JMP_MAX) {
            len += j.ins.size();
            j = j.next;
        }
        if (len <= JMP_MAX && j == tgt) {
            return 0;
        }
        len = blk.ins.size() - (offset + 1);
        j = blk.next;
        while (j != null && j.hash != tgtHash && len < JMP_MAX) {
            len += j.ins.size();
            j = j.next;
        }
        if (j != null && len <= JMP_MAX && j.hash == tgtHash) {
            return 0;
        }
        Blk ja = new Blk().append(new Ins(JA, None.INSTANCE, None.INSTANCE, new Hsh(tgtHash)));
        ja.hash = tgtHash;
        insertAfter(blk, ja);
        return 1;
    }

    private int longJumpRet(Blk blk, int offset, Blk ret) {
        int len = blk.ins.size() - (offset + 1);
        Blk j = blk.next;
        while (j != null && j != ret && len < JMP_MAX) {
            len += j.ins.size();
            j = j.next;
        }
        if (len <= JMP_MAX && j == ret) {
            return 0;
        }
        len = blk.ins.size() - (offset + 1);
        j = blk.next;
        while (j != null && j.hash != ret.hash && len < JMP_MAX) {
            len += j.ins.size();
            j = j.next;
        }
        if (j != null && len <= JMP_MAX && j.hash == ret.hash) {
            return 0;
        }
        Blk copy = action(((K) ret.ins.getFirst().k).value());
        copy.hash = ret.hash;
        insertAfter(blk, copy);
        return 1;
    }

    private static void insertAfter(Blk blk, Blk b) {
        b.prev = blk;
        b.next = blk.next;
        blk.next.prev = b;
        blk.next = b;
    }
}
