package dev.litserve4j.internal.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The MCP SDK is optional in litserve4j-core: serving a tool without it fails at build, saying what to add. */
class McpSdkCheckTest {

    @Test
    void aClassPathWithoutTheSdkIsToldWhichArtifactsToAdd() throws Exception {
        try (URLClassLoader withoutSdk = new URLClassLoader(new URL[0], null)) { // the JDK's classes only
            assertThatThrownBy(() -> McpToolConfig.requireSdk(withoutSdk))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MCP Java SDK is not on the class path")
                    .hasMessageContaining("io.modelcontextprotocol.sdk:mcp-core")
                    .hasMessageContaining("mcp-json-jackson2")
                    .hasMessageContaining("com.networknt:json-schema-validator");
        }
    }

    @Test
    void theTestClassPathHasEveryClassTheCheckLooksFor() {
        assertThatCode(() -> McpToolConfig.requireSdk(McpSdkCheckTest.class.getClassLoader())).doesNotThrowAnyException();
    }
}
