package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;
import static org.syscage.core.bpf.Insn.jump;
import static org.syscage.core.bpf.Insn.stmt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

/**
 * Replays what a real x86_64 Linux 6.18 kernel did with random filters, recorded by
 * tools/bpf-fixtures/kernel_fixtures.py (which says how each file was made).
 */
class KernelRecordedTest {
    private static final int NR_GETPPID = 110;

    private static List<String[]> lines(String resource) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                KernelRecordedTest.class.getResourceAsStream(resource), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                out.add(line.split(" "));
            }
        }
        return out;
    }

    private static List<Insn> insns(String hex) {
        return BpfProgram.fromBytes(HexFormat.of().parseHex(hex), ByteOrder.LITTLE_ENDIAN).instructions();
    }

    @Test
    void verifierAcceptsExactlyWhatTheKernelAccepted() throws IOException {
        List<String[]> cases = lines("kernel-verifier.txt");
        assertEquals(1500, cases.size());
        int accepted = 0;
        for (int i = 0; i < cases.size(); i++) {
            BpfProgram p = BpfProgram.of(insns(cases.get(i)[0]));
            boolean kernel = cases.get(i)[1].equals("1");
            accepted += kernel ? 1 : 0;
            int line = i + 1;
            assertEquals(kernel, Verifier.accepts(p), () -> "kernel-verifier.txt:" + line + " " + Verifier.check(p) + "\n" + p);
        }
        assertTrue(accepted > 300 && accepted < 1200, "both outcomes are well represented: " + accepted);
    }

    @Test
    void emulatorComputesWhatTheKernelComputed() throws IOException {
        List<String[]> cases = lines("kernel-alu.txt");
        assertEquals(400, cases.size());
        int kills = 0;
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            List<Insn> body = insns(c[0]);
            long[] args = {Long.parseLong(c[1], 16), Long.parseLong(c[2], 16), Long.parseLong(c[3], 16), 0, 0, 0};
            SeccompData d = new SeccompData(NR_GETPPID, Arch.X86_64.auditArch(), 0, args);
            int[] shifts = {0, 12, 20};
            for (int s = 0; s < shifts.length; s++) {
                BpfProgram p = wrapped(body, shifts[s]);
                String kernel = c[4 + s];
                int expected = kernel.equals("kill") ? SECCOMP_RET_KILL_THREAD : Bpf.errno(Integer.parseInt(kernel));
                kills += kernel.equals("kill") ? 1 : 0;
                int line = i + 1;
                assertEquals(Bpf.describeReturn(expected), Bpf.describeReturn(Emulator.decide(p, d, true)),
                        () -> "kernel-alu.txt:" + line + "\n" + p);
            }
        }
        assertTrue(kills > 0, "some bodies divide by a zero X");
    }

    /** The program the kernel ran: only getppid reaches the body; the tail shows 12 bits of A. */
    private static BpfProgram wrapped(List<Insn> body, int shift) {
        List<Insn> p = new ArrayList<>(List.of(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, NR_GETPPID, 1, 0),
                stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)));
        p.addAll(body);
        p.add(stmt(BPF_ALU | BPF_RSH | BPF_K, shift));
        p.add(stmt(BPF_ALU | BPF_AND | BPF_K, 0xfff));
        p.add(stmt(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO));
        p.add(stmt(BPF_RET | BPF_A, 0));
        return BpfProgram.of(p);
    }
}
