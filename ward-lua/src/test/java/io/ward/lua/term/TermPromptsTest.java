package io.ward.lua.term;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the prompt scripts of {@code src/test/lua/stdin} on both engines with a pipe-like stdin
 * that the script fills itself ({@code feed(s)}, {@code feed_end()} for one end of input), so
 * a prompt can wait on input that is not there yet; the stdout each script wrote (the prompt
 * texts) must equal its {@code .stdout} file.
 */
@Timeout(120)
class TermPromptsTest {
    static final Path DIR = Paths.get("src/test/lua/stdin");

    static List<Object[]> cases() {
        List<Object[]> cases = new java.util.ArrayList<>();
        for (FiberEngine e : Engines.runnable()) {
            for (String script : List.of("term_prompts")) {
                cases.add(new Object[] {e, script});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{1} [{0}]")
    @MethodSource("cases")
    void script(FiberEngine engine, String script) throws Exception {
        Feed feed = new Feed();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (WardRuntime rt = WardRuntime.builder().engine(engine).commandLineModules()
                .modulePath(Paths.get("src/test/lua/lib")).stdin(feed)
                .stdout(new PrintStream(out, true, StandardCharsets.UTF_8))
                .stderr(new PrintStream(err, true, StandardCharsets.UTF_8))
                .function("feed", args -> feed.add(((String) args[0]).getBytes(StandardCharsets.UTF_8)))
                .function("feed_end", args -> feed.add(Feed.END)).build()) {
            Future<Varargs> f = rt.runFile(DIR.resolve(script + ".lua"));
            if (!f.await(100, TimeUnit.SECONDS)) {
                fail(script + " did not finish on " + engine.name());
            }
            if (!f.isSuccess()) {
                fail(script + " failed on " + engine.name() + ": " + f.cause().getMessage()
                        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8), f.cause());
            }
        }
        String expected = Files.readString(DIR.resolve(script + ".stdout"), StandardCharsets.UTF_8);
        assertEquals(expected, out.toString(StandardCharsets.UTF_8), "what the prompts wrote, in order");
    }

    /** A pipe-like input: each read blocks until the script adds a chunk; {@link #END} is one end of input. */
    static final class Feed extends InputStream {
        static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;

        boolean add(byte[] chunk) {
            chunks.add(chunk);
            return true;
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            try {
                while (pos == current.length) {
                    current = chunks.take();
                    pos = 0;
                    if (current == END) {
                        return -1;
                    }
                }
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
