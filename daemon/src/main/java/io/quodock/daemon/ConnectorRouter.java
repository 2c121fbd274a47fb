package io.quodock.daemon;

import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends each request to the handler of the connector it arrived on, by connector name: one Jetty
 * server, one thread pool and one lifecycle serve both the plugin socket and the admin socket, yet
 * neither socket can reach the other's endpoints. (Jetty's {@code @connector} virtual hosts do the same
 * through context handlers, which add per-request scoping the plugin's hot path does not need.)
 * A request on a connector without a route is not handled, so Jetty answers 404.
 */
final class ConnectorRouter extends Handler.AbstractContainer {
    private final Map<String, Handler> routes;

    /** @param routes handler by connector name ({@link org.eclipse.jetty.server.AbstractConnector#setName}) */
    ConnectorRouter(Map<String, Handler> routes) {
        this.routes = Map.copyOf(routes);
        this.routes.values().forEach(this::addBean);
    }

    @Override
    public List<Handler> getHandlers() {
        return List.copyOf(routes.values());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler handler = routes.get(request.getConnectionMetaData().getConnector().getName());
        return handler != null && handler.handle(request, response, callback);
    }
}
