package io.quodock.admin;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Who is calling, from the kernel: {@code SO_PEERCRED} of the Unix socket a request came on. The
 * user and group names are those of the process that connected (numbers when it has no passwd entry);
 * it cannot lie about them.
 */
final class PeerCredentials {
    private PeerCredentials() {
    }

    /** {@code user root, group root}, or what is known when the request did not come on a Unix socket. */
    static String of(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint instanceof SocketChannelEndPoint socket) {
            SocketChannel channel = socket.getChannel();
            try {
                UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
                return "user " + peer.user().getName() + ", group " + peer.group().getName();
            } catch (IOException | UnsupportedOperationException e) {
                return "unknown peer (" + e.getMessage() + ")";
            }
        }
        return "unknown peer on " + request.getConnectionMetaData().getRemoteSocketAddress();
    }
}
