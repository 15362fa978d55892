package io.orgcredentials.keycloak.http;

/** What the API does with ids that callers put in a path: whether they can name anything, and how to echo them. */
public final class PathInput {

    private PathInput() {
    }

    /**
     * Whether a path parameter can name anything at all: Keycloak's ids and clientIds are short and printable,
     * and some databases refuse NUL characters outright, so anything else is answered without a lookup.
     */
    public static boolean isPlausibleId(String id) {
        return id != null && !id.isEmpty() && id.length() <= 255
                && id.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }

    /** For echoing caller input in a message: no control characters, bounded length. */
    public static String printable(String text) {
        String cleaned = String.valueOf(text).codePoints()
                .map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 60 ? cleaned.substring(0, 60) + "…" : cleaned;
    }
}
