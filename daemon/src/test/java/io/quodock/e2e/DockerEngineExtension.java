package io.quodock.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private {@link DockerEngine}, with {@link BusyboxImage} imported, shared by all tests of a class:
 * started before the first test, closed after the last. Register it on a <em>static</em> field, so
 * that JUnit calls it around the class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DockerEngineExtension docker = new DockerEngineExtension();
 *
 * @Test
 * void echoes() {
 *     docker.engine().cliOk("run", "--rm", "--network", "none", BusyboxImage.NAME, "echo", "hi");
 * }
 * }</pre>
 *
 * Tests of one class share the daemon's state (volumes, containers), so give each test its own names.
 */
public final class DockerEngineExtension implements BeforeAllCallback, AfterAllCallback {

    private final DockerEngine engine = new DockerEngine();

    /** The shared engine, running from before the first test of the class until after the last. */
    public DockerEngine engine() {
        return engine;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        engine.start();
        BusyboxImage.importInto(engine);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        engine.close();
    }
}
