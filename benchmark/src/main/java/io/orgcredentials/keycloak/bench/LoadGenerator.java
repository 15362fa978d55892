package io.orgcredentials.keycloak.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A closed-loop load generator: {@code concurrency} threads each send the next request as soon as the previous
 * one answered, for a fixed time. Counts only 200 answers as successes; anything else is reported.
 */
final class LoadGenerator {

    record Result(int requests, int failures, double seconds, long[] latenciesMicros) {

        double throughput() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesMicros.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesMicros.length) - 1;
            return latenciesMicros[Math.max(0, Math.min(index, latenciesMicros.length - 1))] / 1000.0;
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Result run(Supplier<HttpRequest> request, int concurrency, Duration duration) throws Exception {
        return runMixed(List.of(request), concurrency, duration).get(0);
    }

    /**
     * Runs {@code concurrency} connections for each request at the same time and returns one result per request:
     * both sides see the same machine at the same moment, so a drift in its speed cancels out of their ratio.
     */
    List<Result> runMixed(List<Supplier<HttpRequest>> requests, int concurrency, Duration duration) throws Exception {
        int workers = concurrency * requests.size();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        int[] failures = new int[workers];
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Supplier<HttpRequest> request = requests.get(w % requests.size());
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<Void> response = client.send(request.get(), HttpResponse.BodyHandlers.discarding());
                    long micros = (System.nanoTime() - start) / 1000;
                    if (response.statusCode() != 200) {
                        failures[worker]++;
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = micros;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        long started = System.nanoTime();
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            all.add(future.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        List<Result> results = new ArrayList<>();
        for (int r = 0; r < requests.size(); r++) {
            int side = r;
            long[] merged = IntStream.range(0, workers).filter(w -> w % requests.size() == side)
                    .mapToObj(all::get).flatMapToLong(Arrays::stream).sorted().toArray();
            int failed = IntStream.range(0, workers).filter(w -> w % requests.size() == side)
                    .map(w -> failures[w]).sum();
            results.add(new Result(merged.length, failed, seconds, merged));
        }
        return results;
    }
}
