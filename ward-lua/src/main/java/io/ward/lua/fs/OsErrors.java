package io.ward.lua.fs;

import io.ward.lua.OsErrorText;

/**
 * Stateless and thread-safe: {@link OsErrorText} plus the failures {@code ward.fs} raises
 * itself (bad names, its own checks), whose messages are already in upstream's words
 * (ward-fs.md section 8 item 13).
 */
final class OsErrors {
    static final String NOT_FOUND = OsErrorText.NOT_FOUND;
    static final String PERMISSION = OsErrorText.PERMISSION;
    static final String EXISTS = OsErrorText.EXISTS;
    static final String CROSS_DEVICE = OsErrorText.CROSS_DEVICE;
    static final String NOT_DIR = OsErrorText.NOT_DIR;
    static final String IS_DIR = OsErrorText.IS_DIR;
    static final String INVALID = OsErrorText.INVALID;
    static final String NOT_EMPTY = OsErrorText.NOT_EMPTY;
    static final String LOOP = OsErrorText.LOOP;
    static final String NOT_SUPPORTED = OsErrorText.NOT_SUPPORTED;

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
        return NOT_FOUND.equals(text(e));
    }
}
