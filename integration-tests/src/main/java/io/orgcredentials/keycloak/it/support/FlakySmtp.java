package io.orgcredentials.keycloak.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server that fails when told to: it refuses connections (an SMTP 421 greeting, then hangs up) while it
 * has failures left, and otherwise passes the connection through to a real SMTP server (GreenMail in the tests).
 */
public final class FlakySmtp implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean refuseAll;

    public FlakySmtp(int targetPort) {
        this.target = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The next {@code count} connections are refused. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** Every connection from now on is refused (or, with false, passed through again). */
    public void refuseAll(boolean refuse) {
        refuseAll = refuse;
    }

    /** How many connections were refused so far. */
    public int refused() {
        return refused.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            if (refuseAll || failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                refused.incrementAndGet();
                client.getOutputStream().write("421 4.3.2 Service not available (test)\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                return;
            }
            try (Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
                threads.execute(() -> pipe(server, client));
                pipe(client, server);
            }
        } catch (IOException ignored) {
            // a connection that broke off: the mail client sees it
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side hung up
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
