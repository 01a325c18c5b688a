package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.cli.SyscallsCommandTest.Run;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.inspect.Assembler;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;

class DecompileCommandTest {

    @TempDir
    Path dir;

    String file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p.toString();
    }

    String asm(String source) throws IOException {
        return file("f.bpf", BpfProgram.of(Assembler.assemble(source, "<test>", Arch.X86_64)).toBytes(
                java.nio.ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * seccomp-tools' README filter (write, close, dup, exit allowed, else ERRNO(5); x86_64 only),
     * as an older libseccomp made it (nr -1 with the x32 numbers): back to its profile, proved by recompiling.
     */
    @Test
    void libseccompsFilterBackToItsProfile() throws IOException {
        Run r = SyscallsCommandTest.syscage("decompile", file("f.bpf", DisasmCommandTest.LIBSECCOMP));
        assertEquals(0, r.exit(), r.err());
        Profile p = ProfileReader.parse("<out>", r.out());
        assertEquals(Action.ERRNO, p.defaultAction());
        assertEquals(5, p.defaultErrnoRet());
        assertEquals(List.of(Arch.X86_64), p.architectures());
        assertEquals(1, p.syscalls().size());
        assertEquals(List.of("close", "dup", "exit", "write"), p.syscalls().getFirst().names());
        assertEquals(Action.ALLOW, p.syscalls().getFirst().action());
        assertTrue(r.err().startsWith("decompile: x86_64; "), r.err());
        assertTrue(r.err().contains("compiled back and proved equivalent"), r.err());
        assertTrue(r.err().contains("note: syscalls of arches the profile does not list get KILL_THREAD"), r.err());
        assertTrue(r.err().contains("note: x86_64: the filter gives nr -1"), r.err());
    }

    @Test
    void inexpressiblePathsExitOneAndAreListed() throws IOException {
        String f = asm("""
                A = sys_number
                if (A != write) goto allow
                A = args[2]
                A += 1
                if (A > 0x1000) goto kill
                allow: return ALLOW
                kill: return KILL_PROCESS
                """);
        Run r = SyscallsCommandTest.syscage("decompile", "-a", "x86_64", f);
        assertEquals(1, r.exit());
        assertEquals("", r.out(), "no profile without --partial");
        assertTrue(r.err().contains("finding: x86_64: instruction 0004 compares args[2] (low) after add at 0003 with "
                + "a constant"), r.err());
        assertTrue(r.err().contains("      0003: A += 0x1\n"), r.err());
        assertTrue(r.err().endsWith("syscage: 1 finding: the profile cannot decide exactly as the filter "
                + "(--partial writes it anyway)\n"), r.err());

        Run partial = SyscallsCommandTest.syscage("decompile", "-a", "x86_64", "--partial", f);
        assertEquals(1, partial.exit());
        Profile p = ProfileReader.parse("<out>", partial.out());
        assertEquals(Action.ALLOW, p.defaultAction());
        assertTrue(p.syscalls().isEmpty());
    }

    @Test
    void writesTheChosenFormatToTheOutputFile() throws IOException {
        String f = asm("""
                A = arch
                if (A != ARCH_X86_64) goto bad
                A = sys_number
                if (A >= 0x40000000) goto bad
                if (A == read) goto allow
                return ERRNO(1)
                allow: return ALLOW
                bad: return KILL
                """);
        Path out = dir.resolve("profile.yaml");
        Run r = SyscallsCommandTest.syscage("decompile", f, "-t", "crd", "--name", "reader", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        String yaml = Files.readString(out);
        assertTrue(yaml.startsWith("apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\n"), yaml);
        assertTrue(yaml.contains("name: reader"), yaml);
        assertTrue(yaml.contains("- read\n"), yaml);
    }

    /** SPO's CRD has no defaultErrnoRet: an ERRNO(5) default can only be written as OCI or Docker JSON. */
    @Test
    void aDefaultTheFormatCannotHoldIsRefused() throws IOException {
        Run r = SyscallsCommandTest.syscage("decompile", file("f.bpf", DisasmCommandTest.LIBSECCOMP), "-t", "crd",
                "--name", "readme");
        assertEquals(2, r.exit());
        assertTrue(r.err().endsWith("syscage: cannot write a SeccompProfile: defaultErrnoRet 5 has no place in it (SPO's "
                + "SeccompProfile spec has no defaultErrnoRet field, so its default action always returns EPERM), "
                + "expected no defaultErrnoRet or 1 (or write the profile as OCI JSON)\n"), r.err());
    }

    @Test
    void badUsageExitsTwo() throws IOException {
        Run mixed = SyscallsCommandTest.syscage("decompile", "-a", "x86_64", "-a", "s390x",
                file("f.bpf", DisasmCommandTest.LIBSECCOMP));
        assertEquals(2, mixed.exit());
        assertEquals("syscage: -a x86_64 and -a s390x differ in byte order, expected arches that one filter can serve\n",
                mixed.err());
        Run odd = SyscallsCommandTest.syscage("decompile", file("odd.bpf", new byte[] {1, 2, 3}));
        assertEquals(2, odd.exit());
        assertTrue(odd.err().startsWith("syscage: "), odd.err());
        Run rejected = SyscallsCommandTest.syscage("decompile", file("noret.bpf", new byte[] {0x20, 0, 0, 0, 4, 0, 0, 0}));
        assertEquals(2, rejected.exit());
        assertTrue(rejected.err().contains("the kernel would reject this filter"), rejected.err());
    }

    /** docs/decompile.md, the help and the option agree: -t takes oci, crd, crd-v1beta1 and refuses docker. */
    @Test
    void theFormatsTheDocsListAreThoseTheCommandTakes() throws IOException {
        String accepted = String.join("|", org.syscage.core.format.ProfileFormat.cliNames(
                org.syscage.core.format.ProfileFormat.BUILT));
        assertEquals("oci|crd|crd-v1beta1", accepted);
        String docs = Files.readString(Path.of("..", "docs", "decompile.md"));
        assertTrue(docs.contains("[-t " + accepted + "]"), "docs/decompile.md's synopsis");
        Run help = SyscallsCommandTest.syscage("decompile", "--help");
        assertTrue(help.out().contains("Output format: oci, crd, crd-v1beta1."), help.out());

        String f = asm("return ALLOW\n");
        Run docker = SyscallsCommandTest.syscage("decompile", "-a", "x86_64", "-t", "docker", f);
        assertEquals(2, docker.exit(), docker.err());
        assertTrue(docker.err().contains("format 'docker' is not written here"), docker.err());
        Run crd = SyscallsCommandTest.syscage("decompile", "-a", "x86_64", "-t", "crd-v1beta1", f);
        assertEquals(0, crd.exit(), crd.err());
        assertTrue(crd.out().contains("apiVersion: security-profiles-operator.x-k8s.io/v1beta1"), crd.out());
    }
}
