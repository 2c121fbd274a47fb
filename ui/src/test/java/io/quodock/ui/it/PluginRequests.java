package io.quodock.ui.it;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.io.Transport;

/** Docker's side of the plugin protocol, for the tests: Mount and Unmount requests on the plugin socket. */
final class PluginRequests implements AutoCloseable {
    private final Path socket;
    private final HttpClient http = new HttpClient();

    PluginRequests(Path socket) throws Exception {
        this.socket = socket;
        http.start();
    }

    /** {@code VolumeDriver.Mount} with a mount ID, as dockerd sends it when a container starts; returns the answer. */
    String mount(String volume, String id) throws Exception {
        return post("VolumeDriver.Mount", "{\"Name\":\"" + volume + "\",\"ID\":\"" + id + "\"}");
    }

    String unmount(String volume, String id) throws Exception {
        return post("VolumeDriver.Unmount", "{\"Name\":\"" + volume + "\",\"ID\":\"" + id + "\"}");
    }

    private String post(String endpoint, String body) throws Exception {
        ContentResponse response = http.newRequest("http://localhost/" + endpoint)
                .method("POST")
                .transport(new Transport.TCPUnix(socket))
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS)
                .send();
        String answer = response.getContentAsString();
        if (!answer.contains("\"Err\":\"\"")) {
            throw new AssertionError(endpoint + " " + body + " failed: " + answer);
        }
        return answer;
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the test's HTTP client did not stop: " + e.getMessage(), e);
        }
    }
}
