package org.syscage.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KubeNamesTest {

    @Test
    void derivesANameFromAFileName() {
        assertEquals("my-profile", KubeNames.fromFileName("profiles/My_Profile.json"));
        assertEquals("nginx", KubeNames.fromFileName("/etc/seccomp/nginx.yaml"));
        assertEquals("runc-v1.0.0", KubeNames.fromFileName("runc-v1.0.0.yml"));
        assertEquals("web-server", KubeNames.fromFileName("--Web  Server--.json"));
        assertEquals("a.b", KubeNames.fromFileName("a..b.json"));
        assertEquals("profile", KubeNames.fromFileName("ÄÖÜ.json"));
    }

    @Test
    void knowsValidNames() {
        assertTrue(KubeNames.isValid("profile1"));
        assertTrue(KubeNames.isValid("a.b-c"));
        assertFalse(KubeNames.isValid("Profile"));
        assertFalse(KubeNames.isValid("-a"));
        assertFalse(KubeNames.isValid("a_b"));
        assertFalse(KubeNames.isValid(""));
        assertFalse(KubeNames.isValid("a".repeat(254)));
    }

    @Property
    void anyFileNameGivesAValidName(@ForAll String fileName) {
        assertTrue(KubeNames.isValid(KubeNames.fromFileName(fileName)), fileName);
    }
}
