package io.orgcredentials.keycloak.theme;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console tab's and the self-service page's texts: every language the extension ships has every English key, no
 * empty text, and the same {{placeholders}} as the English text, so that no user sees a key or loses a number.
 */
class MessageBundlesTest {

    private static final Path MESSAGES = Path.of("src/main/resources/theme/org-client-credentials/admin/messages");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)\\}\\}");
    /** Keycloak's bundle names, as its own admin console names them (zh_Hans, not zh_CN). */
    static final Set<String> REQUIRED = Set.of("de", "es", "fr", "ja", "pt_BR", "zh_Hans");

    static Stream<String> languages() throws IOException {
        try (Stream<Path> files = Files.list(MESSAGES)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("messages_") && !name.equals("messages_en.properties"))
                    .map(name -> name.substring("messages_".length(), name.length() - ".properties".length()))
                    .sorted().toList().stream();
        }
    }

    private static Properties load(String language) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(MESSAGES.resolve("messages_" + language + ".properties"),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void everyRequiredLanguageIsShipped() throws IOException {
        assertThat(languages()).containsAll(REQUIRED);
    }

    @ParameterizedTest
    @MethodSource("languages")
    void aTranslationHasEveryKeyAndPlaceholderOfTheEnglishText(String language) throws IOException {
        Properties english = load("en");
        Properties translation = load(language);
        assertThat(translation.stringPropertyNames()).as("keys of messages_%s", language)
                .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        for (String key : english.stringPropertyNames()) {
            String text = translation.getProperty(key);
            assertThat(text).as("%s in messages_%s", key, language).isNotBlank();
            assertThat(placeholders(text)).as("placeholders of %s in messages_%s", key, language)
                    .isEqualTo(placeholders(english.getProperty(key)));
        }
    }

    @ParameterizedTest
    @MethodSource("languages")
    void aTranslationIsValidUtf8AndReadsAsKeycloakReadsIt(String language) throws IOException {
        byte[] bytes = Files.readAllBytes(MESSAGES.resolve("messages_" + language + ".properties"));
        assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString())
                .doesNotContain("\uFFFD");
    }
}
