package io.orgcredentials.keycloak.publicapi;

import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.http.ApiError;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/**
 * The files of the self-service page, as the themes module built them into the jar: {@code index.html} for the page
 * itself (never cached, so a new jar takes effect at once) and its assets, whose names carry a content hash (cached
 * for a year). Only names the build makes are served; anything else is a 404.
 */
final class SelfServicePage {

    static final String ROOT = "/META-INF/" + CredentialConstants.EXTENSION + "/portal/";
    private static final Pattern ASSET = Pattern.compile("assets/[A-Za-z0-9_-]+(-[A-Za-z0-9_-]+)?\\.(js|css|woff2?|svg|png)");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "woff2", "font/woff2", "woff", "font/woff", "svg", "image/svg+xml",
            "png", "image/png", "html", "text/html; charset=utf-8");

    private SelfServicePage() {
    }

    static Response serve(String file) {
        boolean page = file == null || file.isEmpty() || file.equals("index.html");
        if (!page && !ASSET.matcher(file).matches()) {
            throw ApiError.notFound("The self-service page has no file '" + file.replaceAll("[^\\x20-\\x7e]", "?")
                    + "'");
        }
        String name = page ? "index.html" : file;
        InputStream content = SelfServicePage.class.getResourceAsStream(ROOT + name);
        if (content == null) {
            throw ApiError.notFound("This build of the extension has no self-service page file '" + name + "'");
        }
        CacheControl cache = new CacheControl();
        if (page) {
            cache.setNoStore(true);
        } else {
            cache.setMaxAge(31_536_000);
        }
        Response.ResponseBuilder response = Response.ok(content, TYPES.get(name.substring(name.lastIndexOf('.') + 1)))
                .cacheControl(cache)
                .header("X-Content-Type-Options", "nosniff");
        if (page) {
            // The page runs only its own scripts and talks only to this server.
            response.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' "
                    + "'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
                    .header("Referrer-Policy", "no-referrer");
        }
        return response.build();
    }
}
