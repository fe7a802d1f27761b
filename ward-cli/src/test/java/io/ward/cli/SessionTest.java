package io.ward.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Session}'s watchdog: a limit or signal that arrives while the session is closing (the
 * memory guard measured the heap as the script ended on its own: a CI failure printed a
 * {@code RejectedExecutionException} from the guard's thread) is dropped quietly.
 */
class SessionTest {
    @Test
    void aSignalAfterCloseIsDropped() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session s = new Session(new Options(), err, err, false);
        s.close();
        assertDoesNotThrow(() -> s.runtime().shutdown().endingSignal(130));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
