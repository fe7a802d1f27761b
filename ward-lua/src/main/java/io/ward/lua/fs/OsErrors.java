package io.ward.lua.fs;

import io.ward.lua.OsErrorText;

/**
 * Stateless and thread-safe: {@link OsErrorText} plus the failures {@code ward.fs} raises
 * itself (bad names, its own checks), whose messages are already in upstream's words
 * (ward-fs.md section 8 item 13).
 */
final class OsErrors {
    private OsErrors() {
    }

    /** The upstream text for {@code e}. */
    static String text(Throwable e) {
        if (e instanceof FileNames.BadName || e instanceof FsFailure) {
            return e.getMessage();
        }
        return OsErrorText.of(e);
    }

    /** Whether {@code e} means "nothing there". */
    static boolean isNotFound(Throwable e) {
        return OsErrorText.NOT_FOUND.equals(text(e));
    }
}
