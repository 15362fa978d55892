package io.orgcredentials.keycloak.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.http.HttpRequest;

/**
 * Reads request bodies strictly and answers every way a body can be wrong with a 4xx that says what to fix:
 * wrong content type, too large, not UTF-8, not JSON, not an object, duplicate or unknown fields.
 */
public final class JsonBody {

    /** Far above any valid body; keeps hostile ones from being buffered. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBody() {
    }

    /**
     * Refuses a multipart body before Keycloak's HTTP layer reads it. Keycloak 26.4/26.5 parse a multipart body
     * ahead of a resource method that takes the raw body, and answer a malformed one with a 500 (their own token
     * endpoint does too); the extension's resource locators call this first, so such a request gets a clear 415.
     */
    public static void refuseMultipart(HttpRequest request) {
        MediaType type = request.getHttpHeaders().getMediaType();
        if (type != null && "multipart".equalsIgnoreCase(type.getType())) {
            throw ApiError.unsupportedMediaType("Send the request body as JSON with Content-Type: application/json "
                    + "(got a multipart body)");
        }
    }

    /** The body as a JSON object whose field names all belong to {@code allowedFields}. */
    public static ObjectNode readObject(HttpRequest request, InputStream body, Set<String> allowedFields) {
        requireJsonContentType(request);
        return parse(readAtMost(body), allowedFields);
    }

    /** Like {@link #readObject}, for a body that may be left out: no body at all (any content type) is {}. */
    public static ObjectNode readOptionalObject(HttpRequest request, InputStream body, Set<String> allowedFields) {
        byte[] bytes = readAtMost(body);
        if (bytes.length == 0) {
            return MAPPER.createObjectNode();
        }
        requireJsonContentType(request);
        return parse(bytes, allowedFields);
    }

    private static ObjectNode parse(byte[] bytes, Set<String> allowedFields) {
        String text = strictUtf8(bytes);
        JsonNode node;
        try {
            node = text.isEmpty() ? null : MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.invalidRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.invalidRequest("The request body could not be read");
        }
        if (node == null || node.isMissingNode()) {
            throw ApiError.invalidRequest("The request body is empty; send a JSON object");
        }
        if (!node.isObject()) {
            throw ApiError.invalidRequest("The request body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw ApiError.invalidRequest("Unknown field '" + PathInput.printable(name) + "'; allowed fields: "
                        + String.join(", ", allowedFields.stream().sorted().toList()));
            }
        }
        return (ObjectNode) node;
    }

    private static void requireJsonContentType(HttpRequest request) {
        MediaType type = request.getHttpHeaders().getMediaType();
        boolean json = type != null && ("json".equalsIgnoreCase(type.getSubtype())
                || type.getSubtype().toLowerCase().endsWith("+json"))
                && "application".equalsIgnoreCase(type.getType());
        if (!json) {
            throw ApiError.unsupportedMediaType("Send the request body as JSON with Content-Type: application/json"
                    + (type == null ? "" : " (got " + type.getType() + "/" + type.getSubtype() + ")"));
        }
    }

    /** RFC 8259: JSON on the wire is UTF-8; anything else (UTF-16, Latin-1, broken sequences) is refused. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.invalidRequest("The request body is not valid UTF-8 text");
        }
    }

    private static byte[] readAtMost(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw ApiError.tooLarge("The request body is larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.invalidRequest("The request body could not be read");
        }
    }
}
