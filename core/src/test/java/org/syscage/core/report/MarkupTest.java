package org.syscage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MarkupTest {

    @Test
    void markupCharactersBecomeReferences() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;",
                Markup.text("<script>alert(\"x\" & 'y')</script>"));
    }

    /** Whatever the string, as text and as an attribute it reads back as itself (XML-forbidden characters as U+FFFD). */
    @Property(tries = 500)
    void anyStringReadsBackFromTextAndAttribute(@ForAll String s) {
        String escaped = Markup.text(s);
        PageXml doc = PageXml.parse("<p title=\"" + escaped + "\">" + escaped + "</p>");
        String expected = xmlSafe(s);
        assertEquals(expected, doc.document().getDocumentElement().getTextContent().replace("\r\n", "\n"));
        assertEquals(expected.replaceAll("[\t\n\r]", " "), doc.document().getDocumentElement().getAttribute("title"));
    }

    /** The reference: XML 1.0's Char production, code point by code point. */
    private static String xmlSafe(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            b.appendCodePoint(allowed ? c : 0xFFFD);
        });
        // An XML parser normalises line ends in text: CR LF and lone CR become LF.
        return b.toString().replace("\r\n", "\n").replace('\r', '\n');
    }
}
