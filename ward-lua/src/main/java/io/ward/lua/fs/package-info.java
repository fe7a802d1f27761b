/**
 * The {@code ward.fs} and {@code ward.fs.path} modules: files, directories, links and paths
 * (spec: ward-fs.md).
 *
 * <p>Threading: the module tables, {@code Path} userdata and argument conversion are confined to
 * the runtime's context; every file-system call runs off the loop, as one job on the runtime's
 * {@link io.ward.lua.WardRuntime#blockingPool() blocking pool} (or, for a FIFO or device that may
 * wait forever, on a thread of its own), while only the calling task is suspended
 * ({@link io.ward.lua.fs.FsJobs}). The blocking classes ({@code Predicates}, {@code Mutations},
 * {@code Removal}, {@code FileContents}, {@code Listing}, {@code Glob}, {@code TempDirs}) are
 * stateless and touch no Lua value.
 *
 * <p>File names are bytes end to end: {@link io.ward.lua.fs.FileNames} maps a Lua string to the
 * file with exactly those bytes and back, whatever the JVM's {@code sun.jnu.encoding}.
 */
package io.ward.lua.fs;
