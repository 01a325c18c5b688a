import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.compiler.ArchDispatch;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.compiler.FilterSpec;
import org.syscage.core.compiler.SearchBound;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.syscalls.SyscallTable;

/**
 * How much a single-bit-set test could lower the comparison floor of a profile's number search:
 * for every mask of the low 9 bits, one {@code jset} first, then the best comparison search on
 * each side ({@link SearchBound} over that side's numbers). Prints both means per arch.
 * Usage: java -cp cli/target/syscage.jar bench/compiler/FloorWithJset.java PROFILE
 */
public class FloorWithJset {
    public static void main(String[] args) throws Exception {
        FilterSpec spec = Compiler.compile(ProfileReader.read(Path.of(args[0])), CompileOptions.runc(Arch.X86_64)).spec();
        for (Arch arch : spec.arches()) {
            if (arch == Arch.X32) {
                continue;
            }
            ArchDispatch d = spec.dispatches().stream().filter(x -> x.abis().contains(arch)).findFirst().orElseThrow();
            int max = SyscallTable.of(arch).maxNumber();
            List<Object> decisions = SearchBound.decisions(d, max);
            double floor = SearchBound.meanComparisons(decisions);
            double best = floor;
            int bestMask = 0;
            for (int mask = 1; mask < 512; mask++) {
                List<Object> set = new ArrayList<>();
                List<Object> clear = new ArrayList<>();
                for (int nr = 0; nr <= max; nr++) {
                    ((nr & mask) != 0 ? set : clear).add(decisions.get(nr));
                }
                if (set.isEmpty() || clear.isEmpty()) {
                    continue;
                }
                double mean = 1 + (SearchBound.meanComparisons(set) * set.size()
                        + SearchBound.meanComparisons(clear) * clear.size()) / decisions.size();
                if (mean < best) {
                    best = mean;
                    bestMask = mask;
                }
            }
            System.out.printf("%s: comparison floor %.3f; with one jset first %.3f (mask 0x%x)%n", arch, floor, best, bestMask);
        }
    }
}
