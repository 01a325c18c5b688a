package org.syscage.core.compiler;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.profile.Profile;

class ExploreDiffTest {
    static String oracleOne(Profile p) throws Exception {
        Process proc = new ProcessBuilder("/usr/bin/python3", "/tmp/lsx/oracle.py", "x86_64").start();
        try (Writer w = new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.UTF_8)) {
            w.write(RandomProfiles.json(p) + "\n");
        }
        return new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    static String describe(Profile p, SeccompData d) throws Exception {
        String line = oracleOne(p);
        String ours;
        try {
            ours = SpecBuilder.build(p, CompileOptions.runc(Arch.X86_64)).spec().decide(d).toString();
        } catch (CompileException e) {
            ours = "ERR " + e.getMessage();
        }
        String theirs = line.startsWith("ERR") ? line : ActionValue.describe(Emulator.decide(
                BpfProgram.fromBytes(HexFormat.of().parseHex(line.substring(3))), d, true));
        return "libseccomp=" + theirs + " ours=" + ours;
    }

    static boolean differs(Profile p, SeccompData d) {
        try {
            String line = oracleOne(p);
            FilterSpec spec;
            try {
                spec = SpecBuilder.build(p, CompileOptions.runc(Arch.X86_64)).spec();
            } catch (CompileException e) {
                return !line.startsWith("ERR");
            }
            if (line.startsWith("ERR")) {
                return true;
            }
            return spec.decide(d).action() != Emulator.decide(BpfProgram.fromBytes(HexFormat.of().parseHex(line.substring(3))), d, true);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static Profile minimize(Profile p, SeccompData d) {
        boolean progress = true;
        while (progress) {
            progress = false;
            List<org.syscage.core.profile.SyscallRule> rules = p.syscalls();
            for (int i = 0; i < rules.size() && !progress; i++) {
                List<org.syscage.core.profile.SyscallRule> fewer = new ArrayList<>(rules);
                fewer.remove(i);
                Profile q = p.withSyscalls(fewer);
                if (differs(q, d)) { p = q; progress = true; break; }
                org.syscage.core.profile.SyscallRule r = rules.get(i);
                for (int j = 0; j < r.names().size() && r.names().size() > 1; j++) {
                    List<String> names = new ArrayList<>(r.names());
                    names.remove(j);
                    List<org.syscage.core.profile.SyscallRule> alt = new ArrayList<>(rules);
                    alt.set(i, r.withNames(names));
                    q = p.withSyscalls(alt);
                    if (differs(q, d)) { p = q; progress = true; break; }
                }
                if (progress) break;
                for (int j = 0; j < r.args().size(); j++) {
                    List<org.syscage.core.profile.ArgCondition> args = new ArrayList<>(r.args());
                    args.remove(j);
                    List<org.syscage.core.profile.SyscallRule> alt = new ArrayList<>(rules);
                    alt.set(i, new org.syscage.core.profile.SyscallRule(r.names(), r.action(), r.errnoRet(), args, null, r.includes(), r.excludes()));
                    q = p.withSyscalls(alt);
                    if (differs(q, d)) { p = q; progress = true; break; }
                }
            }
            if (!progress && !p.architectures().isEmpty()) {
                for (int i = 0; i < p.architectures().size(); i++) {
                    List<Arch> fewer = new ArrayList<>(p.architectures());
                    fewer.remove(i);
                    Profile q = p.withArchitectures(fewer, List.of());
                    if (differs(q, d)) { p = q; progress = true; break; }
                }
            }
        }
        return p;
    }

    @Test
    void explore() throws Exception {
        int count = Integer.getInteger("explore.count", 300);
        RandomProfiles gen = new RandomProfiles(Long.getLong("explore.seed", 1));
        List<Profile> profiles = new ArrayList<>();
        Arch nativeArch = Arch.parse(System.getProperty("explore.native", "x86_64"));
        List<Arch> pool = java.util.Arrays.stream(System.getProperty("explore.pool", "x86_64,x86,x32").split(","))
                .map(Arch::parse).toList();
        java.nio.ByteOrder order = nativeArch.littleEndian() ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN;
        for (int i = 0; i < count; i++) {
            List<Arch> arches = new ArrayList<>();
            for (Arch a : pool) {
                if (gen.nextInt(2) == 0) {
                    arches.add(a);
                }
            }
            profiles.add(gen.profile(arches));
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "tools/libseccomp-oracle.py").directory(new java.io.File("..")).start();
        Thread feeder = new Thread(() -> {
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write("{\"jobs\": [");
                for (int i = 0; i < profiles.size(); i++) {
                    w.write((i > 0 ? "," : "") + "{\"profile\":" + RandomProfiles.json(profiles.get(i))
                            + ",\"native\":\"" + nativeArch.kernelName() + "\",\"badArch\":\"SCMP_ACT_KILL_PROCESS\"}");
                }
                w.write("]}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        feeder.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int diffs = 0, errs = 0, checked = 0, sameBytes = 0, byteDiffs = 0; long oursLen = 0, theirLen = 0; int sampled = 0;
        for (Profile pr : profiles) {
            String json = r.readLine();
            com.fasterxml.jackson.databind.JsonNode out = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            String line = out.get("error").isNull() ? "OK " + HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(out.get("bpf").asText()))
                    : "ERR " + out.get("error").asText();
            FilterSpec spec;
            SpecBuilder.Result built;
            try {
                built = SpecBuilder.build(pr, CompileOptions.runc(nativeArch));
                spec = built.spec();
            } catch (CompileException e) {
                if (!line.startsWith("ERR")) {
                    System.out.println("WE FAIL, THEY DON'T: " + e.getMessage() + "\n  " + RandomProfiles.json(pr));
                    diffs++;
                }
                continue;
            }
            if (line.startsWith("ERR")) {
                System.out.println("THEY FAIL, WE DON'T: " + line + "\n  " + RandomProfiles.json(pr));
                errs++;
                continue;
            }
            BpfProgram prog = BpfProgram.fromBytes(HexFormat.of().parseHex(line.substring(3)), order);
            if (prog.equals(built.libseccompProgram())) {
                sameBytes++;
            } else if (byteDiffs++ < 3) {
                System.out.println("BYTES DIFFER (" + prog.size() + " vs " + built.libseccompProgram().size() + "): " + RandomProfiles.json(pr));
            }
            Compiler.Result mine = Compiler.compile(pr, CompileOptions.runc(nativeArch));
            org.syscage.core.bpf.Equivalence.Verdict v = org.syscage.core.bpf.Equivalence.compare(mine.program(), prog,
                    org.syscage.core.bpf.Equivalence.Domain.anyInput(nativeArch.littleEndian()));
            if (!v.exhaustive()) {
                sampled++;
            }
            if (v.difference().isPresent()) {
                System.out.println("NOT EQUIVALENT " + v + "\n  " + RandomProfiles.json(pr));
                diffs++;
            }
            oursLen += mine.program().size();
            theirLen += prog.size();
            int local = 0;
            outer:
            for (Arch a : pool) {
                List<Integer> nrs = new ArrayList<>();
                for (String n : RandomProfiles.NAMES) {
                    org.syscage.core.syscalls.SyscallTable.of(a).number(n).ifPresent(nrs::add);
                }
                nrs.add(a == Arch.X32 ? 0x40000000 + 1000 : 1000);
                nrs.add(-1);
                nrs.add(0x40000000);
                nrs.add(0x80000000);
                for (int nr : nrs) {
                    for (int k = 0; k < 200; k++) {
                        SeccompData d = SeccompData.of(a, nr, gen.args());
                        int theirs = Emulator.decide(prog, d, a.littleEndian());
                        Decision ours = spec.decide(d);
                        checked++;
                        if (theirs != ours.action()) {
                            diffs++;
                            Profile small = minimize(pr, d);
                            System.out.println("DIFF " + d + "\n  " + RandomProfiles.json(small) + "\n  " + describe(small, d));
                            break outer;
                        }
                    }
                }
            }
        }
        System.out.println("checked=" + checked + " diffs=" + diffs + " theyFail=" + errs + " sameBytes=" + sameBytes + " byteDiffs=" + byteDiffs + " len ours/theirs=" + oursLen + "/" + theirLen + " sampled=" + sampled);
    }
}
