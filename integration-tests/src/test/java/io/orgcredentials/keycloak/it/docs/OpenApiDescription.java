package io.orgcredentials.keycloak.it.docs;

import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.orgcredentials.keycloak.it.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description as a test oracle: a real response must have a status the description lists for its
 * operation, and a body its schema accepts. Remembers which operations were checked, so a test can require all.
 */
final class OpenApiDescription {

    private final JsonNode document;
    private final Set<String> checked = new TreeSet<>();

    OpenApiDescription(String yaml) throws Exception {
        this.document = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    }

    JsonNode document() {
        return document;
    }

    /** Every operationId in the description. */
    Set<String> operations() {
        Set<String> ids = new TreeSet<>();
        document.get("paths").forEach(path -> path.fields().forEachRemaining(method -> {
            if (method.getValue().has("operationId")) {
                ids.add(method.getValue().get("operationId").asText());
            }
        }));
        return ids;
    }

    Set<String> checked() {
        return checked;
    }

    /** Asserts that the description documents this answer of {@code method uri}, body and all. */
    void check(String method, URI uri, Http.Result result) {
        Map.Entry<String, JsonNode> operation = operation(method, uri.getPath());
        String what = method + " " + uri.getPath() + " -> " + result;
        JsonNode documented = operation.getValue().path("responses").path(Integer.toString(result.status()));
        assertThat(documented.isMissingNode()).as("status documented for " + what).isFalse();
        JsonNode response = resolve(documented);
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (!schema.isMissingNode()) {
            Set<ValidationMessage> problems = validator(schema).validate(result.json());
            assertThat(problems).as("body of " + what + " against its schema").isEmpty();
        } else if (response.path("content").isMissingNode()) {
            assertThat(result.body()).as("no body documented for " + what).isEmpty();
        }
        checked.add(operation.getKey());
    }

    /** The operation whose path template matches, by its id. */
    private Map.Entry<String, JsonNode> operation(String method, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> template = paths.next();
            String regex = Pattern.quote(template.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) {
                JsonNode operation = template.getValue().path(method.toLowerCase());
                assertThat(operation.isMissingNode()).as(method + " " + path + " documented").isFalse();
                return Map.entry(operation.get("operationId").asText(), operation);
            }
        }
        throw new AssertionError("no path of the description matches " + method + " " + path);
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** A JSON Schema 2020-12 document holding the schema and the description's components, for local $refs. */
    private com.networknt.schema.JsonSchema validator(JsonNode schema) {
        ObjectNode wrapper = new ObjectMapper().createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.setAll((ObjectNode) schema.deepCopy());
        wrapper.set("components", document.get("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(wrapper);
    }
}
