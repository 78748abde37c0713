/** Implementation of the compliance report: gathering records and rendering them. Not API. */
@NullMarked
package dev.hai.governance.internal.report;

import org.jspecify.annotations.NullMarked;
