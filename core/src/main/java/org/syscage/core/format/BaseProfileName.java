package org.syscage.core.format;

import org.syscage.core.InputException;

/**
 * A SeccompProfile's {@code baseProfileName}: the Security Profiles Operator unions the rules of
 * another SeccompProfile (a cluster object, or an {@code oci://} artifact) into this one when it
 * installs it. Those rules live in the cluster, not in the file, so syscage cannot know what such a
 * profile decides: every command that decides from a profile (compile, run, lint, explain, diff,
 * merge, resolve, report; convert to OCI or Docker, which have no such field) refuses it instead
 * of silently deciding from half the rules. Converting it to a CRD keeps it.
 *
 * <p>The base is not looked up among the runc/crun sets {@code record} knows: SPO's
 * {@code runc-v1.1.0} is its own object, whose rules syscage has no copy of.
 */
public final class BaseProfileName {
    private BaseProfileName() {}

    /**
     * @throws InputException naming file:line:column of {@code baseProfileName} when the profile
     *                        has one
     */
    public static void refuse(LocatedProfile located) {
        String base = located.profile().baseProfileName();
        if (base == null) {
            return;
        }
        String where = located.locations().field("baseProfileName").map(SourceLocation::toString)
                .orElse(located.locations().file());
        throw new InputException(where + ": baseProfileName " + Messages.quote(base) + " asks the Security Profiles "
                + "Operator to add the rules of that SeccompProfile, which only the cluster holds, so what this "
                + "profile decides is unknown here; expected a profile without baseProfileName (copy the base "
                + "profile's rules into this one and remove the field)");
    }
}
