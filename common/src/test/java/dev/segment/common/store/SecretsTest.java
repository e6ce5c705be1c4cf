package dev.segment.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void masksPasswordParametersAndUserInfoInUrls() {
        assertEquals(
                "jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true",
                Secrets.maskUrl("jdbc:postgresql://h:5432/db?user=u&password=s3cr3t&ssl=true"));
        assertEquals(
                "jdbc:h2:file:/x;USER=sa;PASSWORD=***;MODE=PostgreSQL",
                Secrets.maskUrl("jdbc:h2:file:/x;USER=sa;PASSWORD=pw1;MODE=PostgreSQL"));
        assertEquals(
                "jdbc:postgresql://u:***@h/db", Secrets.maskUrl("jdbc:postgresql://u:pw@h/db"));
        assertEquals(
                "jdbc:postgresql://h/db?sslpassword=***",
                Secrets.maskUrl("jdbc:postgresql://h/db?sslpassword=k"));
    }

    @Test
    void scrubRemovesRegisteredSecretsAnywhereInAText() {
        Secrets.register("Hunter2-unique-pw");
        Secrets.registerFrom("jdbc:postgresql://h/db?password=url-pw-42");
        String scrubbed =
                Secrets.scrub(
                        "FATAL: password authentication failed (Hunter2-unique-pw) url-pw-42");
        assertFalse(scrubbed.contains("Hunter2-unique-pw"), scrubbed);
        assertFalse(scrubbed.contains("url-pw-42"), scrubbed);
    }
}
