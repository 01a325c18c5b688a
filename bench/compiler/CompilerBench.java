import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.CacheAnalysis;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.ArchDispatch;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.compiler.SearchBound;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.profile.Profile;
import org.syscage.core.syscalls.SyscallTable;

/**
 * syscage's compiler against Debian's libseccomp (optimization levels 1 and 2, through
 * tools/libseccomp-oracle.py), in one run: per profile and arch, program length, mean and worst
 * instructions executed per syscall number over the arch's table (arguments zero), and how many
 * syscalls the kernel's action cache allows without running the filter.
 */
public class CompilerBench {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Map<String, Profile> profiles = new LinkedHashMap<>();
        ResolveOptions amd64 = ResolveOptions.docker(Arch.X86_64, KernelVersion.parseRelease("6.8"));
        profiles.put("docker-default (amd64, default caps)", DockerResolver.resolve(BuiltinProfiles.dockerDefault(), amd64));
        profiles.put("docker-default (amd64, +SYS_ADMIN)",
                DockerResolver.resolve(BuiltinProfiles.dockerDefault(), amd64.withCapAdd("SYS_ADMIN")));
        profiles.put("web-server allowlist", ProfileReader.read(root.resolve("bench/compiler/profiles/web-server-allowlist.json")));
        profiles.put("denylist (default ALLOW)", ProfileReader.read(root.resolve("bench/compiler/profiles/denylist.json")));

        System.out.println("| profile | arch | program | length | mean insns/syscall | worst | cacheable |");
        System.out.println("|---|---|---|---:|---:|---:|---:|");
        for (Map.Entry<String, Profile> e : profiles.entrySet()) {
            Profile p = e.getValue();
            Compiler.Result ours = Compiler.compile(p, CompileOptions.runc(Arch.X86_64));
            Map<String, BpfProgram> programs = new LinkedHashMap<>();
            programs.put("syscage", ours.program());
            programs.put("libseccomp -O1", oracle(root, p, 1));
            programs.put("libseccomp -O2", oracle(root, p, 2));
            for (Arch a : ours.spec().arches()) {
                if (a == Arch.X32) {
                    continue; // the kernel never caches x32 numbers; x86_64's row covers its dispatch
                }
                int max = SyscallTable.of(a).maxNumber();
                for (Map.Entry<String, BpfProgram> prog : programs.entrySet()) {
                    long total = 0;
                    int worst = 0;
                    for (int nr = 0; nr <= max; nr++) {
                        int steps = Emulator.run(prog.getValue(), SeccompData.of(a, nr), a).steps();
                        total += steps;
                        worst = Math.max(worst, steps);
                    }
                    int cacheable = CacheAnalysis.cacheableSyscalls(prog.getValue(), a, max).cardinality();
                    System.out.printf("| %s | %s | %s | %d | %.2f | %d | %d |%n", e.getKey(), a, prog.getKey(),
                            prog.getValue().size(), (double) total / (max + 1), worst, cacheable);
                }
                floor(e.getKey(), a, ours.spec().dispatches(), max);
            }
        }
    }

    /**
     * The least mean any program can reach for this arch's numbers when it tests the number only
     * with jeq/jge/jgt: two loads (arch, nr), one return, the arch tests (the k-th arch value
     * tested needs k of them; a program with two arch values can put either first) and the
     * comparison floor of {@link SearchBound}.
     */
    private static void floor(String profile, Arch a, List<ArchDispatch> dispatches, int max) {
        ArchDispatch d = dispatches.stream().filter(x -> x.abis().contains(a)).findFirst().orElseThrow();
        double search = SearchBound.meanComparisons(SearchBound.decisions(d, max));
        StringBuilder byPosition = new StringBuilder();
        for (int position = 1; position <= dispatches.size(); position++) {
            byPosition.append(position == 1 ? "" : " / ").append(String.format("%.2f", 3 + position + search));
        }
        System.out.printf("| %s | %s | floor, arch tested %s | | %s | | |%n", profile, a,
                dispatches.size() == 1 ? "first" : "first / second", byPosition);
    }

    private static BpfProgram oracle(Path root, Profile p, int optimize) throws Exception {
        Process proc = new ProcessBuilder("/usr/bin/python3", root.resolve("tools/libseccomp-oracle.py").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (Writer w = new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.UTF_8)) {
            w.write("{\"jobs\": [{\"profile\": " + ProfileWriter.write(p, ProfileFormat.OCI)
                    + ", \"native\": \"x86_64\", \"badArch\": \"SCMP_ACT_KILL_PROCESS\", \"optimize\": " + optimize + "}]}");
        }
        String line = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8)).readLine();
        String b64 = line.replaceAll(".*\"bpf\": *\"([^\"]*)\".*", "$1");
        if (b64.equals(line)) {
            throw new IllegalStateException("libseccomp refused the profile: " + line);
        }
        return BpfProgram.fromBytes(Base64.getDecoder().decode(b64));
    }
}
