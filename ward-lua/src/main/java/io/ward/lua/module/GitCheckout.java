package io.ward.lua.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code module.git} checkout: runs the {@code git} program into a scratch directory.
 * Blocking (it waits for {@code git}): run it on the blocking pool. Immutable; each call
 * is independent.
 *
 * @param selectorKind {@code "rev"}, {@code "branch"}, {@code "tag"} or {@code null} (HEAD)
 * @param depth 0 for a full clone
 * @param timeoutNanos 0 for none
 * @param maxBytes 0 for no limit on the checkout's size
 */
record GitCheckout(String url, String selectorKind, String selectorValue, int depth, boolean recursive,
        boolean filterBlobs, long timeoutNanos, long maxBytes) {

    /** The store selector: {@code rev:<rev>}, {@code branch:<b>}, {@code tag:<t>} or {@code head}. */
    String selector() {
        return selectorKind == null ? "head" : selectorKind + ":" + selectorValue;
    }

    /** Blocking: checks out into {@code dir} (empty, existing); {@code null} on success, else why not. */
    String into(Path dir) {
        List<String> clone = new ArrayList<>(List.of("git", "clone", "--quiet"));
        if (depth > 0) {
            clone.add("--depth");
            clone.add(Integer.toString(depth));
        }
        if ("branch".equals(selectorKind) || "tag".equals(selectorKind)) {
            clone.add("--branch");
            clone.add(selectorValue);
        }
        if (recursive) {
            clone.add("--recurse-submodules");
        }
        if (filterBlobs) {
            clone.add("--filter=blob:none");
        }
        clone.add("--");
        clone.add(url);
        clone.add(dir.toString());
        String failed = git(clone, null);
        if (failed == null && "rev".equals(selectorKind)) {
            if (git(List.of("git", "checkout", "--quiet", "--detach", selectorValue), dir) != null) {
                // a shallow clone may lack the revision: fetch just it
                List<String> fetch = new ArrayList<>(List.of("git", "fetch", "--quiet"));
                if (depth > 0) {
                    fetch.add("--depth");
                    fetch.add(Integer.toString(depth));
                }
                fetch.addAll(List.of("origin", selectorValue));
                failed = git(fetch, dir);
                if (failed == null) {
                    failed = git(List.of("git", "checkout", "--quiet", "--detach", "FETCH_HEAD"), dir);
                }
            }
        }
        if (failed == null && maxBytes > 0) {
            long size = size(dir);
            if (size > maxBytes) {
                failed = "checkout is " + size + " bytes, more than max_bytes (" + maxBytes + ")";
            }
        }
        return failed;
    }

    /** Runs one git command; {@code null} when it succeeded, else its error text. */
    private String git(List<String> cmd, Path cwd) {
        Path errors = null;
        Process p = null;
        try {
            errors = Files.createTempFile("ward-git", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile());
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            pb.environment().put("GIT_TERMINAL_PROMPT", "0"); // never wait for a password on the terminal
            p = pb.start();
            p.getOutputStream().close();
            boolean ended = timeoutNanos > 0 ? p.waitFor(timeoutNanos, TimeUnit.NANOSECONDS) : p.waitFor() >= 0;
            if (!ended) {
                p.destroyForcibly();
                return "git " + cmd.get(1) + " timed out after " + (timeoutNanos / 1_000_000_000.0) + " s";
            }
            if (p.exitValue() == 0) {
                return null;
            }
            String text = new String(Files.readAllBytes(errors), StandardCharsets.UTF_8).trim();
            return "git " + cmd.get(1) + " failed (exit " + p.exitValue() + ")" + (text.isEmpty() ? "" : ": " + text);
        } catch (IOException e) {
            return "cannot run git: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "git " + cmd.get(1) + " interrupted";
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException e) {
                    // a temporary file left behind
                }
            }
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
