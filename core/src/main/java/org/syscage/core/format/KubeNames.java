package org.syscage.core.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes object names (RFC 1123 subdomains, as {@code metadata.name} of a SeccompProfile must
 * be): lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with
 * a letter or digit, at most 253 characters.
 */
public final class KubeNames {
    public static final int MAX_LENGTH = 253;
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern INVALID_RUN = Pattern.compile("[^a-z0-9.-]+");
    private static final String FALLBACK = "profile";

    private KubeNames() {}

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && SUBDOMAIN.matcher(name).matches();
    }

    /**
     * A valid name made from a file name: the last path element without a .json/.yaml/.yml
     * extension, lowercased, other characters turned into '-'. {@code My_Profile.json} becomes
     * {@code my-profile}; a name with nothing usable becomes {@code profile}.
     */
    public static String fromFileName(String fileName) {
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        String lower = base.toLowerCase(Locale.ROOT);
        for (String ext : List.of(".json", ".yaml", ".yml")) {
            if (lower.endsWith(ext) && lower.length() > ext.length()) {
                lower = lower.substring(0, lower.length() - ext.length());
                break;
            }
        }
        String dashed = INVALID_RUN.matcher(lower).replaceAll("-");
        List<String> labels = new ArrayList<>();
        for (String label : dashed.split("\\.")) {
            String trimmed = label.replaceAll("^-+|-+$", "");
            if (!trimmed.isEmpty()) {
                labels.add(trimmed);
            }
        }
        String name = String.join(".", labels);
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH).replaceAll("[-.]+$", "");
        }
        return name.isEmpty() ? FALLBACK : name;
    }
}
