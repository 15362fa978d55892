package io.orgcredentials.keycloak.jsontoken;

import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The caller's request as Keycloak's token endpoint expects it: the same headers (so HTTP Basic, the client
 * certificate, the origin all still count), but a form body built from the JSON one.
 */
final class FormRequest implements HttpRequest {

    private final HttpRequest original;
    private final MultivaluedMap<String, String> form;
    private final HttpHeaders headers;

    FormRequest(HttpRequest original, MultivaluedMap<String, String> form) {
        this.original = original;
        this.form = form;
        this.headers = new FormHeaders(original.getHttpHeaders());
    }

    @Override
    public String getHttpMethod() {
        return original.getHttpMethod();
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return form;
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return headers;
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return original.getClientCertificateChain();
    }

    @Override
    public UriInfo getUri() {
        return original.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return original.isProxyTrusted();
    }

    /** The original headers with Content-Type: application/x-www-form-urlencoded. */
    private static final class FormHeaders implements HttpHeaders {

        private final HttpHeaders original;
        private final MultivaluedMap<String, String> all;

        FormHeaders(HttpHeaders original) {
            this.original = original;
            this.all = new MultivaluedHashMap<>();
            original.getRequestHeaders().forEach((name, values) -> {
                if (!CONTENT_TYPE.equalsIgnoreCase(name) && !CONTENT_LENGTH.equalsIgnoreCase(name)) {
                    all.put(name, values);
                }
            });
            all.putSingle(CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED);
        }

        @Override
        public List<String> getRequestHeader(String name) {
            if (CONTENT_TYPE.equalsIgnoreCase(name)) {
                return List.of(MediaType.APPLICATION_FORM_URLENCODED);
            }
            return CONTENT_LENGTH.equalsIgnoreCase(name) ? null : original.getRequestHeader(name);
        }

        @Override
        public String getHeaderString(String name) {
            if (CONTENT_TYPE.equalsIgnoreCase(name)) {
                return MediaType.APPLICATION_FORM_URLENCODED;
            }
            return CONTENT_LENGTH.equalsIgnoreCase(name) ? null : original.getHeaderString(name);
        }

        @Override
        public MultivaluedMap<String, String> getRequestHeaders() {
            return all;
        }

        @Override
        public List<MediaType> getAcceptableMediaTypes() {
            return original.getAcceptableMediaTypes();
        }

        @Override
        public List<Locale> getAcceptableLanguages() {
            return original.getAcceptableLanguages();
        }

        @Override
        public MediaType getMediaType() {
            return MediaType.APPLICATION_FORM_URLENCODED_TYPE;
        }

        @Override
        public Locale getLanguage() {
            return original.getLanguage();
        }

        @Override
        public Map<String, Cookie> getCookies() {
            return original.getCookies();
        }

        @Override
        public Date getDate() {
            return original.getDate();
        }

        @Override
        public int getLength() {
            return -1;
        }
    }
}
