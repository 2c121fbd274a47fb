package io.quodock.plugin;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 for dockerd, which sends {@code Host:} with an empty value on Unix sockets. Jetty 12
 * answers such requests {@code 400 Blank Host} before any handler runs and has no compliance switch
 * for it (jetty/jetty.project#11287), so this factory's connections replace a blank Host by
 * {@code localhost} while the headers are parsed.
 *
 * <p>It extends an internal Jetty class: the Jetty version is pinned, and {@code PluginServerIT}
 * sends a raw request with an empty Host so that an upgrade which breaks this fails loudly.
 */
public final class BlankHostConnectionFactory extends HttpConnectionFactory {
    private static final HttpField LOCALHOST = new HttpField(HttpHeader.HOST, "localhost");

    public BlankHostConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
                return new HttpStreamOverHTTP1(method, uri, version) {
                    @Override
                    public void parsedHeader(HttpField field) {
                        boolean blankHost = field.getHeader() == HttpHeader.HOST
                                && (field.getValue() == null || field.getValue().isBlank());
                        super.parsedHeader(blankHost ? LOCALHOST : field);
                    }
                };
            }
        };
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }
}
