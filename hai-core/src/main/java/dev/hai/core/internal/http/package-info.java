/**
 * HTTP plumbing shared by the cloud backends: one OkHttp execution helper that turns every
 * transport failure into a typed {@link dev.hai.core.spi.BackendException}, Retry-After parsing, the
 * shared default {@link okhttp3.OkHttpClient} and the shared Jackson mapper. Not API: may change in
 * any release.
 */
@NullMarked
package dev.hai.core.internal.http;

import org.jspecify.annotations.NullMarked;
