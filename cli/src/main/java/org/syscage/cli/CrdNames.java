package org.syscage.cli;

import org.syscage.core.InputException;
import org.syscage.core.format.KubeNames;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Profile;

/** How commands that write a SeccompProfile choose its {@code metadata.name}. */
final class CrdNames {
    private CrdNames() {}

    /** --name is a CRD's metadata.name: with another -t it is a mistake, best reported before any work. */
    static void checkNameApplies(String name, ProfileFormat to) {
        if (name != null && !to.isCrd()) {
            throw new InputException("--name applies to -t crd and crd-v1beta1 only, expected no --name for -t " + to);
        }
    }

    /**
     * The profile to write as {@code to}: for a CRD, with the metadata {@link #choose} picks from the
     * profile's own, --name and the input; for another format as it is (and --name a mistake).
     */
    static Profile forFormat(Profile profile, ProfileFormat to, String name, String input, String fallback) {
        checkNameApplies(name, to);
        return to.isCrd() ? profile.withMetadata(choose(profile.metadata(), name, input, fallback)) : profile;
    }

    /**
     * --name when given (checked), else the name the input already had, else one made from the
     * input's file name ({@code fallback} when the input is not a file, e.g. a builtin profile).
     *
     * @param input    the IN argument as typed; "-" is stdin, which has no name to borrow
     * @param fallback the name for a non-file input, or null when the input is a file or stdin
     */
    static KubeMetadata choose(KubeMetadata read, String name, String input, String fallback) {
        KubeMetadata base = read == null ? KubeMetadata.named(null) : read;
        if (name != null) {
            if (!KubeNames.isValid(name)) {
                throw new InputException("--name '" + name + "' is not a Kubernetes object name, expected lowercase "
                        + "letters, digits, '-' and '.' (like my-profile), at most " + KubeNames.MAX_LENGTH + " characters");
            }
            return base.withName(name);
        }
        if (base.name() != null) {
            return base;
        }
        if (fallback != null) {
            return base.withName(fallback);
        }
        if (input.equals("-")) {
            throw new InputException("a SeccompProfile needs metadata.name and stdin has no file name, expected --name NAME");
        }
        return base.withName(KubeNames.fromFileName(input));
    }
}
