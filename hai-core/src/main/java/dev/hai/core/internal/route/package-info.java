/** The route stage, the shadow pool and the route files. */
@NullMarked
package dev.hai.core.internal.route;

import org.jspecify.annotations.NullMarked;
