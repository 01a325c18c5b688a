package org.syscage.core.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;

/**
 * seccomp-tools' outputs for real filters (test resources under seccomp-tools-real/, written by
 * tools/seccomp-tools-reference.sh): man-db's sandbox and libseccomp's filters for three profiles,
 * three arches and two optimize levels. Each filter {@code NAME} has {@code NAME.bpf} (its bytes),
 * {@code NAME.disasm}, {@code NAME.no-bpf.disasm}, {@code NAME.asm-able.disasm} and
 * {@code NAME.emu} (the path and verdict of seccomp-tools emu on sampled syscalls).
 */
final class RealFilterReferences {
    private RealFilterReferences() {}

    static final String DIR = "seccomp-tools-real/";

    /** man-db's filter and every (profile, arch, optimize level) the generator covers. */
    static Stream<String> names() {
        List<String> names = new ArrayList<>(List.of("man-db.amd64"));
        for (String profile : List.of("docker-default", "allowlist-args", "denylist")) {
            for (String arch : List.of("amd64", "i386", "aarch64")) {
                for (String level : List.of("o1", "o2")) {
                    names.add(profile + "." + arch + "." + level);
                }
            }
        }
        return names.stream();
    }

    /** The arch seccomp-tools was given: the second part of the name. */
    static Arch arch(String name) {
        return Arch.parse(name.split("\\.")[1]);
    }

    static List<Insn> program(String name) {
        Arch arch = arch(name);
        ByteOrder order = arch.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        return BpfProgram.fromBytes(bytes(name + ".bpf"), order).instructions();
    }

    static byte[] bytes(String file) {
        try (InputStream in = RealFilterReferences.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no reference file " + DIR + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    /**
     * One emu sample: the syscall and arguments as given to seccomp-tools, the listing lines it
     * showed as run, and its last line.
     */
    record EmuSample(String syscall, List<String> args, List<Integer> path, String verdict) {
        @Override
        public String toString() {
            return syscall + " " + String.join(" ", args);
        }
    }

    /** The samples of {@code NAME.emu}: blocks of "#### emu SYSCALL ARGS", "path: N...", verdict. */
    static List<EmuSample> emuSamples(String name) {
        List<String> lines = text(name + ".emu").lines().toList();
        List<EmuSample> samples = new ArrayList<>();
        for (int i = 0; i + 2 < lines.size(); i += 3) {
            String[] call = lines.get(i).substring("#### emu ".length()).split(" ");
            String path = lines.get(i + 1).substring("path:".length()).trim();
            List<Integer> ran = path.isEmpty() ? List.of()
                    : Arrays.stream(path.split(" ")).map(Integer::parseInt).toList();
            samples.add(new EmuSample(call[0], List.of(call).subList(1, call.length), ran, lines.get(i + 2)));
        }
        return samples;
    }
}
