package io.ward.lua.fs;

import java.io.IOException;

/**
 * A file-system failure whose text is already the one Lua sees (an upstream fixed message or an
 * OS error text). Immutable.
 */
final class FsFailure extends IOException {
    private static final long serialVersionUID = 1L;

    FsFailure(String text) {
        super(text, null);
    }
}
