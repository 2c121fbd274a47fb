package io.quodock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.io.Transport;

/** Speaks Docker's volume plugin protocol to a plugin socket, as dockerd would, over one kept-alive connection. */
public final class PluginClient implements AutoCloseable {
    private final Path socket;
    private final HttpClient http = new HttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public PluginClient(Path socket) throws Exception {
        this.socket = socket;
        http.start();
    }

    /** POSTs {@code body} to {@code /<endpoint>} and returns the answer, whatever its status. */
    public ContentResponse post(String endpoint, String body) throws Exception {
        return http.newRequest("http://localhost/" + endpoint)
                .method("POST")
                .transport(new Transport.TCPUnix(socket))
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS)
                .send();
    }

    /** POSTs {@code body} to {@code /<endpoint>} and returns the JSON answer, which must be HTTP 200. */
    public JsonNode call(String endpoint, String body) throws Exception {
        ContentResponse response = post(endpoint, body);
        if (response.getStatus() != 200) {
            throw new AssertionError(endpoint + " answered HTTP " + response.getStatus() + ": " + response.getContentAsString());
        }
        return json.readTree(response.getContent());
    }

    /** Mounts and expects success; returns the mount point. */
    public String mount(String volume, String id) throws Exception {
        JsonNode answer = call("VolumeDriver.Mount", "{\"Name\":\"" + volume + "\",\"ID\":\"" + id + "\"}");
        if (!answer.path("Err").asText().isEmpty()) {
            throw new AssertionError("Mount " + volume + " failed: " + answer);
        }
        return answer.path("Mountpoint").asText();
    }

    /** Unmounts and expects success. */
    public void unmount(String volume, String id) throws Exception {
        JsonNode answer = call("VolumeDriver.Unmount", "{\"Name\":\"" + volume + "\",\"ID\":\"" + id + "\"}");
        if (!answer.path("Err").asText().isEmpty()) {
            throw new AssertionError("Unmount " + volume + " failed: " + answer);
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client: " + e.getMessage(), e);
        }
    }
}
