package org.syscage.core.report;

/**
 * Escaping for text and attribute values in the report's markup, which is both HTML and
 * well-formed XML (so that tests and tools can parse it with an XML parser). Everything that
 * comes from a profile, a recording or a file name goes through {@link #text}.
 */
public final class Markup {
    private Markup() {}

    /**
     * {@code s} safe as element text or as a quoted attribute value: {@code & < > " '} become
     * character references, and characters XML 1.0 forbids (most C0 controls, lone surrogates,
     * U+FFFE/U+FFFF) become U+FFFD, so that no input can break the document's structure.
     */
    public static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (allowedInXml(c)) {
                        b.append(c);
                    } else {
                        b.append('\uFFFD');
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean allowedInXml(char c) {
        return c == '\t' || c == '\n' || c == '\r'
                || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
