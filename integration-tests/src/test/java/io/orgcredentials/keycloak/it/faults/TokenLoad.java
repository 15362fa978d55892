package io.orgcredentials.keycloak.it.faults;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.orgcredentials.keycloak.it.support.Http;

/**
 * A bounded token load on one token endpoint, in a thread of its own, that records when each request was answered
 * and how (status, or -1 when no answer came: connection refused or reset, timeout).
 */
final class TokenLoad implements AutoCloseable {

    record Sample(long atMillis, int status) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    TokenLoad(String name, URI tokenEndpoint, Map<String, String> form, String[] basic, long maxMillis) {
        long deadline = System.currentTimeMillis() + maxMillis;
        thread = new Thread(() -> {
            while (running.get() && System.currentTimeMillis() < deadline) {
                int status;
                try {
                    status = Http.postForm(tokenEndpoint, form, basic).status();
                } catch (UncheckedIOException | IllegalStateException noAnswer) {
                    status = -1;
                }
                synchronized (samples) {
                    samples.add(new Sample(System.currentTimeMillis(), status));
                }
                try {
                    Thread.sleep(status == 200 ? 20 : 200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "token-load-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(70_000);
    }
}
