package io.fathom.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** A service's HTTP endpoints as tests read them: Prometheus samples and health status codes. */
public final class Endpoints {

    private Endpoints() {
    }

    /** The sum of the samples of a Prometheus page whose line starts with {@code series}. */
    public static double metric(String page, String series) {
        return page.lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The same, read from a metrics URL. */
    public static double metric(URL metrics, String series) {
        try (InputStream in = metrics.openStream()) {
            return metric(new String(in.readAllBytes(), StandardCharsets.UTF_8), series);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP status code of a GET, e.g. 200 or 503 for a health check. */
    public static int status(URL url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
